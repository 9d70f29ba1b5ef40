/**
 * Read side of units: what GET /api/units/{serial} answers, from the gateway's own store.
 */
import type { GatewayEvent } from '../events/event';
import type { Store } from '../store/store';
import { Sublevels, seqKey } from '../store/layout';
import type { SerialRecord } from '../units/unit';
import { asBuilt, type ComponentView } from './trace';
import { UnitRecords } from '../units/records';

/** A unit as the API shows it (docs/contracts.md §6). */
export interface UnitView {
  serial: string;
  status: SerialRecord['status'];
  partNumber: string | null;
  workOrder: string | null;
  carrier: string | null;
  components: ComponentView[];
  events: GatewayEvent[];
  /** the holds in force on the unit (added by the line when process release runs). */
  holds?: unknown[];
  /** the unit's nonconformances (likewise). */
  nonconformances?: unknown[];
}

/** The unit with its events in seq order, or undefined for an unknown serial. */
export async function readUnit(store: Store, serial: string): Promise<UnitView | undefined> {
  const record = await UnitRecords.read(store, serial);
  if (!record) return undefined;
  const events = (await store.sub(Sublevels.events).getMany(record.events.map(seqKey))) as GatewayEvent[];
  return {
    serial,
    status: record.status,
    partNumber: record.partNumber ?? null,
    workOrder: record.workOrder ?? null,
    carrier: record.carrier ?? null,
    components: await asBuilt(store, record),
    events: events.filter((e) => e !== undefined),
  };
}
