/**
 * The changes a unit goes through: its start, an operation result, completion, scrap and
 * rework. Each moves the status machine, appends its event and writes the record in the caller's
 * transaction (or, for scrap and rework, in one synced batch of its own); impossible moves are
 * refused by the status machine, an unknown serial with UNIT_UNKNOWN.
 */
import type { GatewayEvent } from '../events/event';
import type { Journal, Tx } from '../store/journal';
import { closeNonconformances } from '../release/nonconformance';
import { bindCarrier, releaseCarrier } from './carriers';
import { removeComponent } from './consume';
import { UnitRecords, appendUnitEvent } from './records';
import { moveUnit } from './status';
import type { SerialRecord } from './unit';

/** How a unit was started, as its unit.started event tells it. */
export interface StartFacts {
  station: string;
  scheme: string;
  /** what asked for the start: the trigger's source (plc, api, gpio...). */
  trigger: string;
  requestId?: string;
  /** the serial came from the work order's pool (reserved or imported) rather than the scheme. */
  preassigned: boolean;
  /** the carrier tag the unit rides on, bound in the same batch. */
  carrier?: string;
  /** now, in ms since the epoch (the binding's time). */
  now: number;
}

/** Records a unit's start (unit.started) and binds its carrier, in the caller's transaction. */
export async function recordStart(tx: Tx, record: SerialRecord, start: StartFacts): Promise<void> {
  const { station, preassigned } = start;
  appendUnitEvent(tx, record, {
    type: 'unit.started',
    station,
    partNumber: record.partNumber,
    workOrder: record.workOrder,
    data: {
      scheme: start.scheme,
      trigger: start.trigger,
      ...(start.requestId !== undefined && { requestId: start.requestId }),
      ...(preassigned && { preassigned: record.origin, preprinted: record.preprinted === true }),
    },
  });
  if (start.carrier !== undefined) await bindCarrier(tx, record, start.carrier, station, start.now);
}

/** What an operation.completed event carries: the result, parameters and who or what did it. */
export interface OperationData {
  result?: 'pass' | 'fail';
  parameters: Record<string, unknown>;
  operator?: string;
  tool?: string;
  code?: string;
}

/**
 * Records an operation at `station` (operation.completed) in the caller's transaction; fields of
 * `data` left undefined are not recorded. Resolves with the record and the event.
 */
export async function recordOperation(
  tx: Tx,
  serial: string,
  station: string,
  data: OperationData,
): Promise<{ record: SerialRecord; event: GatewayEvent }> {
  const record = await UnitRecords.require(tx, serial);
  moveUnit(record, 'operate');
  const { result, parameters, operator, tool, code } = data;
  const recorded: Record<string, unknown> = { result, parameters, operator, tool, code };
  for (const k of Object.keys(recorded)) if (recorded[k] === undefined) delete recorded[k];
  const event = appendUnitEvent(tx, record, { type: 'operation.completed', station, data: recorded });
  return { record, event };
}

/** Completes a unit at an end station (unit.completed) and releases its carrier, in the caller's transaction. */
export async function completeUnit(tx: Tx, serial: string, station: string): Promise<SerialRecord> {
  const record = await UnitRecords.require(tx, serial);
  moveUnit(record, 'complete');
  appendUnitEvent(tx, record, { type: 'unit.completed', station });
  await releaseCarrier(tx, record, station, 'unit completed');
  return record;
}

/** Scraps a unit (unit.scrapped) and releases its carrier. */
export function scrapUnit(
  journal: Journal,
  serial: string,
  reason: string,
  station?: string,
): Promise<SerialRecord> {
  return journal.run(async (tx) => {
    const record = await UnitRecords.require(tx, serial);
    moveUnit(record, 'scrap');
    appendUnitEvent(tx, record, { type: 'unit.scrapped', station, data: { reason } });
    await closeNonconformances(tx, record, { by: 'scrap', reason, station });
    await releaseCarrier(tx, record, station ?? record.station, 'unit scrapped');
    return record;
  });
}

/** Takes a unit back in process for rework (unit.reworked), removing the named components. */
export function reworkUnit(
  journal: Journal,
  serial: string,
  reason: string,
  remove: string[] = [],
  station?: string,
): Promise<SerialRecord> {
  return journal.run(async (tx) => {
    const record = await UnitRecords.require(tx, serial);
    for (const component of remove)
      await removeComponent(tx, record, component, station ?? record.station, reason);
    if (record.status !== 'in-process') moveUnit(record, 'rework');
    appendUnitEvent(tx, record, { type: 'unit.reworked', station, data: { reason, removed: remove } });
    await closeNonconformances(tx, record, { by: 'rework', reason, station });
    return record;
  });
}
