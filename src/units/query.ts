/**
 * Read side of units: what GET /api/units/{serial} answers, from the gateway's own store.
 */
import type { GatewayEvent } from '../events/event';
import type { Store } from '../store/store';
import { Sublevels, joinKey } from '../store/layout';
import type { UnitRecord } from './unit';

/** A unit as the API shows it (CONTRACTS §6). */
export interface UnitView {
  serial: string;
  status: UnitRecord['status'];
  partNumber: string | null;
  workOrder: string | null;
  carrier: string | null;
  components: unknown[];
  events: GatewayEvent[];
}

/** The unit with its events in seq order, or undefined for an unknown serial. */
export async function readUnit(store: Store, serial: string): Promise<UnitView | undefined> {
  const record = (await store.sub(Sublevels.units).get(serial)) as UnitRecord | undefined;
  if (!record) return undefined;
  const prefix = joinKey(serial, '');
  const seqKeys: string[] = [];
  for await (const key of store
    .sub(Sublevels.unitEvents)
    .keys({ gte: prefix, lt: joinKey(serial, '\xff') })) {
    seqKeys.push(key.slice(prefix.length));
  }
  const events = (await store.sub(Sublevels.events).getMany(seqKeys)) as GatewayEvent[];
  return {
    serial,
    status: record.status,
    partNumber: record.partNumber ?? null,
    workOrder: record.workOrder ?? null,
    carrier: record.carrier ?? null,
    components: [],
    events: events.filter((e) => e !== undefined),
  };
}
