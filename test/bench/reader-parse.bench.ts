/**
 * Reader frame parsing throughput next to raw pty read throughput, in the same run:
 *   1. raw pty read: the simulated uhf-bb7e reader (own process, socat pty pair) blasts tag
 *      notices; the gateway side only counts bytes. This is the wire's limit on this machine.
 *   2. the same bytes parsed in memory, in the chunk sizes the pty delivered: BB7E framing alone,
 *      then framing + notice decoding + duplicate filter (the reader's whole hot path).
 *   3. end to end: the simulator blasts again and the gateway side decodes as bytes arrive.
 * Figures: frames/s and MB/s. The parser should be far faster than the pty, so it is never
 * the bottleneck (a real module at 115200 baud delivers about 480 notices/s).
 */
import { SerialPort } from 'serialport';
import { DedupFilter } from '../../devices/rfid/dedup';
import { RfidSimDevice } from '../../devices/rfid/sim-device';
import { UhfBb7eDecoder } from '../../devices/rfid/protocols/uhf-bb7e';
import { RfidSimulator } from '../../devices/rfid/simulator';
import { Bb7eFramer } from '../../devices/serial/framing/bb7e-framer';
import type { SimIo } from '../../devices/serial/sim-cli';
import { machine, report } from './bench-lib';

const FRAMES = Number(process.env.BENCH_FRAMES ?? 200_000);
const EPCS = 100;
const MB = 1e6;

/** The exact bytes the simulator blasts, built with its own encoder. */
function blastBytes(): Buffer {
  const io: SimIo = { write: async () => undefined, say: () => undefined, arg: () => undefined };
  const device = new RfidSimDevice('uhf-bb7e', io);
  const reads = Array.from({ length: EPCS }, (_, i) =>
    device.encode(`E280${i.toString(16).toUpperCase().padStart(20, '0')}`, -40 - (i % 30), 1),
  );
  return Buffer.concat(Array.from({ length: FRAMES }, (_, i) => reads[i % EPCS]));
}

/** Reads the blast from the pty; `onChunk` sees every chunk. Resolves with seconds and chunk sizes. */
async function readBlast(
  sim: RfidSimulator,
  total: number,
  onChunk: (c: Buffer) => void,
): Promise<{ s: number; chunks: number[] }> {
  const port = new SerialPort({ path: sim.gatewayPath, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  const chunks: number[] = [];
  let got = 0;
  let t0 = 0n;
  const done = new Promise<bigint>((resolve) => {
    port.on('data', (c: Buffer) => {
      if (got === 0) t0 = process.hrtime.bigint();
      got += c.length;
      chunks.push(c.length);
      onChunk(c);
      if (got >= total) resolve(process.hrtime.bigint());
    });
  });
  await sim.command(`blast ${FRAMES} ${EPCS}`);
  const t1 = await done;
  await new Promise<void>((resolve) => port.close(() => resolve()));
  return { s: Number(t1 - t0) / 1e9, chunks };
}

/** Feeds `bytes` in the given chunk sizes through `feed`, best of 3 runs; seconds. */
function timeFeed(
  bytes: Buffer,
  sizes: number[],
  make: () => (c: Buffer) => number,
): { s: number; frames: number } {
  let best = Infinity;
  let frames = 0;
  for (let run = 0; run < 3; run++) {
    const feed = make();
    frames = 0;
    const t0 = process.hrtime.bigint();
    let at = 0;
    for (let i = 0; at < bytes.length; i = (i + 1) % sizes.length) {
      frames += feed(bytes.subarray(at, at + sizes[i]));
      at += sizes[i];
    }
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1e9);
  }
  return { s: best, frames };
}

async function main(): Promise<void> {
  console.log(`reader-parse on ${machine()}: ${FRAMES} uhf-bb7e tag notices of 24 bytes, ${EPCS} EPCs`);
  const bytes = blastBytes();
  const sim = new RfidSimulator({ protocol: 'uhf-bb7e', pty: true });
  await sim.start();
  try {
    const raw = await readBlast(sim, bytes.length, () => undefined);
    const rawFps = FRAMES / raw.s;
    const rawMBps = bytes.length / MB / raw.s;
    const avgChunk = Math.round(bytes.length / raw.chunks.length);
    console.log(`raw pty read: ${raw.chunks.length} chunks, average ${avgChunk} bytes`);

    const framing = timeFeed(bytes, raw.chunks, () => {
      const f = new Bb7eFramer();
      return (c) => f.feed(c).length;
    });
    const hotPath = timeFeed(bytes, raw.chunks, () => {
      const decoder = new UhfBb7eDecoder();
      const dedup = new DedupFilter({ windowMs: 2000, settleMs: 0, clock: { now: () => Date.now() } });
      return (c) => {
        const reads = decoder.feed(c);
        for (const r of reads) dedup.push(r);
        return reads.length;
      };
    });
    if (framing.frames !== FRAMES || hotPath.frames !== FRAMES) throw new Error('parser lost frames');

    const decoder = new UhfBb7eDecoder();
    let decoded = 0;
    const e2e = await readBlast(sim, bytes.length, (c) => (decoded += decoder.feed(c).length));
    if (decoded !== FRAMES) throw new Error(`end to end decoded ${decoded} of ${FRAMES}`);

    const peer = (value: number) => ({ name: 'raw pty read', value });
    report({ name: 'raw pty read (uhf-bb7e blast)', value: rawFps, unit: 'frames/s' });
    report({ name: 'raw pty read (uhf-bb7e blast)', value: rawMBps, unit: 'MB/s' });
    report({
      name: 'bb7e framing, in memory',
      value: FRAMES / framing.s,
      unit: 'frames/s',
      peer: peer(rawFps),
      goal: '> 1 (parser faster than the pty)',
    });
    report({
      name: 'bb7e framing, in memory',
      value: bytes.length / MB / framing.s,
      unit: 'MB/s',
      peer: peer(rawMBps),
    });
    report({
      name: 'framing + decode + dedup, in memory',
      value: FRAMES / hotPath.s,
      unit: 'frames/s',
      peer: peer(rawFps),
      goal: '> 1',
    });
    report({
      name: 'pty read + decode, end to end',
      value: FRAMES / e2e.s,
      unit: 'frames/s',
      peer: peer(rawFps), // below 1 on 2 cores: socat, the simulator and this process share them
    });
  } finally {
    await sim.stop();
  }
}

main().catch((err: Error) => {
  console.error(err);
  process.exit(1);
});
