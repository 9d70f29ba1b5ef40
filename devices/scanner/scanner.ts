/**
 * A barcode scanner on a serial port (RS-232, or USB in CDC/virtual-COM mode): one scan per line
 * ended by CR, LF or CR LF. Lines are passed through as text, GS separators and symbology
 * identifiers included; lines of line noise and over-long lines are dropped and counted. A scan is
 * timed when its first byte arrived, so the station can tell which unit was present then.
 */
import { EventEmitter } from 'node:events';
import type { BarcodeScanner, DeviceContext, DeviceHealth, Scan } from '../../src/ports';
import type { BackoffOptions } from '../../src/util/backoff';
import { LineFramer } from '../serial/framing/line-framer';
import { ReconnectingLink, serialOpener, type PortLike, type SerialAddress } from '../link';
import { scanText } from './text';

/** Knobs that are not (yet) config keys. */
export interface ScannerTuning {
  /** longest scan kept, in bytes (default 4096). */
  maxLength?: number;
  backoff?: BackoffOptions;
  /** injectable port factory (tests). */
  openPort?: (address: SerialAddress) => PortLike;
}

/** Everything a serial scanner needs. */
export interface SerialScannerOptions {
  ctx: DeviceContext;
  address: SerialAddress;
  tuning?: ScannerTuning;
}

/** Events of a scanner. */
export interface ScannerEvents {
  scan: [scan: Scan];
}

interface Running {
  port: ReconnectingLink;
  framer: LineFramer;
  scans: number;
  noise: number;
  /** when the first byte of the line being received arrived. */
  lineStart: number;
}

/** A BarcodeScanner on a serial port. */
export class SerialScanner extends EventEmitter<ScannerEvents> implements BarcodeScanner {
  private running: Running | undefined;

  constructor(private readonly options: SerialScannerOptions) {
    super();
  }

  get name(): string {
    return this.options.ctx.name;
  }

  /** Opens the port (retrying in the background when the scanner is absent). Idempotent. */
  async start(): Promise<void> {
    if (this.running) return;
    const { ctx, address, tuning } = this.options;
    const port = new ReconnectingLink({
      opener: serialOpener({ ...address, openPort: tuning?.openPort }),
      backoff: tuning?.backoff,
      clock: ctx.clock,
    });
    const r: Running = {
      port,
      framer: new LineFramer({ maxLength: tuning?.maxLength ?? 4096 }),
      scans: 0,
      noise: 0,
      lineStart: 0,
    };
    this.running = r;
    port.on('data', (chunk) => this.received(r, chunk));
    port.on('open', () => {
      ctx.log.info({ path: address.path }, 'scanner connected');
      r.framer.reset(); // half a line from before the disconnect is not a scan
    });
    port.on('close', (err) =>
      ctx.log.warn({ path: address.path, err: err?.message }, 'scanner disconnected'),
    );
    await port.start();
  }

  /** Closes the port and removes every listener and timer it added. Idempotent. */
  async stop(): Promise<void> {
    const r = this.running;
    if (!r) return;
    this.running = undefined;
    r.port.removeAllListeners();
    await r.port.stop();
  }

  /** Connection state plus scan, noise and framing counters. */
  health(): DeviceHealth {
    const r = this.running;
    if (!r) return { ok: false, state: 'stopped' };
    const port = r.port.health();
    return {
      ok: port.ok,
      state: port.state,
      detail: { ...port.detail, ...r.framer.stats, scans: r.scans, noiseLines: r.noise },
    };
  }

  private received(r: Running, chunk: Buffer): void {
    const at = this.options.ctx.clock.now(); // when the bytes arrived, before any work on them
    // A line whose first bytes came earlier is timed then; every later line starts in this chunk.
    let start = r.framer.midLine ? r.lineStart : at;
    for (const line of r.framer.feed(chunk)) {
      this.line(r, line, start);
      start = at;
    }
    if (r.framer.midLine) r.lineStart = start;
  }

  private line(r: Running, line: Buffer, time: number): void {
    const text = scanText(line);
    if (text === undefined) {
      r.noise++;
      this.options.ctx.log.debug({ bytes: line.length }, 'scanner line dropped as noise');
      return;
    }
    r.scans++;
    this.emit('scan', { text, time });
  }
}
