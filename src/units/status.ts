/**
 * The serial status machine. A unit built here: reserved → printed → started → in-process →
 * completed (a start may also take a reserved serial whose label was never batch-printed, and
 * most serials are issued at the start itself); rework takes a completed unit back in process.
 * A received component (or a unit built here) is consumed into another unit, and goes back to
 * what it was if rework removes it. Scrapped and voided are final. Impossible moves are refused
 * with a clear error naming the serial, its status, the move and the statuses that allow it.
 */
import { LinegateError } from '../errors';
import type { SerialRecord, UnitStatus } from './unit';

export type UnitMove =
  'print' | 'start' | 'consume' | 'operate' | 'complete' | 'scrap' | 'rework' | 'void' | 'use' | 'unuse';

const ALLOWED: Record<UnitMove, readonly UnitStatus[]> = {
  print: ['reserved'],
  start: ['reserved', 'printed'],
  consume: ['started', 'in-process'],
  operate: ['started', 'in-process'],
  complete: ['started', 'in-process'],
  scrap: ['started', 'in-process', 'completed', 'received'],
  rework: ['completed', 'in-process'],
  void: ['reserved', 'printed', 'received'],
  use: ['received', 'started', 'in-process', 'completed'],
  unuse: ['consumed'],
};

const RESULT: Record<Exclude<UnitMove, 'unuse'>, UnitStatus> = {
  print: 'printed',
  start: 'started',
  consume: 'in-process',
  operate: 'in-process',
  complete: 'completed',
  scrap: 'scrapped',
  rework: 'in-process',
  void: 'voided',
  use: 'consumed',
};

/** How each move reads in an error message. */
const VERB: Record<UnitMove, string> = {
  print: 'batch-print its label',
  start: 'start it',
  consume: 'consume a component into it',
  operate: 'record an operation on it',
  complete: 'complete it',
  scrap: 'scrap it',
  rework: 'rework it',
  void: 'void it',
  use: 'consume it as a component',
  unuse: 'remove it as a component',
};

/** true when `move` is allowed from the record's status. */
export function canMove(record: SerialRecord, move: UnitMove): boolean {
  return ALLOWED[move].includes(record.status);
}

/** Applies `move` to the record's status, or throws UNIT_BAD_TRANSITION. */
export function moveUnit(record: SerialRecord, move: UnitMove): void {
  if (!canMove(record, move)) {
    throw new LinegateError(
      'UNIT_BAD_TRANSITION',
      `unit ${record.serial} is ${record.status}: cannot ${VERB[move]} (only when ${ALLOWED[move].join(' or ')})`,
    );
  }
  if (move === 'use') {
    record.consumedFrom = record.status;
    record.status = 'consumed';
  } else if (move === 'unuse') {
    record.status = record.consumedFrom ?? 'received';
    delete record.consumedFrom;
  } else {
    record.status = RESULT[move];
  }
}
