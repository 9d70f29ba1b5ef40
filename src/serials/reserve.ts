/**
 * Bulk pre-assignment: N serials of a scheme reserved for a work order in one synced batch (with
 * one serial.reserved event listing them), appended to the work order's pool, whose start cycles
 * then take them in order. And void of single serials that were never used.
 */
import { LinegateError } from '../errors';
import type { Clock } from '../ports';
import type { Journal } from '../store/journal';
import { moveUnit } from '../units/status';
import type { SerialRecord } from '../units/unit';
import { appendUnitEvent, UnitRecords } from '../units/records';
import { appendToPool } from './pool';
import type { SerialScheme } from './scheme';

/** Most serials one reservation takes: its event lists them all. */
export const MAX_RESERVE = 10_000;

export interface ReserveRequest {
  scheme: SerialScheme;
  count: number;
  workOrder: string;
  partNumber?: string;
  /** the station the serials are rendered for ({station} tokens, and the record's station until started). */
  station: string;
}

/** The serials reserved, in the order the work order's starts will take them. */
export interface ReserveResult {
  workOrder: string;
  scheme: string;
  count: number;
  serials: string[];
  seq: number;
}

/** Reserves `count` serials in one synced batch; throws SERIAL_EXHAUSTED (nothing reserved) when the scheme runs out. */
export async function reserveSerials(
  journal: Journal,
  clock: Clock,
  req: ReserveRequest,
): Promise<ReserveResult> {
  if (!Number.isSafeInteger(req.count) || req.count < 1 || req.count > MAX_RESERVE)
    throw new TypeError(`count must be 1 to ${MAX_RESERVE}, not ${req.count}`);
  return journal.run(async (tx) => {
    const issued = [];
    for (let i = 0; i < req.count; i++) issued.push(await req.scheme.issue(tx, req.station));
    const serials = issued.map((s) => s.serial);
    const event = tx.appendEvent({
      type: 'serial.reserved',
      station: req.station,
      partNumber: req.partNumber,
      workOrder: req.workOrder,
      data: { scheme: req.scheme.name, count: req.count, first: serials[0], last: serials.at(-1), serials },
    });
    const at = new Date(clock.now()).toISOString();
    for (const s of issued) {
      const record: SerialRecord = {
        serial: s.serial,
        status: 'reserved',
        scheme: req.scheme.name,
        key: s.key,
        seq: s.seq,
        ...(req.partNumber !== undefined && { partNumber: req.partNumber }),
        workOrder: req.workOrder,
        station: req.station,
        issuedAt: at,
        events: [event.seq],
        kind: 'unit',
        origin: 'reserved',
      };
      UnitRecords.put(tx, record);
    }
    await appendToPool(tx, req.workOrder, serials);
    return { workOrder: req.workOrder, scheme: req.scheme.name, count: req.count, serials, seq: event.seq };
  });
}

/** One serial that could not be voided, and why. */
export interface VoidRefusal {
  serial: string;
  code: string;
  error: string;
}

/**
 * Voids the named serials (serial.voided with the reason, one event each) in one synced batch.
 * Only serials never used can be voided: reserved, printed, or received and not consumed.
 */
export async function voidSerials(
  journal: Journal,
  serials: readonly string[],
  reason: string,
  by: string,
): Promise<{ voided: string[]; refused: VoidRefusal[] }> {
  return journal.run(async (tx) => {
    const voided: string[] = [];
    const refused: VoidRefusal[] = [];
    for (const serial of new Set(serials)) {
      try {
        const record = await UnitRecords.require(tx, serial);
        moveUnit(record, 'void');
        appendUnitEvent(tx, record, { type: 'serial.voided', data: { reason, by } });
        voided.push(serial);
      } catch (err) {
        if (!(err instanceof LinegateError)) throw err;
        refused.push({ serial, code: err.code, error: err.message });
      }
    }
    return { voided, refused };
  });
}
