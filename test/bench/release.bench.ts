/**
 * Process release: the decision's cost per unit (p50/p99) on a store of 100,000 units, with a
 * lot hold in force covering 1,000 of them, against a bare read of the unit record in the same
 * transaction; and the time to put in force a hold on a lot used in 10,000 units (where-used of
 * the lot, then the synced hold record and event), against a bare synced one-record write.
 */
import { consumeComponent } from '../../src/units/consume';
import { systemClock } from '../../src/ports';
import { ReleaseCheck } from '../../src/release/check';
import { HoldBook } from '../../src/release/holds';
import { recordVisit } from '../../src/release/route';
import { ReleaseService } from '../../src/release/service';
import type { ReleaseStation } from '../../src/release/types';
import type { StationConfig } from '../../src/config/schema';
import type { Tx } from '../../src/store/journal';
import { Sublevels } from '../../src/store/layout';
import { machine, percentile, report } from './bench-lib';
import { benchLine } from './bench-line';

const UNITS = Number(process.env.BENCH_UNITS ?? 100_000);
const LOTS = 100; // LOT-i goes into UNITS / LOTS units (1,000 of 100,000)
const BIG_EVERY = 10; // LOT-BIG goes into every 10th unit (10,000 of 100,000)
const QUERIES = 5000;

async function main(): Promise<void> {
  console.log(`release benchmark: ${UNITS} units, on ${machine()}`);
  const line = await benchLine('release', 'U{seq:9}');
  const { store, journal } = line;
  const now = () => new Date().toISOString();
  const build = async (tx: Tx, i: number): Promise<string> => {
    const record = await line.startUnit(tx);
    const base = { station: 'ST20', time: now(), source: 'scan' as const, quantity: 1 };
    await consumeComponent(tx, record, { ...base, serial: `C-${i}` });
    await consumeComponent(tx, record, { ...base, lot: `LOT-${i % LOTS}` });
    if (i % BIG_EVERY === 0) await consumeComponent(tx, record, { ...base, lot: 'LOT-BIG' });
    await recordVisit(tx, record.serial, 'ST20', Date.now());
    return record.serial;
  };
  const serials: string[] = [];
  const t0 = performance.now();
  for (let i = 0; i < UNITS; i += 1000) {
    const made = await journal.run(async (tx) => {
      const out: string[] = [];
      for (let j = i; j < Math.min(UNITS, i + 1000); j++) out.push(await build(tx, j));
      return out;
    });
    serials.push(...made);
  }
  console.log(`built ${UNITS} units in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  const holds = new HoldBook(journal);
  await holds.load(store.sub(Sublevels.holds).iterator());
  const check = new ReleaseCheck({ holds, clock: systemClock });
  const config: StationConfig = {
    id: 'ST30',
    kind: 'test',
    identify: { reader: 'rfid30' },
    requires: [{ station: 'ST20' }],
    maxAttempts: 3,
  };
  const station = config as ReleaseStation;
  const service = new ReleaseService({ store, journal, check, stations: [config] });
  const lotHold = await service.place({ lot: 'LOT-7', reason: 'bench', by: 'bench' });
  console.log(`hold on LOT-7 covers ${lotHold.units.length} units`);

  // Decisions and bare reads of random units, timed one by one inside one transaction.
  const picks = Array.from({ length: QUERIES }, () => serials[Math.floor(Math.random() * serials.length)]);
  const held = lotHold.units.slice(0, QUERIES);
  const timed = await journal.run(async (tx) => {
    // Bare read and decision alternate unit by unit, so both see the same machine and GC state.
    const bare: number[] = [];
    const decide: number[] = [];
    for (const s of picks) {
      let a = performance.now();
      await tx.get(Sublevels.serials, s);
      bare.push(performance.now() - a);
      a = performance.now();
      await check.decide(tx, s, station);
      decide.push(performance.now() - a);
    }
    const refused: number[] = [];
    for (const s of held) {
      const a = performance.now();
      const d = await check.decide(tx, s, station);
      refused.push(performance.now() - a);
      if (d.allowed) throw new Error(`unit ${s} under the lot hold was allowed`);
    }
    const sort = (t: number[]) => t.sort((x, y) => x - y);
    return { bare: sort(bare), decide: sort(decide), refused: sort(refused) };
  });
  const pct = (t: number[], p: number) => percentile(t, p);
  report({
    name: `release decision per unit, ${UNITS} units, lot hold on ${lotHold.units.length}, p50`,
    value: pct(timed.decide, 50),
    unit: 'ms',
    peer: { name: 'bare read of the unit record', value: pct(timed.bare, 50) },
    goal: '< 5 ms',
  });
  report({
    name: 'release decision per unit, p99',
    value: pct(timed.decide, 99),
    unit: 'ms',
    peer: { name: 'bare read p99', value: pct(timed.bare, 99) },
    goal: '< 5 ms',
  });
  report({
    name: 'release decision of a held unit (refused), p50',
    value: pct(timed.refused, 50),
    unit: 'ms',
    peer: { name: 'bare read of the unit record', value: pct(timed.bare, 50) },
  });

  // Time to in force: from the call to the hold being in force (durable, in the book).
  const rawWrite: number[] = [];
  for (let i = 0; i < 20; i++) {
    const a = performance.now();
    await journal.run((tx) => tx.put(Sublevels.meta, `bench-${i}`, i));
    rawWrite.push(performance.now() - a);
  }
  rawWrite.sort((x, y) => x - y);
  const a = performance.now();
  const big = await service.place({ lot: 'LOT-BIG', reason: 'bench', by: 'bench' });
  const inForce = performance.now() - a;
  const probe = await journal.run((tx) => check.decide(tx, big.units[big.units.length - 1], station));
  if (probe.allowed) throw new Error('the LOT-BIG hold is not in force');
  report({
    name: `hold on a lot used in ${big.units.length} units: time to in force (where-used + synced write)`,
    value: inForce,
    unit: 'ms',
    peer: { name: 'bare synced one-record write', value: percentile(rawWrite, 50) },
    goal: '< 1000 ms',
  });
  holds.close();
  await line.close();
}

void main();
