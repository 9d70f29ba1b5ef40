/**
 * Start-cycle latency with confirmed printing (preflight ~HS, send, ~HS until done) against the
 * virtual Zebra on loopback TCP, next to the bare cost of printing measured in the same run: one
 * TCP write of the same label plus one ~HS round trip. Goal: printing adds at most 2x the bare.
 */
import { VirtualZebra } from '../../devices/zebra/simulator';
import { systemClock } from '../../src/ports';
import { LabelService } from '../../src/printing/label-service';
import { machine, percentile, report } from './bench-lib';
import { benchLine } from './bench-line';
import { bare as bareN, log, sampleLabel, timedPrints, zebra } from './printer-bench';

const N = Number(process.env.BENCH_LABELS ?? 300);
const bare = (port: number) => bareN(port, N);

/** Confirmed prints alone (preflight ~HS, write, ~HS until done) through the Zebra driver. */
const confirmed = (port: number) => timedPrints(port, N);

/** Start cycles at one station, with or without its label step. */
async function cycles(port: number, printing: boolean): Promise<number[]> {
  const line = await benchLine('print-cycle', '{seq:9}');
  const { store, journal } = line;
  const printer = zebra(port, line.dir);
  await printer.start();
  const labels = new LabelService({
    station: 'ST10',
    printer,
    copies: 1,
    render: (u) => sampleLabel(u.serial),
    journal,
    store,
    clock: systemClock,
    log,
  });
  const station = line.station('ST10', printing ? [labels] : []);
  const out: number[] = [];
  for (let i = 0; i < N + 20; i++) {
    const t0 = performance.now();
    const o = await station.start({ source: 'api' });
    if (o.result !== 0) throw new Error(`cycle failed: ${o.error}`);
    if (i >= 20) out.push(performance.now() - t0);
  }
  await printer.stop();
  await line.close();
  return out.sort((a, b) => a - b);
}

async function main(): Promise<void> {
  console.log(`print-cycle benchmark, ${N} labels each, virtual Zebra on loopback, on ${machine()}`);
  const sim = new VirtualZebra({ printMs: 0 });
  const port = await sim.start();
  const raw = await bare(port);
  const print = await confirmed(port);
  const plain = await cycles(port, false);
  const printed = await cycles(port, true);
  // A real printer takes a few ms to answer ~HS; with that, round trips dominate the JS overhead.
  sim.setFaults({ slowMs: 5 });
  const rawSlow = await bare(port);
  const printSlow = await confirmed(port);
  await sim.stop();
  const pair = (name: string, ours: number[], peer: number[], peerName: string, goal?: string) => {
    for (const p of [50, 99])
      report({
        name: `${name}, p${p}`,
        value: percentile(ours, p),
        unit: 'ms',
        peer: { name: peerName, value: percentile(peer, p) },
        goal,
      });
  };
  pair('start cycle with confirmed printing', printed, plain, 'cycle without printing');
  pair(
    'confirmed print (printer answers at once)',
    print,
    raw,
    'bare label write + ~HS round trip',
    '<= 2.0',
  );
  pair(
    'confirmed print (printer answers in 5 ms)',
    printSlow,
    rawSlow,
    'bare label write + ~HS round trip',
    '<= 2.0',
  );
}

void main();
