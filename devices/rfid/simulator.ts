/**
 * The owner's handle on a simulated RFID reader: in this process on the mock binding (default), or
 * in its own process on a socat pty pair (`pty: true`, simulator-cli.ts). Start it, point a
 * reader at `gatewayPath` (with `openPort`), then drive it.
 */
import { InProcessSimulator } from '../serial/in-process-sim';
import { SimulatorFront } from '../serial/sim-handle';
import { SimulatorProcess, simulatorScript } from '../serial/sim-process';
import { RfidSimDevice, type SimReaderProtocol } from './sim-device';

/** Simulator settings. */
export interface RfidSimulatorOptions {
  protocol?: SimReaderProtocol;
  /** the demo: one of these EPCs passes by every `autoEveryMs`. */
  autoTags?: string[];
  autoEveryMs?: number;
  /** raw reads per pass (default 5). */
  autoReads?: number;
  /** the first tag passes this long after start (a station further down the line). */
  autoDelayMs?: number;
  /** run in its own process on a socat pty pair instead of in-process. */
  pty?: boolean;
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
export class RfidSimulator extends SimulatorFront {
  constructor(options: RfidSimulatorOptions = {}) {
    const protocol = options.protocol ?? 'uhf-bb7e';
    const host = options.pty
      ? new SimulatorProcess({ script: simulatorScript(__dirname), args: ['--protocol', protocol] })
      : new InProcessSimulator({ name: 'rfid', device: (io) => new RfidSimDevice(protocol, io) });
    const auto = options.autoTags?.length
      ? `auto ${options.autoEveryMs ?? 5000} ${options.autoTags.join(',')} ${options.autoReads ?? 5}`
      : undefined;
    super(host, { autoCommand: auto, autoDelayMs: options.autoDelayMs });
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
