/**
 * Consumption of components and lots into units, with the where-used index kept in the same
 * batch: a serial component is installed in one unit at a time; a lot may go into many. A
 * component the plant knows moves to consumed (and back on removal); one it does not know is
 * accepted with a component.unknown warning event, or refused, as the station is configured.
 */
import { LinegateError } from '../errors';
import type { Tx } from '../store/journal';
import { Sublevels, joinKey } from '../store/layout';
import { moveUnit } from './status';
import type { ComponentRecord, SerialRecord } from './unit';
import { UnitRecords, appendUnitEvent } from './records';
import { lookupComponent } from './known';

/** Where a serial component is installed. */
export interface Installation {
  unit: string;
  station: string;
  time: string;
}

/** What a station does with a component the plant does not know. */
export type UnknownPolicy = 'accept' | 'refuse';

/** Every lot a component carries: its own, and those of the received records of its serial(s). */
export function componentLots(
  component: Pick<ComponentRecord, 'lot'>,
  records: ReadonlyArray<Pick<SerialRecord, 'lot'>>,
): string[] {
  const lots = new Set<string>();
  if (component.lot !== undefined) lots.add(component.lot);
  for (const r of records) if (r.lot !== undefined) lots.add(r.lot);
  return [...lots];
}

/** The where-used key of a serial component. */
export const serialUseKey = (serial: string) => joinKey('serial', serial);
/** The where-used key of a lot in one unit; a range over `lot\0L\0` lists every unit. */
export const lotUseKey = (lot: string, unit: string) => joinKey('lot', lot, unit);

/**
 * Consumes a component into the unit (component.consumed). Refuses a unit whose status does not
 * allow it, a serial already installed in another unit (or in this one, under either serial of a
 * re-serialized part), a known serial that cannot be consumed (reserved, voided, scrapped), and,
 * with `unknown: 'refuse'`, a component the plant does not know (COMPONENT_UNKNOWN).
 */
export async function consumeComponent(
  tx: Tx,
  record: SerialRecord,
  component: ComponentRecord,
  opts: { unknown?: UnknownPolicy } = {},
): Promise<void> {
  moveUnit(record, 'consume');
  const found = await lookupComponent(tx, component);
  if (component.serial !== undefined) {
    if (found.serials.includes(record.serial)) {
      throw new LinegateError('COMPONENT_IN_USE', `unit ${record.serial} cannot consume itself`);
    }
    for (const serial of found.serials) {
      const installed = await tx.get<Installation>(Sublevels.uses, serialUseKey(serial));
      if (installed) {
        throw new LinegateError(
          'COMPONENT_IN_USE',
          `component ${component.serial} is already installed in unit ${installed.unit} (at ${installed.station}, ${installed.time})`,
        );
      }
    }
    for (const r of found.records) moveUnit(r, 'use');
    const into: Installation = { unit: record.serial, station: component.station, time: component.time };
    tx.put(Sublevels.uses, serialUseKey(component.serial), into);
  } else if (component.lot === undefined) {
    throw new TypeError('a component needs a serial or a lot');
  }
  // Every lot the component carries is indexed, serial or not: the recall question must never
  // answer short. A received serial's lot counts when the scan did not carry one.
  const lot = component.lot ?? found.records.find((r) => r.lot !== undefined)?.lot;
  for (const l of componentLots({ ...component, lot }, found.records))
    tx.put(Sublevels.uses, lotUseKey(l, record.serial), true);
  const consumed: ComponentRecord = {
    ...component,
    ...(lot !== undefined && { lot }),
    known: found.known,
    ...found.link,
  };
  if (!found.known) {
    const what = component.serial !== undefined ? `serial ${component.serial}` : `lot ${component.lot}`;
    if (opts.unknown === 'refuse')
      throw new LinegateError(
        'COMPONENT_UNKNOWN',
        `component ${what} is not known here (not received, not built here); station ${component.station} refuses unknown components`,
      );
    appendUnitEvent(tx, record, {
      type: 'component.unknown',
      station: component.station,
      data: { component: consumed, policy: 'accept' },
    });
  }
  record.components = [...(record.components ?? []), consumed];
  const event = appendUnitEvent(tx, record, {
    type: 'component.consumed',
    station: component.station,
    data: { component: consumed },
  });
  for (const r of found.records) {
    // The component's own history shows the consumption that moved it.
    UnitRecords.link(tx, r, event.seq);
  }
}

/** Removes a serial component from its unit for rework (component.removed); it may be reused. */
export async function removeComponent(
  tx: Tx,
  record: SerialRecord,
  serial: string,
  station: string,
  reason: string,
): Promise<void> {
  const found = await lookupComponent(tx, { serial });
  let installedAs: string | undefined;
  for (const s of found.serials) {
    const installed = await tx.get<Installation>(Sublevels.uses, serialUseKey(s));
    if (installed?.unit === record.serial) installedAs = s;
  }
  if (installedAs === undefined) {
    throw new LinegateError(
      'COMPONENT_IN_USE',
      `component ${serial} is not installed in unit ${record.serial}`,
    );
  }
  moveUnit(record, 'rework');
  tx.del(Sublevels.uses, serialUseKey(installedAs));
  const removed = (record.components ?? []).filter((c) => c.serial === installedAs);
  record.components = (record.components ?? []).filter((c) => c.serial !== installedAs);
  const kept = new Set(record.components.flatMap((c) => componentLots(c, [])));
  for (const l of removed.flatMap((c) => componentLots(c, found.records)))
    if (!kept.has(l)) tx.del(Sublevels.uses, lotUseKey(l, record.serial));
  const event = appendUnitEvent(tx, record, {
    type: 'component.removed',
    station,
    data: { component: { serial: installedAs }, reason },
  });
  for (const r of found.records) {
    if (r.status !== 'consumed') continue;
    moveUnit(r, 'unuse');
    UnitRecords.link(tx, r, event.seq);
  }
}
