/**
 * A unit's route so far: per station, its visits (identifications the release allowed) and its
 * operation results there. Kept as one small record per unit (Sublevels.route), written in the
 * same batch as the visit or the operation.completed event, so deciding `requires`, `maxAttempts`
 * and timings is one read, not a walk over the unit's events.
 */
import type { Tx } from '../store/journal';
import { Sublevels } from '../store/layout';
import type { SerialRecord } from '../units/unit';

/** What the unit did at one station. Times are ms since the epoch. */
export interface StationRoute {
  visits: number;
  /** the latest visit or operation. */
  lastAt: number;
  /** operations recorded here (test attempts). */
  attempts: number;
  lastResult?: 'pass' | 'fail';
  lastResultAt?: number;
  /** fails since the latest pass here. */
  failsInRow: number;
}

/** station id → what the unit did there. */
export type UnitRoute = Record<string, StationRoute>;

const EMPTY: StationRoute = { visits: 0, lastAt: 0, attempts: 0, failsInRow: 0 };

/** The unit's route; its start station counts as visited when it was issued there. */
export async function readRoute(tx: Tx, record: SerialRecord): Promise<UnitRoute> {
  const route = (await tx.get<UnitRoute>(Sublevels.route, record.serial)) ?? {};
  if (record.station !== '' && !route[record.station]) {
    const at = Date.parse(record.issuedAt);
    route[record.station] = { ...EMPTY, visits: 1, lastAt: Number.isNaN(at) ? 0 : at };
  }
  return route;
}

/** Records a visit of the unit at the station (an identification the release allowed). */
export async function recordVisit(tx: Tx, serial: string, station: string, now: number): Promise<void> {
  const route = (await tx.get<UnitRoute>(Sublevels.route, serial)) ?? {};
  const at = route[station] ?? { ...EMPTY };
  route[station] = { ...at, visits: at.visits + 1, lastAt: now };
  tx.put(Sublevels.route, serial, route);
}

/** Records an operation result of the unit at the station; returns what the unit did there now. */
export async function recordResult(
  tx: Tx,
  serial: string,
  station: string,
  result: 'pass' | 'fail',
  now: number,
): Promise<StationRoute> {
  const route = (await tx.get<UnitRoute>(Sublevels.route, serial)) ?? {};
  const at = route[station] ?? { ...EMPTY };
  const next: StationRoute = {
    ...at,
    visits: Math.max(at.visits, 1),
    lastAt: now,
    attempts: at.attempts + 1,
    lastResult: result,
    lastResultAt: now,
    failsInRow: result === 'fail' ? at.failsInRow + 1 : 0,
  };
  route[station] = next;
  tx.put(Sublevels.route, serial, route);
  return next;
}
