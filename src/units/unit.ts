/**
 * The unit record: one per serial issued to a unit, updated in the same batch as the events
 * that move it through its statuses.
 */
export type UnitStatus = 'started' | 'in-process' | 'completed' | 'scrapped';

export interface UnitRecord {
  serial: string;
  status: UnitStatus;
  partNumber?: string;
  workOrder?: string;
  scheme: string;
  /** the start station that issued the serial. */
  station: string;
  startedAt: string;
  carrier?: string;
}
