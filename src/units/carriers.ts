/**
 * Carrier (RFID pallet) to unit binding for one-piece flow. A carrier holds one unit at a time:
 * binding it to a new unit releases it from the old one first, on the record.
 */
import type { Tx } from '../store/journal';
import { Sublevels } from '../store/layout';
import type { Store } from '../store/store';
import type { SerialRecord } from './unit';
import { UnitRecords, appendUnitEvent } from './records';

/** What the carriers sublevel holds for a bound carrier. */
export interface CarrierBinding {
  serial: string;
  station: string;
  boundAt: string;
}

/** The unit a carrier holds now, if any. */
export async function unitOnCarrier(tx: Tx, epc: string): Promise<string | undefined> {
  return (await tx.get<CarrierBinding>(Sublevels.carriers, epc))?.serial;
}

/** The unit a carrier holds now, read from the store (no transaction: API and hold listings). */
export async function readUnitOnCarrier(store: Store, epc: string): Promise<string | undefined> {
  return ((await store.sub(Sublevels.carriers).get(epc)) as CarrierBinding | undefined)?.serial;
}

/** Binds `epc` to the unit, in the caller's transaction (carrier.bound). */
export async function bindCarrier(
  tx: Tx,
  record: SerialRecord,
  epc: string,
  station: string,
  now: number,
): Promise<void> {
  const previous = await tx.get<CarrierBinding>(Sublevels.carriers, epc);
  if (previous && previous.serial !== record.serial) {
    const old = await UnitRecords.get(tx, previous.serial);
    if (old) await releaseCarrier(tx, old, station, 'rebound to another unit');
  }
  const binding: CarrierBinding = { serial: record.serial, station, boundAt: new Date(now).toISOString() };
  tx.put(Sublevels.carriers, epc, binding);
  record.carrier = epc;
  appendUnitEvent(tx, record, { type: 'carrier.bound', station, data: { carrier: epc } });
}

/** Releases the unit's carrier, if it has one (carrier.released). */
export async function releaseCarrier(
  tx: Tx,
  record: SerialRecord,
  station: string,
  reason: string,
): Promise<void> {
  const epc = record.carrier;
  if (epc === undefined) return;
  const binding = await tx.get<CarrierBinding>(Sublevels.carriers, epc);
  if (binding?.serial === record.serial) tx.del(Sublevels.carriers, epc);
  delete record.carrier;
  appendUnitEvent(tx, record, { type: 'carrier.released', station, data: { carrier: epc, reason } });
}
