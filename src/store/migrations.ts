/**
 * Store format migrations. MIGRATIONS[n] rewrites a format-n store into format n + 1; each runs
 * as one synced batch that also stamps the new format, so a crash leaves the old or the new.
 */
import type { Level } from 'level';
import { STORE_FORMAT, Sublevels, type SublevelName } from './layout';

import type { AbstractBatchOperation } from 'abstract-level';
import type { Sub } from './store';
import { componentLots, lotUseKey } from '../units/consume';
import type { SerialRecord } from '../units/unit';

type SubOf = (name: SublevelName) => Sub;
type Op = AbstractBatchOperation<Level<string, unknown>, string, unknown>;
type Migration = (db: Level<string, unknown>, sub: SubOf) => Promise<Op[]>;

/**
 * 1 → 2: format 1 indexed a component's lot for where-used only when the component had no
 * serial, so `where-used?lot=` missed serialised components of that lot (a GS1 scan with (21)
 * and (10), a received serial of a received lot). Format 2 indexes every lot a consumed
 * component carries; this backfills the index from every unit's components.
 */
const indexEveryLot: Migration = async (_db, sub) => {
  const serials = sub(Sublevels.serials);
  const ops: Op[] = [];
  for await (const [serial, value] of serials.iterator()) {
    const record = value as SerialRecord;
    for (const component of record.components ?? []) {
      const own =
        component.serial === undefined
          ? []
          : [(await serials.get(component.serial)) as SerialRecord | undefined].filter(
              (r) => r !== undefined,
            );
      for (const lot of componentLots(component, own))
        ops.push({ type: 'put', key: lotUseKey(lot, serial), value: true, sublevel: sub(Sublevels.uses) });
    }
  }
  return ops;
};

/** MIGRATIONS[n] takes a format-n store to format n + 1. */
const MIGRATIONS: Record<number, Migration> = { 1: indexEveryLot };

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
