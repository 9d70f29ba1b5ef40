/**
 * The unit status machine: started → in-process → completed, and scrapped from anywhere but
 * scrapped; rework takes a completed unit back in process. Impossible moves are refused with a
 * clear error naming the unit, its status and the move.
 */
import { LinegateError } from '../errors';
import type { SerialRecord, UnitStatus } from './unit';

export type UnitMove = 'consume' | 'operate' | 'complete' | 'scrap' | 'rework';

const ALLOWED: Record<UnitMove, readonly UnitStatus[]> = {
  consume: ['started', 'in-process'],
  operate: ['started', 'in-process'],
  complete: ['started', 'in-process'],
  scrap: ['started', 'in-process', 'completed'],
  rework: ['completed', 'in-process'],
};

const RESULT: Record<UnitMove, UnitStatus> = {
  consume: 'in-process',
  operate: 'in-process',
  complete: 'completed',
  scrap: 'scrapped',
  rework: 'in-process',
};

/** Applies `move` to the record's status, or throws UNIT_BAD_TRANSITION. */
export function moveUnit(record: SerialRecord, move: UnitMove): void {
  if (!ALLOWED[move].includes(record.status)) {
    throw new LinegateError(
      'UNIT_BAD_TRANSITION',
      `unit ${record.serial} is ${record.status}: cannot ${move} it`,
    );
  }
  record.status = RESULT[move];
}
