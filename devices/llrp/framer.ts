/**
 * LLRP framing (LLRP 1.0.1 §4.1): every message starts with a 10-byte header
 *   Rsvd(3 bits) Ver(3 bits) MessageType(10 bits) | MessageLength(32) | MessageID(32)
 * where MessageLength counts the whole message, header included. TCP carries several messages
 * per chunk or one message across chunks; this framer cuts them apart. A header with another
 * version or an impossible length means the stream is not LLRP (or lost sync): there is no marker
 * to resynchronise on, so the framer reports it and the connection must be dropped.
 */
import { Framer } from '../serial/framing/framer';

/** LLRP header length in bytes. */
export const LLRP_HEADER_BYTES = 10;
/** The protocol version this driver speaks (LLRP 1.0.1). */
export const LLRP_VERSION = 1;

/** Framer settings. */
export interface LlrpFramerOptions {
  /** longest message accepted (default 16 MiB); a reader's buffered report can be large. */
  maxLength?: number;
}

/** Splits a TCP byte stream into whole LLRP messages (header included). */
export class LlrpFramer extends Framer<Buffer> {
  private pending: Buffer = Buffer.alloc(0);
  private broken = false;

  constructor(private readonly options: LlrpFramerOptions = {}) {
    super();
  }

  /** true after a header that cannot be LLRP: later bytes are dropped until reset(). */
  get desynchronised(): boolean {
    return this.broken;
  }

  feed(chunk: Buffer): Buffer[] {
    if (this.broken) {
      this.stats.garbageBytes += chunk.length;
      return [];
    }
    const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: Buffer[] = [];
    let i = 0;
    while (buf.length - i >= LLRP_HEADER_BYTES) {
      const version = (buf[i] >> 2) & 0x07;
      const length = buf.readUInt32BE(i + 2);
      if (version !== LLRP_VERSION || length < LLRP_HEADER_BYTES) {
        this.stats.malformed++;
        return this.desync(buf, i, out);
      }
      if (length > (this.options.maxLength ?? 16 * 1024 * 1024)) {
        this.stats.oversized++;
        return this.desync(buf, i, out);
      }
      if (buf.length - i < length) break;
      out.push(buf.subarray(i, i + length));
      this.stats.frames++;
      i += length;
    }
    this.pending = i === buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(i));
    return out;
  }

  reset(): void {
    this.stats.garbageBytes += this.pending.length;
    this.pending = Buffer.alloc(0);
    this.broken = false;
  }

  private desync(buf: Buffer, at: number, complete: Buffer[]): Buffer[] {
    this.broken = true;
    this.stats.garbageBytes += buf.length - at;
    this.pending = Buffer.alloc(0);
    return complete; // messages completed before the bad header are good
  }
}
