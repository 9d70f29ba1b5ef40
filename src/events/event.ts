/**
 * The event envelope of docs/contracts.md §5. Types are only ever added, never removed or renamed.
 */
export const EVENT_TYPES = [
  'unit.started',
  'label.printed',
  'label.failed',
  'component.consumed',
  'operation.completed',
  'unit.completed',
  'unit.scrapped',
  'serial.voided',
  'carrier.bound',
  'carrier.released',
  // Added by linegate (the contract allows additions): rework of a unit.
  'component.removed',
  'unit.reworked',
  // Added by the serial lifecycle: one event per reservation batch, import or receipt (its
  // serials list the event's seq), a consumed component the plant did not know, and the link
  // between a supplier's serial and the plant's own.
  'serial.reserved',
  'serial.imported',
  'component.received',
  'component.unknown',
  'serial.reserialized',
  // Process release (holds, refusals) and the nonconformances failed operations open.
  'hold.placed',
  'hold.released',
  'unit.refused',
  'nonconformance.opened',
  'nonconformance.closed',
  // Added by the store's high-water mark: seqs and serial numbers skipped after the store was
  // found damaged or could not be proven complete (docs/store-integrity.md).
  'store.gap',
] as const;

export type EventType = (typeof EVENT_TYPES)[number];

/** One record of something that happened, as stored and as sent upstream. */
export interface GatewayEvent {
  /** UUIDv7: unique for ever, the receivers' dedup key. */
  id: string;
  /** per gateway, from 1, +1 per event, no gaps. */
  seq: number;
  gatewayId: string;
  type: EventType;
  /** ISO 8601 UTC with milliseconds. */
  time: string;
  station?: string;
  serial?: string;
  partNumber?: string;
  workOrder?: string;
  data: Record<string, unknown>;
}

/** What a caller supplies; the journal adds id, seq, gatewayId and time. */
export type EventInput = Omit<GatewayEvent, 'id' | 'seq' | 'gatewayId' | 'time' | 'data'> & {
  data?: Record<string, unknown>;
};
