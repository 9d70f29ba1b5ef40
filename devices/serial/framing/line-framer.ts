/**
 * Lines ended by CR, LF or CR LF (scanners and ASCII readers differ, and many can be configured
 * either way). Each non-empty line comes out as the exact bytes received, terminator removed, so
 * GS (0x1D) separators and symbology identifiers pass through untouched.
 */
import { Framer } from './framer';

const CR = 0x0d;
const LF = 0x0a;

/** Line framer settings. */
export interface LineFramerOptions {
  /** longest line kept, in bytes (default 4096); a longer one is dropped whole and counted as oversized. */
  maxLength?: number;
}

/** Splits a byte stream into lines; emits each line as a Buffer without its terminator. */
export class LineFramer extends Framer<Buffer> {
  private parts: Buffer[] = [];
  private length = 0;
  private overflowing = false;

  constructor(private readonly options: LineFramerOptions = {}) {
    super();
  }

  feed(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b !== CR && b !== LF) continue;
      this.append(chunk.subarray(start, i));
      this.endLine(out);
      start = i + 1;
    }
    this.append(chunk.subarray(start));
    return out;
  }

  /** true while part of a line is buffered (its first bytes came in an earlier chunk). */
  get midLine(): boolean {
    return this.length > 0 || this.overflowing;
  }

  reset(): void {
    this.stats.garbageBytes += this.length;
    this.parts = [];
    this.length = 0;
    this.overflowing = false;
  }

  private append(part: Buffer): void {
    if (part.length === 0 || this.overflowing) return;
    if (this.length + part.length > (this.options.maxLength ?? 4096)) {
      this.overflowing = true; // drop the whole line: half a barcode is worse than none
      this.parts = [];
      this.length = 0;
      return;
    }
    this.parts.push(Buffer.from(part)); // a copy: the caller may reuse its chunk
    this.length += part.length;
  }

  private endLine(out: Buffer[]): void {
    if (this.overflowing) {
      this.stats.oversized++;
      this.overflowing = false;
      return;
    }
    if (this.length === 0) return; // the LF of a CR LF pair, or a blank line
    out.push(this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.length));
    this.stats.frames++;
    this.parts = [];
    this.length = 0;
  }
}
