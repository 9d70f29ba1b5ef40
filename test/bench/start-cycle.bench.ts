/**
 * Start cycles per second (serial issued: counter, serial record and event in one synced batch),
 * next to raw classic-level synced writes on the same disk in the same run:
 *   sequential cycles  vs  put({ sync: true }) one at a time     (goal: >= 70% of raw)
 *   8 concurrent stations  vs  synced batches of 8 puts           (goal: >= 50% of raw)
 * and the cost of the store's high-water mark: the same cycles with its reservations and exact
 * record switched off (goal: the mark costs at most 10%).
 */
import { Level } from 'level';
import { machine, median, report, scratch } from './bench-lib';
import { benchLine, type BenchLine } from './bench-line';

const N = Number(process.env.BENCH_CYCLES ?? 2000);
const STATIONS = 8;
// About the size of a unit.started event as stored.
const RECORD = JSON.stringify({
  id: '0190f1c2-0000-7000-8000-000000000000',
  seq: 1,
  gatewayId: 'gw-line1',
  type: 'unit.started',
  time: new Date().toISOString(),
  station: 'ST10',
  serial: '2647000123',
  partNumber: 'PN-100',
  data: { scheme: 'unit', trigger: 'api' },
});

async function rawPuts(): Promise<number> {
  const tmp = scratch('raw-put');
  const db = new Level<string, string>(tmp.dir);
  await db.open();
  const t0 = performance.now();
  for (let i = 0; i < N; i++) await db.put(String(i).padStart(16, '0'), RECORD, { sync: true });
  const rate = N / ((performance.now() - t0) / 1000);
  await db.close();
  tmp.cleanup();
  return rate;
}

async function rawBatches(size: number): Promise<number> {
  const tmp = scratch('raw-batch');
  const db = new Level<string, string>(tmp.dir);
  await db.open();
  const t0 = performance.now();
  for (let i = 0; i < N; i += size) {
    const ops = Array.from({ length: size }, (_, j) => ({
      type: 'put' as const,
      key: String(i + j).padStart(16, '0'),
      value: RECORD,
    }));
    await db.batch(ops, { sync: true });
  }
  const rate = N / ((performance.now() - t0) / 1000);
  await db.close();
  tmp.cleanup();
  return rate;
}

/** Switches the high-water mark off (the peer that measures its cost). */
function withoutMark(line: BenchLine): void {
  Object.assign(line.store.mark, {
    reserve: async () => undefined,
    commit: () => undefined,
    check: () => undefined,
  });
}

async function cycles(stations: number, mark = true): Promise<number> {
  const line = await benchLine('cycles');
  if (!mark) withoutMark(line);
  const list = Array.from({ length: stations }, (_, i) => line.station(`ST${i}`));
  const perStation = Math.floor(N / stations);
  const t0 = performance.now();
  await Promise.all(
    list.map(async (s) => {
      for (let i = 0; i < perStation; i++) {
        const o = await s.start({ source: 'api' });
        if (o.result !== 0) throw new Error(`cycle failed: ${o.error}`);
      }
    }),
  );
  const rate = (perStation * stations) / ((performance.now() - t0) / 1000);
  await line.close();
  return rate;
}

/**
 * Runs the raw limit and linegate alternately, `ROUNDS` times, and reports the medians: load from
 * anything else on the machine then hits both sides alike instead of skewing one of them.
 */
async function paired(
  raw: () => Promise<number>,
  ours: () => Promise<number>,
): Promise<{ raw: number; ours: number }> {
  const raws: number[] = [];
  const ourRates: number[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    raws.push(await raw());
    ourRates.push(await ours());
  }
  return { raw: median(raws), ours: median(ourRates) };
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

/** The same cycles with and without the store's high-water mark, alternately. */
async function markCost(stations: number, name: string): Promise<void> {
  const r = await paired(
    () => cycles(stations, false),
    () => cycles(stations),
  );
  report({
    name,
    value: r.ours,
    unit: '/s',
    peer: { name: 'the same without the mark', value: r.raw },
    goal: '>= 0.90',
  });
}

async function main(): Promise<void> {
  console.log(
    `start-cycle benchmark, ${N} cycles a run, median of ${ROUNDS} alternating runs, on ${machine()}`,
  );
  await rawPuts(); // warm up the disk and the JIT
  await cycles(1);
  const seq = await paired(rawPuts, () => cycles(1));
  report({
    name: 'sequential start cycles',
    value: seq.ours,
    unit: '/s',
    peer: { name: 'raw put sync', value: seq.raw },
    goal: '>= 0.70',
  });
  const conc = await paired(
    () => rawBatches(STATIONS),
    () => cycles(STATIONS),
  );
  report({
    name: `${STATIONS} concurrent stations`,
    value: conc.ours,
    unit: '/s',
    peer: { name: `raw sync batches of ${STATIONS}`, value: conc.raw },
    goal: '>= 0.50',
  });
  await markCost(1, 'sequential cycles with the high-water mark');
  await markCost(STATIONS, `${STATIONS} concurrent stations with the mark`);
}

void main();
