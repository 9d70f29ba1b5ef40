/**
 * What the plant knows of a component before it is consumed ("serial in inventory" or not): a
 * serial is known when the issued-serial index has it (received from a supplier, imported, or
 * built here) or its lot was received; a lot when it was received. A re-serialized part is one
 * part under two serials: either finds both records, which move together, and both serials are
 * checked for an installation.
 */
import type { Tx } from '../store/journal';
import { Sublevels } from '../store/layout';
import { UnitRecords } from './records';
import type { ComponentRecord, SerialRecord } from './unit';

/** A component as the store knows it. */
export interface KnownComponent {
  known: boolean;
  /** the records whose status a consumption moves: the part's, and its other serial's if re-serialized. */
  records: SerialRecord[];
  /** every serial the part goes by, the scanned one first. */
  serials: string[];
  /** the other serial of a re-serialized part, as the component record shows it. */
  link?: Pick<ComponentRecord, 'reserializedAs' | 'originalSerial'>;
}

/** Looks the component up inside the caller's transaction. */
export async function lookupComponent(
  tx: Tx,
  component: Pick<ComponentRecord, 'serial' | 'lot'>,
): Promise<KnownComponent> {
  const lotKnown = async () =>
    component.lot !== undefined && (await tx.get(Sublevels.lots, component.lot)) !== undefined;
  if (component.serial === undefined) return { known: await lotKnown(), records: [], serials: [] };
  const serial = component.serial;
  const record = await UnitRecords.get(tx, serial);
  // A supplier serial not received one by one, of a lot that was, is known through its lot.
  if (!record) return { known: await lotKnown(), records: [], serials: [serial] };
  const other = record.reserializedAs ?? record.originalSerial;
  if (other === undefined) return { known: true, records: [record], serials: [serial] };
  const linked = await UnitRecords.get(tx, other);
  return {
    known: true,
    records: linked ? [record, linked] : [record],
    serials: [serial, other],
    link: record.reserializedAs !== undefined ? { reserializedAs: other } : { originalSerial: other },
  };
}
