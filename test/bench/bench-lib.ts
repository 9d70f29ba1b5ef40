/**
 * Shared bits of the benchmarks: the machine description every benchmark prints, a scratch
 * folder on the same disk as the project's data directory, and one result line format that
 * `npm run bench` collects into a table.
 */
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** One measured figure next to its raw limit or peer from the same run. */
export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** the raw limit or peer measured in the same run, and what it is. */
  peer?: { name: string; value: number };
  /** for "higher is better" figures, value / peer; for latencies, peer / value is not used. */
  goal?: string;
}

/** A one-line description of this machine. */
export function machine(): string {
  const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
  const load = os.loadavg()[0].toFixed(1);
  return `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}, load ${load}`;
}

/** A scratch folder beside the project's data (the same disk the gateway writes to). */
export function scratch(name: string): { dir: string; cleanup: () => void } {
  const base = path.resolve(__dirname, '../../data/bench');
  mkdirSync(base, { recursive: true });
  const dir = mkdtempSync(path.join(base, `${name}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Prints a result for people and as a BENCH line for the collector. */
export function report(r: BenchResult): void {
  const ratio = r.peer
    ? ` (${r.peer.name}: ${fmt(r.peer.value)} ${r.unit}; ratio ${(r.value / r.peer.value).toFixed(2)})`
    : '';
  console.log(`${r.name}: ${fmt(r.value)} ${r.unit}${ratio}${r.goal ? ` goal ${r.goal}` : ''}`);
  console.log(`BENCH ${JSON.stringify(r)}`);
}

export function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}

/**
 * Runs a benchmark's main: an error is printed and exits 1; `exit` ends the process once main
 * resolved (node-opcua leaves timers behind).
 */
export function runBench(main: () => Promise<void>, exit = false): void {
  main().then(
    () => {
      if (exit) process.exit(0);
    },
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

/** Median of numbers (not sorted in place). */
export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Percentile of a sorted array. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
