/**
 * STX/ETX framing of printer answers. Every ~HS string and the ~HQES answer is sent as
 * <STX> text <ETX> followed by CR LF (ZPL manual, ~HS "Host Status Return"). Frames may be split
 * across chunks, and bytes outside frames (CR, LF, noise) are dropped.
 */

const STX = 0x02;
const ETX = 0x03;
/** a frame longer than this without ETX is noise: a ~HQES answer is about 100 bytes. */
const MAX_FRAME = 4096;

/** Incremental STX/ETX parser: push chunks, get complete frame texts (without STX/ETX). */
export class StxEtxFramer {
  private buffer: number[] = [];
  private inFrame = false;

  /** Feeds one chunk; returns the frames completed by it, in order. */
  push(chunk: Uint8Array): string[] {
    const frames: string[] = [];
    for (const byte of chunk) {
      if (byte === STX) {
        // A new STX restarts the frame: the previous one was cut off.
        this.inFrame = true;
        this.buffer = [];
      } else if (!this.inFrame) {
        continue;
      } else if (byte === ETX) {
        frames.push(Buffer.from(this.buffer).toString('latin1'));
        this.inFrame = false;
        this.buffer = [];
      } else if (this.buffer.length >= MAX_FRAME) {
        this.inFrame = false;
        this.buffer = [];
      } else {
        this.buffer.push(byte);
      }
    }
    return frames;
  }

  /** Drops a partial frame (after a reconnect). */
  reset(): void {
    this.inFrame = false;
    this.buffer = [];
  }
}
