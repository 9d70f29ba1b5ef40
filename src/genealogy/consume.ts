/**
 * Consumption of components and lots into units, with the where-used index kept in the same
 * batch: a serial component is installed in one unit at a time; a lot may go into many.
 */
import { LinegateError } from '../errors';
import type { Tx } from '../store/journal';
import { Sublevels, joinKey } from '../store/layout';
import { moveUnit } from '../units/status';
import { appendUnitEvent, type ComponentRecord, type SerialRecord } from '../units/unit';

/** Where a serial component is installed. */
export interface Installation {
  unit: string;
  station: string;
  time: string;
}

/** The where-used key of a serial component. */
export const serialUseKey = (serial: string) => joinKey('serial', serial);
/** The where-used key of a lot in one unit; a range over `lot\0L\0` lists every unit. */
export const lotUseKey = (lot: string, unit: string) => joinKey('lot', lot, unit);

/**
 * Consumes a component into the unit (component.consumed). Refuses a unit whose status does not
 * allow it, and a serial already installed in another unit (or in this one).
 */
export async function consumeComponent(
  tx: Tx,
  record: SerialRecord,
  component: ComponentRecord,
): Promise<void> {
  moveUnit(record, 'consume');
  if (component.serial !== undefined) {
    if (component.serial === record.serial) {
      throw new LinegateError('COMPONENT_IN_USE', `unit ${record.serial} cannot consume itself`);
    }
    const installed = await tx.get<Installation>(Sublevels.uses, serialUseKey(component.serial));
    if (installed) {
      throw new LinegateError(
        'COMPONENT_IN_USE',
        `component ${component.serial} is already installed in unit ${installed.unit} (at ${installed.station}, ${installed.time})`,
      );
    }
    const into: Installation = { unit: record.serial, station: component.station, time: component.time };
    tx.put(Sublevels.uses, serialUseKey(component.serial), into);
  } else if (component.lot !== undefined) {
    tx.put(Sublevels.uses, lotUseKey(component.lot, record.serial), component.quantity);
  } else {
    throw new TypeError('a component needs a serial or a lot');
  }
  record.components = [...(record.components ?? []), component];
  appendUnitEvent(tx, record, {
    type: 'component.consumed',
    station: component.station,
    data: { component },
  });
}

/** Removes a serial component from its unit for rework (component.removed); it may be reused. */
export async function removeComponent(
  tx: Tx,
  record: SerialRecord,
  serial: string,
  station: string,
  reason: string,
): Promise<void> {
  const installed = await tx.get<Installation>(Sublevels.uses, serialUseKey(serial));
  if (installed?.unit !== record.serial) {
    throw new LinegateError(
      'COMPONENT_IN_USE',
      `component ${serial} is not installed in unit ${record.serial}`,
    );
  }
  moveUnit(record, 'rework');
  tx.del(Sublevels.uses, serialUseKey(serial));
  record.components = (record.components ?? []).filter((c) => c.serial !== serial);
  appendUnitEvent(tx, record, {
    type: 'component.removed',
    station,
    data: { component: { serial }, reason },
  });
}
