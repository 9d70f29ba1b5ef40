/**
 * The LevelDB store in `gateway.dataDir`: opened once per process (LevelDB's lock makes a
 * second gateway on the same folder fail fast), format-versioned, migrated on open.
 */
import { mkdirSync } from 'node:fs';
import { Level } from 'level';
import type { AbstractSublevel } from 'abstract-level';
import { LinegateError } from '../errors';
import { STORE_FORMAT, Sublevels, type SublevelName } from './layout';
import { runStoreMigrations } from './migrations';
import { dataDirProblem } from './data-dir';
import { Watermark, type WatermarkOptions } from './watermark';
import type { MarkValues } from './mark-file';

/** A sublevel with string keys and JSON values. */
export type Sub = AbstractSublevel<Level<string, unknown>, string | Buffer | Uint8Array, string, unknown>;

/** The database, its sublevels by name, and the facts read at open. */
export interface Store {
  readonly dir: string;
  readonly db: Level<string, unknown>;
  sub(name: SublevelName): Sub;
  /** highest event seq on disk when the store was opened (0 when empty). */
  readonly lastSeqAtOpen: number;
  /** the high-water mark of issued numbers and the verdict on the store against it. */
  readonly mark: Watermark;
  /** the highest event seq on disk now. */
  lastSeq(): Promise<number>;
  /**
   * Closes and opens the database again. After a failed write LevelDB refuses every later write
   * until it is reopened (its background error is sticky); reopening also needs free space.
   */
  reopen(): Promise<void>;
  close(): Promise<void>;
}

/** Opens (creating if needed) the store in `dir`; throws LinegateError with a clear code. */
export async function openStore(dir: string, markOptions: WatermarkOptions = {}): Promise<Store> {
  const unusable = dataDirProblem(dir);
  if (unusable) throw new LinegateError('STORE_OPEN_FAILED', `data directory ${dir} ${unusable}`);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new LinegateError(
      'STORE_OPEN_FAILED',
      `cannot create data directory ${dir}: ${(err as Error).message}`,
      { cause: err },
    );
  }
  const db = new Level<string, unknown>(dir, { valueEncoding: 'json' });
  try {
    await db.open();
  } catch (err) {
    throw openError(dir, err);
  }
  const subs = new Map<SublevelName, Sub>();
  const sub = (name: SublevelName): Sub => {
    let s = subs.get(name);
    if (!s) {
      s = db.sublevel<string, unknown>(name, { valueEncoding: 'json' });
      subs.set(name, s);
    }
    return s;
  };
  try {
    // Open every sublevel now: synchronous reads (getSync) need them fully open.
    for (const name of Object.values(Sublevels)) await sub(name).open();
    await checkFormat(dir, db, sub);
    const lastSeqAtOpen = await readLastSeq(sub(Sublevels.events));
    const { acked, ...held } = await readNumbers(sub, lastSeqAtOpen);
    const mark = Watermark.open(dir, held, { ...markOptions, acked });
    const reopen = async () => {
      await db.close();
      await db.open();
      for (const name of Object.values(Sublevels)) await sub(name).open();
    };
    const lastSeq = () => readLastSeq(sub(Sublevels.events));
    const close = async () => {
      try {
        mark.close();
      } finally {
        await db.close();
      }
    };
    return { dir, db, sub, lastSeqAtOpen, mark, lastSeq, reopen, close };
  } catch (err) {
    await db.close().catch(() => undefined);
    throw err;
  }
}

function openError(dir: string, err: unknown): LinegateError {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code === 'LEVEL_LOCKED' || /lock/i.test(String(cause?.message))) {
    return new LinegateError(
      'STORE_LOCKED',
      `data directory ${dir} is in use by another linegate process (its LevelDB lock is held); ` +
        'stop that gateway or give this one its own gateway.dataDir',
      { cause: err },
    );
  }
  return new LinegateError(
    'STORE_OPEN_FAILED',
    `cannot open the store in ${dir}: ${cause?.message ?? (err as Error).message}`,
    { cause: err },
  );
}

async function checkFormat(dir: string, db: Level<string, unknown>, sub: Store['sub']): Promise<void> {
  const meta = sub(Sublevels.meta);
  const found = (await meta.get('format')) as number | undefined;
  if (found === undefined) {
    // A new store, or one written before formats were recorded (none exist): stamp it.
    await db.batch([{ type: 'put', key: 'format', value: STORE_FORMAT, sublevel: meta }], { sync: true });
    return;
  }
  if (found > STORE_FORMAT) {
    throw new LinegateError(
      'STORE_FORMAT_NEWER',
      `the store in ${dir} has format ${found}, newer than this linegate understands (${STORE_FORMAT}); upgrade linegate`,
    );
  }
  if (found < STORE_FORMAT) await runStoreMigrations(db, sub, found);
}

async function readLastSeq(events: Sub): Promise<number> {
  for await (const key of events.keys({ reverse: true, limit: 1 })) return Number(key);
  return 0;
}

/** The numbers the store holds: its newest event seq and every counter. */
async function readNumbers(sub: Store['sub'], events: number): Promise<MarkValues & { acked: number }> {
  const counters: Record<string, number> = {};
  for await (const [k, v] of sub(Sublevels.counters).iterator()) if (typeof v === 'number') counters[k] = v;
  let acked = 0;
  for await (const v of sub(Sublevels.cursors).values())
    if (typeof v === 'number') acked = Math.max(acked, v);
  return { events, counters, acked };
}
