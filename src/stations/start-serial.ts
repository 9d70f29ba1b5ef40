/**
 * The serial a start takes: the next pre-assigned serial of the station's work order while its
 * pool has one (reserved or imported, in order), else a new one from the station's scheme.
 */
import { takeFromPool } from '../serials/pool';
import type { SerialScheme } from '../serials/scheme';
import type { Tx } from '../store/journal';
import { moveUnit } from '../units/status';
import type { SerialRecord } from '../units/unit';

export interface StartSerialOptions {
  scheme: SerialScheme;
  station: string;
  workOrder?: string;
  partNumber?: string;
  /** ISO time of the start. */
  at: string;
}

/** The started unit's record (not yet written), and whether its serial was pre-assigned. */
export async function startRecord(
  tx: Tx,
  opts: StartSerialOptions,
): Promise<{ record: SerialRecord; preassigned: boolean }> {
  if (opts.workOrder !== undefined) {
    const pre = await takeFromPool(tx, opts.workOrder);
    if (pre) {
      moveUnit(pre, 'start');
      pre.station = opts.station;
      pre.partNumber ??= opts.partNumber;
      return { record: pre, preassigned: true };
    }
  }
  const issued = await opts.scheme.issue(tx, opts.station);
  const record: SerialRecord = {
    serial: issued.serial,
    status: 'started',
    scheme: opts.scheme.name,
    key: issued.key,
    seq: issued.seq,
    partNumber: opts.partNumber,
    workOrder: opts.workOrder,
    station: opts.station,
    issuedAt: opts.at,
    events: [],
  };
  return { record, preassigned: false };
}
