/**
 * The frame of the common UHF RFID modules (the "BB ... 7E" serial protocol):
 *   BB type cmd lenH lenL params[len] checksum 7E
 * where checksum is the low byte of the sum of the bytes from type to the last parameter.
 * type 0x00 is a command, 0x01 a response, 0x02 a notice (a tag read during polling).
 * A frame with a bad checksum or end byte is dropped and counted; parsing resumes at the next
 * 0xBB after the bad frame's start, so a good frame hidden behind line noise is still found.
 */
import { Framer } from './framer';

export const BB7E_HEADER = 0xbb;
export const BB7E_END = 0x7e;

/** One checked frame. */
export interface Bb7eFrame {
  /** 0x00 command, 0x01 response, 0x02 notice. */
  type: number;
  command: number;
  params: Buffer;
}

/** BB7E framer settings. */
export interface Bb7eFramerOptions {
  /** largest parameter length accepted (default 512); the modules send at most a few dozen. */
  maxParams?: number;
}

/** Low byte of the sum of `bytes` (the BB7E checksum over type..last parameter). */
export function bb7eChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const b of bytes) sum += b;
  return sum & 0xff;
}

/** Encodes one frame. */
export function encodeBb7e(type: number, command: number, params: Uint8Array = Buffer.alloc(0)): Buffer {
  const frame = Buffer.alloc(params.length + 7);
  frame[0] = BB7E_HEADER;
  frame[1] = type;
  frame[2] = command;
  frame.writeUInt16BE(params.length, 3);
  frame.set(params, 5);
  frame[5 + params.length] = bb7eChecksum(frame.subarray(1, 5 + params.length));
  frame[6 + params.length] = BB7E_END;
  return frame;
}

/** Splits a byte stream into checked BB7E frames. */
export class Bb7eFramer extends Framer<Bb7eFrame> {
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly options: Bb7eFramerOptions = {}) {
    super();
  }

  feed(chunk: Buffer): Bb7eFrame[] {
    const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const out: Bb7eFrame[] = [];
    let i = 0;
    while (i < buf.length) {
      const start = buf.indexOf(BB7E_HEADER, i);
      if (start < 0) {
        this.stats.garbageBytes += buf.length - i;
        i = buf.length;
        break;
      }
      this.stats.garbageBytes += start - i;
      i = start;
      if (buf.length - i < 5) break; // header incomplete: wait for more bytes
      const len = buf.readUInt16BE(i + 3);
      if (len > (this.options.maxParams ?? 512)) {
        this.skipBad('oversized');
        i++;
        continue;
      }
      if (buf.length - i < len + 7) {
        // Incomplete. A false header in line noise would otherwise hold back the good frames
        // behind it until `len` more bytes arrive: if a complete valid frame follows, this is noise.
        if (!this.validFrameAfter(buf, i)) break;
        this.skipBad('malformed');
        i++;
        continue;
      }
      const problem = this.check(buf, i, len);
      if (problem) {
        this.skipBad(problem);
        i++;
        continue;
      }
      out.push({
        type: buf[i + 1],
        command: buf[i + 2],
        params: Buffer.from(buf.subarray(i + 5, i + 5 + len)),
      });
      this.stats.frames++;
      i += len + 7;
    }
    this.pending = i >= buf.length ? Buffer.alloc(0) : Buffer.from(buf.subarray(i));
    return out;
  }

  reset(): void {
    this.stats.garbageBytes += this.pending.length;
    this.pending = Buffer.alloc(0);
  }

  private validFrameAfter(buf: Buffer, i: number): boolean {
    for (let j = buf.indexOf(BB7E_HEADER, i + 1); j >= 0; j = buf.indexOf(BB7E_HEADER, j + 1)) {
      if (buf.length - j < 7) return false;
      const len = buf.readUInt16BE(j + 3);
      if (buf.length - j >= len + 7 && this.check(buf, j, len) === undefined) return true;
    }
    return false;
  }

  private check(buf: Buffer, i: number, len: number): 'malformed' | 'badChecksum' | undefined {
    if (buf[i + 6 + len] !== BB7E_END) return 'malformed';
    if (bb7eChecksum(buf.subarray(i + 1, i + 5 + len)) !== buf[i + 5 + len]) return 'badChecksum';
    return undefined;
  }

  private skipBad(problem: 'malformed' | 'badChecksum' | 'oversized'): void {
    this.stats[problem]++;
    this.stats.garbageBytes++; // the false header byte; the rest is rescanned
  }
}
