/**
 * The owner's handle on a simulated barcode scanner: in this process on the mock binding
 * (default), or in its own process on a socat pty pair (`pty: true`, simulator-cli.ts). Start it,
 * point a scanner at `gatewayPath` (with `openPort`), then send scans.
 */
import { InProcessSimulator } from '../serial/in-process-sim';
import { SimulatorFront } from '../serial/sim-handle';
import { SimulatorProcess, simulatorScript } from '../serial/sim-process';
import { ScannerSimDevice } from './sim-device';

/** Simulator settings. */
export interface ScannerSimulatorOptions {
  /** line terminator (default crlf). */
  eol?: 'crlf' | 'cr' | 'lf';
  /** the demo: these scans, one every `autoEveryMs`. */
  autoScans?: string[];
  autoEveryMs?: number;
  /** the first scan comes this long after start. */
  autoDelayMs?: number;
  /** run in its own process on a socat pty pair instead of in-process. */
  pty?: boolean;
}

/** A simulated barcode scanner. */
export class ScannerSimulator extends SimulatorFront {
  constructor(options: ScannerSimulatorOptions = {}) {
    const eol = options.eol ?? 'crlf';
    const host = options.pty
      ? new SimulatorProcess({ script: simulatorScript(__dirname), args: ['--eol', eol] })
      : new InProcessSimulator({
          name: 'scanner',
          device: (io) => new ScannerSimDevice(io, ScannerSimDevice.eolOf(eol)),
        });
    const hex = (options.autoScans ?? []).map((s) => Buffer.from(s, 'utf8').toString('hex')).join(',');
    const auto = hex ? `auto ${options.autoEveryMs ?? 5000} ${hex}` : undefined;
    super(host, { autoCommand: auto, autoDelayMs: options.autoDelayMs });
  }

  /** One scan, byte-exact (GS and symbology identifiers included), then the terminator. */
  async sendScan(text: string | Buffer): Promise<void> {
    const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
    await this.command(`scan-hex ${bytes.toString('hex')}`);
  }

  /** One line of `bytes` bytes of noise. */
  async sendGarbage(bytes = 16): Promise<void> {
    await this.command(`garbage ${bytes}`);
  }

  /** Bytes exactly as given (no terminator). */
  async sendRaw(bytes: Buffer): Promise<void> {
    await this.command(`raw ${bytes.toString('hex')}`);
  }
}
