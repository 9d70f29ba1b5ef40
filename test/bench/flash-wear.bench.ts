/**
 * Flash wear: bytes the gateway writes to storage per unit cycle at steady state (a cycle with a
 * confirmed label, its events forwarded), from /proc/PID/io, next to the bytes of the records a
 * cycle must keep (its events as JSON). Budget: at most 8 KiB per unit.
 */
import { machine, report, scratch } from './bench-lib';
import { startSteady } from '../soak/steady';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main(): Promise<void> {
  const seconds = Number(process.env.BENCH_WEAR_SECONDS ?? 30);
  console.log(`flash-wear benchmark, ${seconds} s at steady state, on ${machine()}`);
  const tmp = scratch('flash-wear');
  const line = await startSteady(tmp.dir);
  try {
    await sleep(5000); // warm up: PKI, first memtable, first compaction
    const [b0, c0, e0] = [line.writeBytes(), await line.cycles(), line.mes.events.size];
    await sleep(seconds * 1000);
    const [b1, c1, e1] = [line.writeBytes(), await line.cycles(), line.mes.events.size];
    const events = [...line.mes.events.values()].slice(e0, e1);
    const eventBytes = events.reduce((n, e) => n + JSON.stringify(e).length, 0);
    const perUnit = (b1 - b0) / (c1 - c0);
    console.log(`${c1 - c0} cycles, ${e1 - e0} events forwarded, ${b1 - b0} bytes written`);
    report({
      name: 'bytes written per unit cycle (steady state)',
      value: perUnit,
      unit: 'B',
      peer: { name: "the cycle's events as JSON", value: eventBytes / (c1 - c0) },
      goal: '<= 8192 B',
    });
  } finally {
    await line.stop();
    tmp.cleanup();
  }
}

void main();
