/**
 * STX ... ETX frames (0x02 payload 0x03), optionally followed by a BCC: the XOR of every byte
 * after STX up to and including ETX, as most STX/ETX device protocols define it. Bytes outside a
 * frame are garbage; an STX inside a frame restarts it (the cut frame counts as malformed).
 */
import { Framer } from './framer';

const STX = 0x02;
const ETX = 0x03;

/** STX/ETX framer settings. */
export interface StxEtxFramerOptions {
  /** a BCC byte follows ETX (default false). */
  bcc?: boolean;
  /** longest payload kept, in bytes (default 1024). */
  maxLength?: number;
}

/** Emits the payload between STX and ETX of each valid frame. */
export class StxEtxFramer extends Framer<Buffer> {
  private payload: number[] = [];
  private inFrame = false;
  private awaitingBcc = false;

  constructor(private readonly options: StxEtxFramerOptions = {}) {
    super();
  }

  feed(chunk: Buffer): Buffer[] {
    const out: Buffer[] = [];
    for (const b of chunk) {
      if (this.awaitingBcc) this.checkBcc(b, out);
      else if (b === STX) this.begin();
      else if (!this.inFrame) this.stats.garbageBytes++;
      else if (b === ETX) this.closeFrame(out);
      else if (this.payload.length >= (this.options.maxLength ?? 1024)) {
        this.stats.oversized++;
        this.stats.garbageBytes += this.payload.length + 1;
        this.inFrame = false;
        this.payload = [];
      } else this.payload.push(b);
    }
    return out;
  }

  reset(): void {
    if (this.inFrame || this.awaitingBcc) this.stats.garbageBytes += this.payload.length + 1;
    this.payload = [];
    this.inFrame = false;
    this.awaitingBcc = false;
  }

  private begin(): void {
    if (this.inFrame) {
      this.stats.malformed++; // a new STX before ETX: the previous frame was cut short
      this.stats.garbageBytes += this.payload.length + 1;
    }
    this.inFrame = true;
    this.payload = [];
  }

  private closeFrame(out: Buffer[]): void {
    if (this.options.bcc) {
      this.awaitingBcc = true;
      return;
    }
    this.emitFrame(out);
  }

  private checkBcc(b: number, out: Buffer[]): void {
    this.awaitingBcc = false;
    let bcc = ETX;
    for (const p of this.payload) bcc ^= p;
    if (bcc === b) return this.emitFrame(out);
    this.stats.badChecksum++;
    this.inFrame = false;
    this.payload = [];
  }

  private emitFrame(out: Buffer[]): void {
    out.push(Buffer.from(this.payload));
    this.stats.frames++;
    this.inFrame = false;
    this.payload = [];
  }
}
