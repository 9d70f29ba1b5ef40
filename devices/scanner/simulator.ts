/**
 * The parent's handle on a simulated barcode scanner in its own process (simulator-cli.ts on a
 * socat pty pair): start it, point a scanner at `gatewayPath`, then send scans.
 */
import { SimulatorProcess, simulatorScript } from '../serial/sim-process';

/** Simulator settings. */
export interface ScannerSimulatorOptions {
  /** line terminator (default crlf). */
  eol?: 'crlf' | 'cr' | 'lf';
  /** the demo: these scans, one every `autoEveryMs`. */
  autoScans?: string[];
  autoEveryMs?: number;
}

/** A simulated barcode scanner. */
export class ScannerSimulator extends SimulatorProcess {
  constructor(options: ScannerSimulatorOptions = {}) {
    const args = ['--eol', options.eol ?? 'crlf'];
    if (options.autoScans?.length) {
      const hex = options.autoScans.map((s) => Buffer.from(s, 'utf8').toString('hex')).join(',');
      args.push('--auto-every', String(options.autoEveryMs ?? 5000), '--auto-hex', hex);
    }
    super({ script: simulatorScript(__dirname), args });
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
