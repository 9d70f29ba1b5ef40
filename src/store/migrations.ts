/**
 * Store format migrations. MIGRATIONS[n] rewrites a format-n store into format n + 1; each runs
 * as one synced batch that also stamps the new format, so a crash leaves the old or the new.
 */
import type { Level } from 'level';
import { STORE_FORMAT, Sublevels, type SublevelName } from './layout';

import type { AbstractBatchOperation } from 'abstract-level';
import type { Sub } from './store';

type SubOf = (name: SublevelName) => Sub;
type Op = AbstractBatchOperation<Level<string, unknown>, string, unknown>;
type Migration = (db: Level<string, unknown>, sub: SubOf) => Promise<Op[]>;

/** Format 1 is the first; the hook is here so that format 2 is one entry. */
const MIGRATIONS: Record<number, Migration> = {};

/** Migrates the store from `from` to STORE_FORMAT. */
export async function runStoreMigrations(
  db: Level<string, unknown>,
  sub: SubOf,
  from: number,
): Promise<void> {
  for (let v = from; v < STORE_FORMAT; v++) {
    const migration = MIGRATIONS[v];
    if (!migration) throw new Error(`no store migration from format ${v}`);
    const ops = await migration(db, sub);
    ops.push({ type: 'put', key: 'format', value: v + 1, sublevel: sub(Sublevels.meta) });
    await db.batch(ops, { sync: true });
  }
}
