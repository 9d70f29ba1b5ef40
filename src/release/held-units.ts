/**
 * The units a hold covers now, for the API's answer, the holds list and containment: a serial and
 * every unit it went into, or every unit containing a lot, from the genealogy module's where-used
 * trace; the unit on a carrier; the units of a part number or work order not yet final. A station
 * hold covers whichever unit comes to the station, so it lists none.
 */
import { whereUsed } from '../genealogy/trace';
import type { Store } from '../store/store';
import type { UnitStatus } from '../units/unit';
import { readUnitOnCarrier } from '../units/carriers';
import { scopeOf, type HoldScope } from './holds';
import { UnitRecords } from '../units/records';

/** Units a part number or work order hold lists: built here, started and not final. */
const LIVE: ReadonlySet<UnitStatus> = new Set<UnitStatus>(['started', 'in-process']);

/** The units the scope covers now, sorted. */
export async function heldUnits(store: Store, scope: HoldScope): Promise<string[]> {
  const [kind, value] = scopeOf(scope);
  switch (kind) {
    case 'serial': {
      const self = (await UnitRecords.read(store, value)) === undefined ? [] : [value];
      return [...new Set([...self, ...(await whereUsed(store, { serial: value }))])].sort();
    }
    case 'lot':
      return whereUsed(store, { lot: value });
    case 'carrier': {
      const serial = await readUnitOnCarrier(store, value);
      return serial !== undefined ? [serial] : [];
    }
    case 'station':
      return [];
    default: {
      const out: string[] = [];
      for await (const r of UnitRecords.scan(store)) {
        if (LIVE.has(r.status) && r[kind] === value) out.push(r.serial);
      }
      return out;
    }
  }
}
