/**
 * The serial record: one per serial ever issued, keyed by serial in Sublevels.serials. It is the
 * issued-serial index and, once the serial is on a unit, the unit's state: status, carrier and
 * components. It is rewritten in the same batch as each event about the unit, and lists those
 * events' seqs; src/units/records.ts is the one place that reads and writes it.
 */

/**
 * A serial's status. Units built here: reserved (pre-assigned to a work order) → printed (its
 * label printed in a batch) → started → in-process → completed; components received from a
 * supplier: received ("serial in inventory"). Either may end consumed (into another unit),
 * scrapped, or, never used, voided. src/units/status.ts holds the allowed moves.
 */
export type UnitStatus =
  | 'reserved'
  | 'printed'
  | 'started'
  | 'in-process'
  | 'completed'
  | 'received'
  | 'consumed'
  | 'scrapped'
  | 'voided';

/** Every status, in lifecycle order (for validation and documentation). */
export const UNIT_STATUSES: readonly UnitStatus[] = [
  'reserved',
  'printed',
  'started',
  'in-process',
  'completed',
  'received',
  'consumed',
  'scrapped',
  'voided',
];

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
  /** false when the plant knew neither the serial nor the lot (serial not in inventory). */
  known?: boolean;
  /** a supplier serial the plant re-serialized: the plant's own serial of the same part. */
  reserializedAs?: string;
  /** a plant serial given to a received part: the supplier's original serial. */
  originalSerial?: string;
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
  /** the start station that issued the serial ('' for a received component or a pool serial not yet started). */
  station: string;
  /** when the serial was issued, reserved, imported or received. */
  issuedAt: string;
  /** unit (built here; the default) or component (received from a supplier). */
  kind?: 'unit' | 'component';
  /** how the serial came to the plant: reserved from a scheme, imported from a file, received by the API. */
  origin?: 'reserved' | 'imported' | 'received' | 'reserialized';
  /** the import (content hash) that brought the serial in. */
  importId?: string;
  lot?: string;
  gtin?: string;
  /** GS1 form YYMMDD, as scans give it. */
  expiry?: string;
  /** the label was printed in a batch before the start: the start prints no second one. */
  preprinted?: boolean;
  /** while consumed: the status to return to should the component be removed (rework). */
  consumedFrom?: UnitStatus;
  /** re-serialization: the plant serial given to this supplier serial. */
  reserializedAs?: string;
  /** re-serialization: the supplier serial this plant serial replaced. */
  originalSerial?: string;
  /** the carrier tag the unit rides on, while bound. */
  carrier?: string;
  components?: ComponentRecord[];
  /** seqs of the events about this serial, in order. */
  events: number[];
}
