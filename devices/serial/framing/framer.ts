/**
 * The common shape of the framing streams: bytes in, one object per frame out, and counters of
 * everything that was dropped. Framers never throw on bad input: garbage, partial frames, bad
 * checksums and oversized frames are dropped and counted, and parsing resynchronises.
 */
import { Transform, type TransformCallback } from 'node:stream';

/** What a framer dropped and kept since it was created. */
export interface FramingStats {
  /** frames emitted. */
  frames: number;
  /** bytes skipped outside any frame (line noise, a partial frame cut by reset()). */
  garbageBytes: number;
  /** frames whose checksum did not match. */
  badChecksum: number;
  /** frames with a bad end marker or structure. */
  malformed: number;
  /** frames longer than the framer's limit. */
  oversized: number;
}

/** A fresh all-zero FramingStats. */
export function emptyStats(): FramingStats {
  return { frames: 0, garbageBytes: 0, badChecksum: 0, malformed: 0, oversized: 0 };
}

/** Base of the framing streams: a Transform from bytes to frames of type F. */
export abstract class Framer<F> extends Transform {
  /** counters; read them for health, never reset. */
  readonly stats: FramingStats = emptyStats();

  constructor() {
    super({ readableObjectMode: true });
  }

  /** Feeds a chunk; the frames it completes are returned (the stream path pushes the same frames). */
  abstract feed(chunk: Buffer): F[];

  /** Drops a partially received frame, e.g. after a reconnect (its bytes count as garbage). */
  abstract reset(): void;

  /** Subscribes to frames with a typed listener; returns the unsubscribe function. */
  onFrame(listener: (frame: F) => void): () => void {
    this.on('data', listener);
    return () => this.off('data', listener);
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    for (const frame of this.feed(chunk)) this.push(frame);
    callback();
  }
}
