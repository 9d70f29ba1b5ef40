/**
 * The parent's handle on a simulated RFID reader in its own process (simulator-cli.ts on a socat
 * pty pair): start it, point a reader at `gatewayPath`, then drive it.
 */
import { SimulatorProcess, simulatorScript } from '../serial/sim-process';
import type { SimReaderProtocol } from './sim-device';

/** Simulator settings. */
export interface RfidSimulatorOptions {
  protocol?: SimReaderProtocol;
  /** the demo: one of these EPCs passes by every `autoEveryMs`. */
  autoTags?: string[];
  autoEveryMs?: number;
  /** raw reads per pass (default 5). */
  autoReads?: number;
}

/** How a tag is read. */
export interface SimTagOptions {
  /** dBm (default -50). */
  rssi?: number;
  /** ascii-lines only (default 1); uhf-bb7e modules report no antenna. */
  antenna?: number;
  /** raw reads (default 1). */
  count?: number;
}

/** A simulated RFID reader. */
export class RfidSimulator extends SimulatorProcess {
  constructor(options: RfidSimulatorOptions = {}) {
    const args = ['--protocol', options.protocol ?? 'uhf-bb7e'];
    if (options.autoTags?.length) {
      args.push(
        '--auto-every',
        String(options.autoEveryMs ?? 5000),
        '--auto-tags',
        options.autoTags.join(','),
      );
      args.push('--auto-reads', String(options.autoReads ?? 5));
    }
    super({ script: simulatorScript(__dirname), args });
  }

  /** The tag is read `count` times (uhf-bb7e: once the gateway polls). */
  async sendTag(epc: string, options: SimTagOptions = {}): Promise<void> {
    const { rssi = -50, antenna = 1, count = 1 } = options;
    await this.command(`tag ${epc} ${rssi} ${antenna} ${count}`);
  }

  /** `bytes` bytes of line noise. */
  async sendGarbage(bytes = 16): Promise<void> {
    await this.command(`garbage ${bytes}`);
  }

  /** One frame with a bad checksum (ascii-lines: one line that is no tag). */
  async sendBadFrame(): Promise<void> {
    await this.command('badframe');
  }

  /** Bytes exactly as given. */
  async sendRaw(bytes: Buffer): Promise<void> {
    await this.command(`raw ${bytes.toString('hex')}`);
  }
}
