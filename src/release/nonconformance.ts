/**
 * Nonconformances: a failed operation opens one, linked to the unit (with the reason code the PLC
 * or the API gave), and rework or scrap of the unit closes every open one. The unit's list is one
 * record (serial → Nonconformance[], Sublevels.nonconformances), written with its events.
 */
import type { Tx } from '../store/journal';
import { Sublevels } from '../store/layout';
import type { SerialRecord } from '../units/unit';
import { appendUnitEvent } from '../units/records';

/** One nonconformance of a unit. */
export interface Nonconformance {
  /** `${serial}/${n}`, n counting from 1 per unit. */
  id: string;
  station: string;
  /** the failure's reason code, when the PLC or the API gave one. */
  code?: string;
  /** ISO time it was opened. */
  time: string;
  /** seq of the operation.completed event that failed. */
  operation: number;
  status: 'open' | 'closed';
  closed?: { by: 'rework' | 'scrap'; reason: string; time: string };
}

/** The unit's nonconformances, oldest first. */
export async function nonconformancesOf(tx: Tx, serial: string): Promise<Nonconformance[]> {
  return (await tx.get<Nonconformance[]>(Sublevels.nonconformances, serial)) ?? [];
}

/** Opens a nonconformance for a failed operation (nonconformance.opened). */
export async function openNonconformance(
  tx: Tx,
  record: SerialRecord,
  op: { station: string; code?: string; operation: number; time: string },
): Promise<Nonconformance> {
  const list = await nonconformancesOf(tx, record.serial);
  const nc: Nonconformance = {
    id: `${record.serial}/${list.length + 1}`,
    station: op.station,
    ...(op.code !== undefined && { code: op.code }),
    time: op.time,
    operation: op.operation,
    status: 'open',
  };
  tx.put(Sublevels.nonconformances, record.serial, [...list, nc]);
  appendUnitEvent(tx, record, {
    type: 'nonconformance.opened',
    station: op.station,
    data: { nonconformance: nc.id, ...(op.code !== undefined && { code: op.code }), operation: op.operation },
  });
  return nc;
}

/** Closes every open nonconformance of the unit (nonconformance.closed, one per record). */
export async function closeNonconformances(
  tx: Tx,
  record: SerialRecord,
  how: { by: 'rework' | 'scrap'; reason: string; station?: string },
): Promise<void> {
  const list = await nonconformancesOf(tx, record.serial);
  const open = list.filter((nc) => nc.status === 'open');
  if (open.length === 0) return;
  for (const nc of open) {
    const event = appendUnitEvent(tx, record, {
      type: 'nonconformance.closed',
      station: how.station,
      data: { nonconformance: nc.id, by: how.by, reason: how.reason },
    });
    nc.status = 'closed';
    nc.closed = { by: how.by, reason: how.reason, time: event.time };
  }
  tx.put(Sublevels.nonconformances, record.serial, list);
}
