/**
 * Decisions about a unit taken outside a station cycle: scrap and rework. Each is one synced
 * batch with its event; impossible moves are refused by the status machine.
 */
import { LinegateError } from '../errors';
import type { Journal, Tx } from '../store/journal';
import { Sublevels } from '../store/layout';
import { moveUnit } from '../units/status';
import { appendUnitEvent, type SerialRecord } from '../units/unit';
import { releaseCarrier } from './carriers';
import { removeComponent } from './consume';
import { closeNonconformances } from '../release/nonconformance';

async function unitRecord(tx: Tx, serial: string): Promise<SerialRecord> {
  const record = await tx.get<SerialRecord>(Sublevels.serials, serial);
  if (!record) throw new LinegateError('UNIT_UNKNOWN', `no unit has serial ${serial}`);
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
    const record = await unitRecord(tx, serial);
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
    const record = await unitRecord(tx, serial);
    for (const component of remove)
      await removeComponent(tx, record, component, station ?? record.station, reason);
    if (record.status !== 'in-process') moveUnit(record, 'rework');
    appendUnitEvent(tx, record, { type: 'unit.reworked', station, data: { reason, removed: remove } });
    await closeNonconformances(tx, record, { by: 'rework', reason, station });
    return record;
  });
}
