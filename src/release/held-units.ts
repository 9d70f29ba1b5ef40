/**
 * The units a hold covers now, for the API's answer, the holds list and containment: a serial and
 * every unit it went into, or every unit containing a lot, from the genealogy module's where-used
 * trace; the unit on a carrier; the units of a part number or work order not yet final. A station
 * hold covers whichever unit comes to the station, so it lists none.
 */
import { whereUsed } from '../genealogy/trace';
import { Sublevels } from '../store/layout';
import type { Store } from '../store/store';
import type { SerialRecord, UnitStatus } from '../units/unit';
import type { CarrierBinding } from '../genealogy/carriers';
import { scopeOf, type HoldScope } from './holds';

/** Units a part number or work order hold lists: built here, started and not final. */
const LIVE: ReadonlySet<UnitStatus> = new Set<UnitStatus>(['started', 'in-process']);

/** The units the scope covers now, sorted. */
export async function heldUnits(store: Store, scope: HoldScope): Promise<string[]> {
  const [kind, value] = scopeOf(scope);
  const serials = store.sub(Sublevels.serials);
  switch (kind) {
    case 'serial': {
      const self = (await serials.get(value)) === undefined ? [] : [value];
      return [...new Set([...self, ...(await whereUsed(store, { serial: value }))])].sort();
    }
    case 'lot':
      return whereUsed(store, { lot: value });
    case 'carrier': {
      const binding = (await store.sub(Sublevels.carriers).get(value)) as CarrierBinding | undefined;
      return binding ? [binding.serial] : [];
    }
    case 'station':
      return [];
    default: {
      const out: string[] = [];
      for await (const record of serials.values()) {
        const r = record as SerialRecord;
        if (LIVE.has(r.status) && r[kind] === value) out.push(r.serial);
      }
      return out;
    }
  }
}
