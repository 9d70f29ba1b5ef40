/**
 * Length-prefixed frames: optional sync bytes, a 1- or 2-byte length, then that many payload
 * bytes. With sync bytes the framer can resynchronise after garbage (it skips one byte at a time
 * until the sync matches again); without them every byte is taken as the start of a frame, so
 * use sync bytes whenever the device has them.
 */
import { Framer } from './framer';

/** Length-prefixed framer settings. */
export interface LengthPrefixedFramerOptions {
  /** bytes every frame starts with (default none). */
  sync?: readonly number[];
  /** size of the length field (default 1). */
  lengthBytes?: 1 | 2;
  /** a 2-byte length is little-endian (default big-endian). */
  littleEndian?: boolean;
  /** longest payload accepted (default 1024); a longer length is taken as garbage. */
  maxLength?: number;
}

/** Emits the payload of each frame. */
export class LengthPrefixedFramer extends Framer<Buffer> {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly options: LengthPrefixedFramerOptions = {}) {
    super();
  }

  feed(chunk: Buffer): Buffer[] {
    const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: Buffer[] = [];
    const sync = this.options.sync ?? [];
    const header = sync.length + (this.options.lengthBytes ?? 1);
    let i = 0;
    while (buf.length - i >= header) {
      if (!this.syncAt(buf, i, sync)) {
        this.stats.garbageBytes++;
        i++;
        continue;
      }
      const len = this.lengthAt(buf, i + sync.length);
      if (len > (this.options.maxLength ?? 1024)) {
        this.stats.oversized++;
        this.stats.garbageBytes++;
        i++; // resync from the next byte
        continue;
      }
      if (buf.length - i < header + len) break;
      out.push(Buffer.from(buf.subarray(i + header, i + header + len)));
      this.stats.frames++;
      i += header + len;
    }
    this.pending = Buffer.from(buf.subarray(i));
    return out;
  }

  reset(): void {
    this.stats.garbageBytes += this.pending.length;
    this.pending = Buffer.alloc(0);
  }

  private syncAt(buf: Buffer, i: number, sync: readonly number[]): boolean {
    for (let k = 0; k < sync.length; k++) if (buf[i + k] !== sync[k]) return false;
    return true;
  }

  private lengthAt(buf: Buffer, at: number): number {
    if ((this.options.lengthBytes ?? 1) === 1) return buf[at];
    return this.options.littleEndian ? buf.readUInt16LE(at) : buf.readUInt16BE(at);
  }
}
