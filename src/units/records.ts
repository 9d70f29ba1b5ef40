/**
 * The one door to the unit records (Sublevels.serials): read one in a transaction or from the
 * store, require one (UNIT_UNKNOWN, written here only), write one with the event that changes
 * it. Every module outside units/ and genealogy/ reads and changes unit records through here, so
 * the record and the events listing it are always written in the same synced batch.
 */
import { LinegateError } from '../errors';
import type { EventInput, GatewayEvent } from '../events/event';
import type { BulkWriter, Tx } from '../store/journal';
import { Sublevels } from '../store/layout';
import type { Store } from '../store/store';
import type { SerialRecord } from './unit';

/** A range of serials (LevelDB iterator options). */
export interface KeyRange {
  gt?: string;
  gte?: string;
  lt?: string;
  lte?: string;
  limit?: number;
}

/** Store reads are batched this many keys at a time (getMany). */
const READ_CHUNK = 500;

/** The error for a serial no unit has (API: 404). */
export function unitUnknown(serial: string): LinegateError {
  return new LinegateError('UNIT_UNKNOWN', `no unit has serial ${serial}`);
}

/** Reads and writes of unit records. */
export const UnitRecords = {
  /** The record of `serial` in the caller's transaction, or undefined. */
  get(tx: Tx, serial: string): Promise<SerialRecord | undefined> {
    return tx.get<SerialRecord>(Sublevels.serials, serial);
  },

  /** The record of `serial` in the caller's transaction; throws UNIT_UNKNOWN when there is none. */
  async require(tx: Tx, serial: string): Promise<SerialRecord> {
    const record = await tx.get<SerialRecord>(Sublevels.serials, serial);
    if (!record) throw unitUnknown(serial);
    return record;
  },

  /**
   * Writes the record without an event: a new serial (issued, reserved, received), or a change
   * whose event is written by appendUnitEvent on another record of the same transaction.
   */
  put(tx: Tx, record: SerialRecord): void {
    tx.put(Sublevels.serials, record.serial, record);
  },

  /** Writes a new record through a bulk writer (imports of many serials; see Journal.runBulk). */
  putBulk(bulk: BulkWriter, record: SerialRecord): void {
    bulk.put(Sublevels.serials, record.serial, record);
  },

  /** Lists the event `seq` in the record's history and writes it (the component a consumption moved). */
  link(tx: Tx, record: SerialRecord, seq: number): void {
    record.events.push(seq);
    tx.put(Sublevels.serials, record.serial, record);
  },

  /** The record of `serial` as the store holds it (no transaction: read side and listings). */
  async read(store: Store, serial: string): Promise<SerialRecord | undefined> {
    return (await store.sub(Sublevels.serials).get(serial)) as SerialRecord | undefined;
  },

  /** The records of `serials`, in the same order (undefined for an unknown serial), read in chunks. */
  async readMany(store: Store, serials: readonly string[]): Promise<Array<SerialRecord | undefined>> {
    const sub = store.sub(Sublevels.serials);
    const out: Array<SerialRecord | undefined> = [];
    for (let i = 0; i < serials.length; i += READ_CHUNK)
      out.push(...((await sub.getMany(serials.slice(i, i + READ_CHUNK))) as Array<SerialRecord | undefined>));
    return out;
  },

  /** Every record in serial order, optionally within a key range (listings, scans by part or work order). */
  async *scan(store: Store, range: KeyRange = {}): AsyncGenerator<SerialRecord> {
    for await (const value of store.sub(Sublevels.serials).values(range)) yield value as SerialRecord;
  },

  /** Every issued serial in order within a key range, without reading the records (collision checks). */
  keys(store: Store, range: KeyRange): AsyncIterable<string> {
    return store.sub(Sublevels.serials).keys(range);
  },
};

/** Appends an event about `record`'s unit and writes the record (with the event's seq) with it. */
export function appendUnitEvent(
  tx: Tx,
  record: SerialRecord,
  input: Omit<EventInput, 'serial'>,
): GatewayEvent {
  const event = tx.appendEvent({
    ...input,
    serial: record.serial,
    partNumber: input.partNumber ?? record.partNumber,
    workOrder: input.workOrder ?? record.workOrder,
  });
  record.events.push(event.seq);
  tx.put(Sublevels.serials, record.serial, record);
  return event;
}
