/**
 * What a unit is made of, for hold coverage: every serial and lot in its as-built tree, nested
 * through sub-assemblies built here, and the lot a received serialised component came from. This
 * is the downward walk of the unit being decided (a few reads), so a lot hold covers a unit that
 * took the lot after the hold was placed with no index to keep; the hold's list of units comes
 * from the genealogy module's where-used trace (src/genealogy/trace.ts).
 */
import type { Tx } from '../store/journal';
import type { SerialRecord } from '../units/unit';
import { UnitRecords } from '../units/records';

/** Serials and lots inside a unit (not the unit's own serial). */
export interface UnitContents {
  serials: Set<string>;
  lots: Set<string>;
}

/** Sub-assemblies nest a few levels; the bound stops a corrupt cycle. */
const MAX_DEPTH = 32;

/** Every serial and lot in the unit's as-built tree. */
export async function unitContents(tx: Tx, record: SerialRecord): Promise<UnitContents> {
  const out: UnitContents = { serials: new Set(), lots: new Set() };
  await walk(tx, record, out, 0);
  return out;
}

async function walk(tx: Tx, record: SerialRecord, out: UnitContents, depth: number): Promise<void> {
  for (const c of record.components ?? []) {
    if (c.lot !== undefined) out.lots.add(c.lot);
    const serials = [c.serial, c.reserializedAs, c.originalSerial].filter(
      (s): s is string => s !== undefined,
    );
    for (const serial of serials) {
      if (out.serials.has(serial)) continue;
      out.serials.add(serial);
      const sub = await UnitRecords.get(tx, serial);
      if (!sub) continue;
      if (sub.lot !== undefined) out.lots.add(sub.lot);
      if (depth < MAX_DEPTH) await walk(tx, sub, out, depth + 1);
    }
  }
}
