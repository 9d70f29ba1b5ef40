/**
 * The serial record: one per serial ever issued, keyed by serial in Sublevels.serials. It is the
 * issued-serial index and, once the serial is on a unit, the unit's state: status, carrier and
 * components. It is rewritten in the same batch as each event about the unit, and lists those
 * events' seqs.
 */
import type { EventInput, GatewayEvent } from '../events/event';
import type { Tx } from '../store/journal';
import { Sublevels } from '../store/layout';

export type UnitStatus = 'started' | 'in-process' | 'completed' | 'scrapped';

/** A component or lot consumed into a unit. */
export interface ComponentRecord {
  serial?: string;
  lot?: string;
  partNumber?: string;
  gtin?: string;
  quantity: number;
  station: string;
  time: string;
  /** how it was seen: a scan, an RFID read, the PLC, the API. */
  source: 'scan' | 'rfid' | 'plc' | 'api';
  expiry?: string;
  prodDate?: string;
}

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
  /** the carrier tag the unit rides on, while bound. */
  carrier?: string;
  components?: ComponentRecord[];
  /** seqs of the events about this serial, in order. */
  events: number[];
}

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
