/**
 * What the print path saves and what idle status queries cost it (issue 15), against the virtual
 * Zebra on loopback TCP, each beside the raw peer measured in the same run (one label write plus
 * one ~HS answered, on a plain socket):
 * - a confirmed print asking ~HS before each label, and one whose previous confirmation stands in
 *   for it (statusFreshMs), on a printer answering in 5 ms;
 * - labels at random moments while the idle watch runs every 20 ms on a printer that never answers
 *   ~HQES (older firmware) with a 2 s status timeout: the worst label beside the raw peer's.
 */
import { VirtualZebra } from '../../devices/zebra/simulator';
import { SIM_PROFILES } from '../../devices/zebra/sim-engine';
import { machine, percentile, report } from './bench-lib';
import { bare, timedPrints } from './printer-bench';

const N = Number(process.env.BENCH_LABELS ?? 300);
const ANSWER_MS = 5;

/** `N` confirmed prints through the driver, sorted latencies in ms. */
const prints = (
  port: number,
  config: { statusFreshMs?: number },
  watchIntervalMs: number,
  gapMs?: () => number,
) => timedPrints(port, N, config, watchIntervalMs, gapMs);

async function main(): Promise<void> {
  console.log(`print-preflight benchmark, ${N} labels each, virtual Zebra on loopback, on ${machine()}`);
  const sim = new VirtualZebra({ printMs: 0, answerMs: ANSWER_MS });
  const port = await sim.start();
  const raw = await bare(port, N);
  const asked = await prints(port, {}, 0);
  const fresh = await prints(port, { statusFreshMs: 1000 }, 0);
  await sim.stop();
  const peer = (p: number) => ({ name: 'bare label write + ~HS round trip', value: percentile(raw, p) });
  for (const p of [50, 99]) {
    report({
      name: `confirmed print, ~HS before each label (printer answers in ${ANSWER_MS} ms), p${p}`,
      value: percentile(asked, p),
      unit: 'ms',
      peer: peer(p),
    });
    report({
      name: `confirmed print, fresh confirmation stands in for the pre-print ~HS, p${p}`,
      value: percentile(fresh, p),
      unit: 'ms',
      peer: peer(p),
      goal: `saves one round trip (${(percentile(asked, p) - percentile(fresh, p)).toFixed(2)} ms saved)`,
    });
  }

  const old = new VirtualZebra({ ...SIM_PROFILES['older-firmware'], printMs: 0, answerMs: ANSWER_MS });
  const oldPort = await old.start();
  const rawOld = await bare(oldPort, N);
  const watched = await prints(oldPort, {}, 20, () => Math.random() * 40);
  await old.stop();
  const worst = (xs: number[]) => xs[xs.length - 1];
  report({
    name: 'confirmed print at random moments, idle watch every 20 ms, printer without ~HQES, worst',
    value: worst(watched),
    unit: 'ms',
    peer: { name: 'bare label write + ~HS round trip, worst', value: worst(rawOld) },
    goal: '< bare + 2 round trips, never the 2000 ms status timeout',
  });
  report({
    name: 'same, p99',
    value: percentile(watched, 99),
    unit: 'ms',
    peer: { name: 'bare label write + ~HS round trip, p99', value: percentile(rawOld, 99) },
  });
}

void main();
