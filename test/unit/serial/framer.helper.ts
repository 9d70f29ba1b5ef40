/**
 * Feeding framers the way a serial port does: in arbitrary chunks. `framesVia` writes chunks into
 * the stream and collects what a sinon spy on 'data' saw; the split helpers cut a buffer at every
 * byte boundary.
 */
import sinon from 'sinon';
import type { Framer } from '../../../devices/serial/framing/framer';

/** Writes `chunks` into the framer, ends it, and returns every frame its 'data' event carried. */
export async function framesVia<F>(framer: Framer<F>, chunks: Buffer[]): Promise<F[]> {
  const spy = sinon.spy();
  framer.on('data', spy);
  const ended = new Promise<void>((resolve, reject) => {
    framer.once('end', () => resolve());
    framer.once('error', reject);
  });
  for (const c of chunks) framer.write(c);
  framer.end();
  await ended;
  return spy.args.map((a) => a[0] as F);
}

/** Every way to cut `bytes` into two non-empty chunks, plus one byte at a time. */
export function everySplit(bytes: Buffer): Buffer[][] {
  const cuts: Buffer[][] = [];
  for (let i = 1; i < bytes.length; i++) cuts.push([bytes.subarray(0, i), bytes.subarray(i)]);
  cuts.push([...bytes].map((b) => Buffer.from([b])));
  return cuts;
}

/** `count` random cuts of `bytes` into up to 6 chunks (seeded, so failures reproduce). */
export function randomSplits(bytes: Buffer, count: number, seed = 7): Buffer[][] {
  let s = seed;
  const rand = (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
  const out: Buffer[][] = [];
  for (let k = 0; k < count; k++) {
    const points = [...new Set(Array.from({ length: rand(6) }, () => rand(bytes.length)))].sort(
      (a, b) => a - b,
    );
    const chunks: Buffer[] = [];
    let at = 0;
    for (const p of [...points, bytes.length]) {
      if (p > at) chunks.push(bytes.subarray(at, p));
      at = Math.max(at, p);
    }
    out.push(chunks);
  }
  return out;
}

/** Deterministic pseudo-random bytes (line noise). */
export function noise(n: number, seed = 99): Buffer {
  let s = seed;
  const out = Buffer.alloc(n);
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}
