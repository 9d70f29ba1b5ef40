/**
 * The serial record: one per serial ever issued, keyed by serial in Sublevels.serials. It is the
 * issued-serial index and, once the serial is on a unit, the unit's state. It is rewritten in the
 * same batch as each event about the unit, and lists those events' seqs.
 */
import type { EventInput, GatewayEvent } from '../events/event';
import type { Tx } from '../store/journal';
import { Sublevels } from '../store/layout';

export type UnitStatus = 'started' | 'in-process' | 'completed' | 'scrapped';

export interface SerialRecord {
  serial: string;
  status: UnitStatus;
  /** the scheme, counter key and sequence number it was issued from. */
  scheme: string;
  key: string;
  seq: number;
  partNumber?: string;
  workOrder?: string;
  /** the start station that issued the serial. */
  station: string;
  issuedAt: string;
  carrier?: string;
  /** seqs of the events about this serial, in order. */
  events: number[];
}

/** Appends an event about `record`'s unit and writes the record (with the event's seq) with it. */
export function appendUnitEvent(
  tx: Tx,
  record: SerialRecord,
  input: Omit<EventInput, 'serial'>,
): GatewayEvent {
  const event = tx.appendEvent({ ...input, serial: record.serial });
  record.events.push(event.seq);
  tx.put(Sublevels.serials, record.serial, record);
  return event;
}
