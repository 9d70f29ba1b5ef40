/**
 * Where-used by brute force, from the unit records alone: every unit one of whose components
 * carries the lot (its own lot, or the lot of the received record of its serial), directly or
 * through a sub-assembly built here. The reference the where-used index is checked against.
 */
import type { SerialRecord } from '../../src/units/unit';

/** lot → the units that contain it, sorted, for every lot found in the records. */
export function bruteForceLots(records: ReadonlyMap<string, SerialRecord>): Map<string, string[]> {
  const memo = new Map<string, Set<string>>();
  const lotsOf = (r: SerialRecord, depth: number): Set<string> => {
    const known = memo.get(r.serial);
    if (known) return known;
    const lots = new Set<string>();
    for (const c of r.components ?? []) {
      if (c.lot !== undefined) lots.add(c.lot);
      const sub = c.serial === undefined ? undefined : records.get(c.serial);
      if (sub?.lot !== undefined) lots.add(sub.lot);
      if (sub && depth < 32) for (const l of lotsOf(sub, depth + 1)) lots.add(l);
    }
    memo.set(r.serial, lots);
    return lots;
  };
  const out = new Map<string, string[]>();
  for (const r of records.values())
    for (const lot of lotsOf(r, 0)) out.set(lot, [...(out.get(lot) ?? []), r.serial]);
  for (const units of out.values()) units.sort();
  return out;
}
