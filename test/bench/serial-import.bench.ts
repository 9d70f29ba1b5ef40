/**
 * CSV import of 100,000 serials for a work order (read, parse, check format and check character,
 * duplicates, collisions with the store, one synced batch with pool and event), next to raw
 * classic-level writing the same serial records and pool chunks as ONE synced chained batch (the
 * fastest raw form) in the same run; goal >= 50% of raw. The array form of db.batch() (as the
 * other benchmarks' raw peers) is measured too, for reference.
 * Each side runs in a child process of its own and warms up (disk, JIT) on a first run, as the
 * other benchmarks do; the same pair also runs cold (one import in a fresh process, as the CLI
 * does), which gives the peak RSS of one import. Alternately, median of BENCH_ROUNDS rounds.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Level } from 'level';
import pino from 'pino';
import { loadConfigText } from '../../src/config/load';
import { buildSchemes, SerialsAdmin } from '../../src/serials/admin';
import { checkAlgorithms } from '../../src/serials/check';
import { POOL_CHUNK } from '../../src/serials/pool';
import { Journal } from '../../src/store/journal';
import { Sublevels, joinKey, seqKey } from '../../src/store/layout';
import { openStore } from '../../src/store/store';
import type { SerialRecord } from '../../src/units/unit';
import { machine, median, report, scratch } from './bench-lib';
import { deviceFamilies } from '../../devices';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const MiB = 2 ** 20;

interface Run {
  ms: number;
  peakRssMiB: number;
  baseRssMiB: number;
}

/** Rows of the warm-up run in each process (default: a full run, as the start-cycle benchmark warms up). */
const WARM_UP = Number(process.env.BENCH_WARM_ROWS ?? ROWS);

function serials(rows = ROWS): string[] {
  return Array.from({ length: rows }, (_, i) => {
    const payload = '26' + String(1_000_001 + i).padStart(7, '0');
    return payload + checkAlgorithms.gs1.compute(payload);
  });
}

/**
 * Raw: the same records (as the import stores them) and pool chunks in one synced batch, chained
 * (the fastest form) or as an array of operations (db.batch(ops), the form of the other benchmarks).
 */
async function raw(dir: string, rows = ROWS, form: 'chained' | 'array' = 'chained'): Promise<number> {
  const at = new Date().toISOString();
  const list = serials(rows);
  const records: SerialRecord[] = list.map((serial, i) => ({
    serial,
    status: 'reserved',
    scheme: 'unit',
    key: '26',
    seq: 1_000_001 + i,
    partNumber: 'PN-100',
    workOrder: 'WO-55',
    station: '',
    issuedAt: at,
    events: [1],
    kind: 'unit',
    origin: 'imported',
    importId: '0123456789abcdef0123456789abcdef',
  }));
  const db = new Level<string, unknown>(dir, { valueEncoding: 'json' });
  await db.open();
  const prefix = (sub: string) => `!${sub}!`;
  const t0 = performance.now();
  const ops: Array<{ type: 'put'; key: string; value: unknown }> = [];
  const put = (key: string, value: unknown) => ops.push({ type: 'put', key, value });
  const batch = form === 'chained' ? db.batch() : undefined;
  const add = batch ? (key: string, value: unknown) => batch.put(key, value) : put;
  for (const r of records) add(prefix(Sublevels.serials) + r.serial, r);
  for (let i = 0; i < rows; i += POOL_CHUNK)
    add(
      prefix(Sublevels.preassigned) + joinKey('WO-55', seqKey(i / POOL_CHUNK)),
      list.slice(i, i + POOL_CHUNK),
    );
  if (batch) await batch.write({ sync: true });
  else await db.batch(ops, { sync: true });
  const ms = performance.now() - t0;
  await db.close();
  return ms;
}

/** linegate: what `linegate serials import` does once its store is open. */
async function ours(dir: string, file: string, rows = ROWS): Promise<number> {
  const yaml = `gateway: { id: gw-bench, dataDir: ${dir}, timeZone: UTC }
api: { token: bench-token-0123 }
serials:
  unit: { format: "{YY}{seq:7}{check:gs1}" }
stations:
  - { id: ST10, kind: start, partNumber: PN-100, serial: unit, workOrder: WO-55 }
`;
  const { config } = loadConfigText(yaml, path.join(dir, 'bench.yaml'), deviceFamilies, {});
  if (!config) throw new Error('bench config invalid');
  const clock = { now: () => Date.now() };
  const log = pino({ level: 'silent' });
  const store = await openStore(dir);
  const journal = new Journal(store, { gatewayId: 'gw-bench', clock });
  const admin = new SerialsAdmin({
    config,
    store,
    journal,
    clock,
    log,
    schemes: buildSchemes(config, clock, log),
  });
  const t0 = performance.now();
  const report = await admin.importCsv({ text: readFileSync(file, 'utf8'), file: 'bench.csv' });
  const ms = performance.now() - t0;
  if (report.units !== rows) throw new Error(`imported ${report.units} of ${rows}`);
  await journal.close();
  await store.close();
  return ms;
}

/** One side in a child process, after a warm-up run of `warmRows` (none: cold, as the CLI runs); prints its Run. */
async function child(side: string, file: string, warmFile: string, warmRows: number): Promise<void> {
  const baseRssMiB = process.memoryUsage().rss / MiB;
  const run = (dir: string, f: string, rows: number) =>
    side === 'import' ? ours(dir, f, rows) : raw(dir, rows, side === 'raw' ? 'chained' : 'array');
  if (warmRows > 0) {
    const warm = scratch(`serial-import-warm-${side}`);
    await run(warm.dir, warmFile, warmRows);
    warm.cleanup();
  }
  const tmp = scratch(`serial-import-${side}`);
  const ms = await run(tmp.dir, file, ROWS);
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  tmp.cleanup();
  process.stdout.write(JSON.stringify({ ms, peakRssMiB, baseRssMiB } satisfies Run) + '\n');
}

function spawnSide(side: string, file: string, warmFile: string, warmRows = WARM_UP): Run {
  const args = ['--require', 'tsx/cjs', __filename, side, file, warmFile, String(warmRows)];
  const run = spawnSync(process.execPath, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (run.status !== 0) throw new Error(`${side} run failed`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Run;
}

async function main(): Promise<void> {
  console.log(`serial-import benchmark, ${ROWS} rows, median of ${ROUNDS} alternating runs, on ${machine()}`);
  const tmp = scratch('serial-import-csv');
  const file = path.join(tmp.dir, 'rows.csv');
  const warmFile = path.join(tmp.dir, 'warm.csv');
  const csv = (list: string[]) =>
    ['serial,partNumber,workOrder', ...list.map((s) => `${s},PN-100,WO-55`)].join('\n') + '\n';
  writeFileSync(file, csv(serials()));
  writeFileSync(warmFile, csv(serials(WARM_UP)));
  const runs = {
    raw: [] as Run[],
    array: [] as Run[],
    mine: [] as Run[],
    coldRaw: [] as Run[],
    coldMine: [] as Run[],
  };
  spawnSide('raw', file, warmFile); // warm up the disk and the tsx cache
  for (let i = 0; i < ROUNDS; i++) {
    runs.raw.push(spawnSide('raw', file, warmFile));
    runs.array.push(spawnSide('raw-array', file, warmFile));
    runs.mine.push(spawnSide('import', file, warmFile));
    // Cold: one import in a fresh process, as `linegate serials import` runs; its peak RSS is the import's.
    runs.coldRaw.push(spawnSide('raw', file, warmFile, 0));
    runs.coldMine.push(spawnSide('import', file, warmFile, 0));
  }
  tmp.cleanup();
  const rate = (r: Run[]) => ROWS / (median(r.map((x) => x.ms)) / 1000);
  const rows = `${ROWS} serials`;
  report({
    name: `CSV import of ${rows}`,
    value: rate(runs.mine),
    unit: 'rows/s',
    peer: { name: 'raw synced chained batch of the same records', value: rate(runs.raw) },
    goal: '>= 0.50',
  });
  report({
    name: `CSV import of ${rows}, cold process`,
    value: rate(runs.coldMine),
    unit: 'rows/s',
    peer: { name: 'raw synced chained batch, cold process', value: rate(runs.coldRaw) },
  });
  report({
    name: `CSV import of ${rows} (array-form peer)`,
    value: rate(runs.mine),
    unit: 'rows/s',
    peer: { name: 'raw synced db.batch(array) of the same records', value: rate(runs.array) },
  });
  const peak = (r: Run[]) => median(r.map((x) => x.peakRssMiB));
  const base = (r: Run[]) => median(r.map((x) => x.baseRssMiB));
  console.log(
    `peak RSS of one import in a fresh process: ${peak(runs.coldMine).toFixed(0)} MiB (the process at start: ` +
      `${base(runs.coldMine).toFixed(0)} MiB); raw: ${peak(runs.coldRaw).toFixed(0)} MiB (at start ${base(runs.coldRaw).toFixed(0)} MiB)`,
  );
  report({
    name: `CSV import of ${rows}, peak RSS`,
    value: peak(runs.coldMine),
    unit: 'MiB',
    peer: { name: 'raw batch peak RSS', value: peak(runs.coldRaw) },
  });
}

if (['raw', 'raw-array', 'import'].includes(process.argv[2]))
  void child(process.argv[2], process.argv[3], process.argv[4], Number(process.argv[5]));
else void main();
