/**
 * Trace queries from the gateway's own store: where-used of a lot across a store of 100,000
 * units whose components carry a serial and a lot (GS1 (21)+(10)) and a lot alone, and the
 * backward (as-built) trace of a unit three levels deep; p50/p99 latency and the store's bytes
 * per unit. The peer is a bare LevelDB range scan of the same keys in the same run. Before the
 * timings, every lot's where-used answer is checked against a brute-force scan of every unit
 * record: the benchmark fails if one differs.
 */
import { execFileSync } from 'node:child_process';
import { Journal } from '../../src/store/journal';
import { Sublevels } from '../../src/store/layout';
import { consumeComponent } from '../../src/units/consume';
import { asBuilt, whereUsed } from '../../src/genealogy/trace';
import type { SerialRecord } from '../../src/units/unit';
import { bruteForceLots } from '../helpers/brute-where-used';
import { machine, percentile, report } from './bench-lib';
import { benchLine } from './bench-line';

const UNITS = Number(process.env.BENCH_UNITS ?? 100_000);
const LOTS = 100; // each lot goes into UNITS / LOTS units
const QUERIES = 200;

async function main(): Promise<void> {
  console.log(`genealogy benchmark: ${UNITS} units, ${LOTS} lots, on ${machine()}`);
  const line = await benchLine('genealogy', 'U{seq:9}');
  const { store, journal } = line;
  const now = () => new Date().toISOString();

  /** A unit with a component serial and a lot, in the caller's transaction. */
  const build = async (
    tx: Parameters<Parameters<Journal['run']>[0]>[0],
    i: number,
    extra: string[] = [],
  ): Promise<string> => {
    const record = await line.startUnit(tx);
    const base = { station: 'ST20', time: now(), source: 'scan' as const, quantity: 1 };
    await consumeComponent(tx, record, {
      ...base,
      serial: `C-${i}`,
      lot: `LOT-${i % LOTS}`,
      gtin: '09506000134352',
    });
    await consumeComponent(tx, record, { ...base, lot: `PASTE-${i % LOTS}` });
    for (const sub of extra) await consumeComponent(tx, record, { ...base, serial: sub });
    return record.serial;
  };

  const t0 = performance.now();
  for (let i = 0; i < UNITS; i += 1000) {
    await journal.run(async (tx) => {
      for (let j = i; j < Math.min(UNITS, i + 1000); j++) await build(tx, j);
    });
  }
  // A 3-level unit: a top unit holding a sub-assembly holding a sub-sub-assembly.
  const deep = await journal.run(async (tx) => {
    const leaf = await build(tx, UNITS + 1);
    const mid = await build(tx, UNITS + 2, [leaf]);
    return build(tx, UNITS + 3, [mid]);
  });
  console.log(`built ${UNITS} units in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  // classic-level's compaction, to measure the store as it settles (not in the Level typings).
  await (store.db as unknown as { compactRange(a: string, b: string): Promise<void> }).compactRange(
    '\x00',
    '\xff',
  );
  const bytes = Number(execFileSync('du', ['-sb', line.dir], { encoding: 'utf8' }).split('\t')[0]);

  const records = new Map<string, SerialRecord>();
  for await (const [k, v] of store.sub(Sublevels.serials).iterator()) records.set(k, v as SerialRecord);
  const brute = bruteForceLots(records);
  let pairs = 0;
  for (const [lot, units] of brute) {
    const answer = await whereUsed(store, { lot });
    if (JSON.stringify(answer) !== JSON.stringify(units))
      throw new Error(`where-used ${lot}: ${answer.length} units, brute force ${units.length}`);
    pairs += units.length;
  }
  if (brute.size < 2 * LOTS) throw new Error(`only ${brute.size} lots found by brute force`);
  console.log(
    `where-used equals a brute-force scan of all ${records.size} records for ${brute.size} lots (${pairs} unit-lot pairs)`,
  );

  const lot = 'LOT-7'; // serialised components only: format 1 answered [] here
  const found = await whereUsed(store, { lot });
  const times = async (fn: () => Promise<unknown>) => {
    const t: number[] = [];
    for (let q = 0; q < QUERIES; q++) {
      const s = performance.now();
      await fn();
      t.push(performance.now() - s);
    }
    return t.sort((a, b) => a - b);
  };
  const uses = store.sub(Sublevels.uses);
  const prefix = `lot\x00${lot}\x00`;
  const raw = await times(async () => {
    const keys: string[] = [];
    for await (const k of uses.keys({ gt: prefix, lt: prefix + '\xff' })) keys.push(k);
    return keys;
  });
  const wu = await times(() => whereUsed(store, { lot }));
  const top = (await store.sub(Sublevels.serials).get(deep)) as SerialRecord;
  const tree = await asBuilt(store, top);
  const trace = await times(async () =>
    asBuilt(store, (await store.sub(Sublevels.serials).get(deep)) as SerialRecord),
  );
  console.log(
    `where-used ${lot}: ${found.length} units; as-built tree: ${JSON.stringify(tree).length} bytes of JSON over 3 levels`,
  );
  report({
    name: `where-used of a lot (${found.length} of ${UNITS} units), p50`,
    value: percentile(wu, 50),
    unit: 'ms',
    peer: { name: 'bare range scan of its keys', value: percentile(raw, 50) },
    goal: '< 50 ms',
  });
  report({
    name: 'where-used of a lot, p99',
    value: percentile(wu, 99),
    unit: 'ms',
    peer: { name: 'bare range scan p99', value: percentile(raw, 99) },
    goal: '< 50 ms',
  });
  report({
    name: 'as-built trace of a 3-level unit, p50',
    value: percentile(trace, 50),
    unit: 'ms',
    goal: '< 50 ms',
  });
  report({
    name: 'as-built trace of a 3-level unit, p99',
    value: percentile(trace, 99),
    unit: 'ms',
    goal: '< 50 ms',
  });
  report({
    name: 'store bytes per unit (2 components with 2 lots, 3 events, compacted)',
    value: bytes / UNITS,
    unit: 'B',
  });
  await line.close();
}

void main();
