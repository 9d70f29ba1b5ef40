/**
 * What a station after the start counts for health, metrics and the dashboard, and how it
 * refuses: every refusal is counted by code, kept as the last refusal, logged, and thrown.
 */
import { LinegateError, type ErrorCode } from '../errors';
import type { Logger } from '../ports';
import type { GateStats } from '../release/station-gate';

/** Counters a station keeps for health, metrics and the dashboard. */
export interface LineStationStats extends GateStats {
  identified: number;
  unknownCarrier: number;
  consumed: number;
  refused: number;
  completed: number;
  /** refusals by error code (NO_UNIT_IDENTIFIED, SCAN_UNEXPECTED, COMPONENT_IN_USE, ...). */
  refusals: Record<string, number>;
  lastRefusal?: string;
}

/** Counters at zero. */
export function newLineStationStats(): LineStationStats {
  return {
    identified: 0,
    unknownCarrier: 0,
    consumed: 0,
    refused: 0,
    completed: 0,
    refusals: {},
    releaseRefused: 0,
  };
}

/** Counts and logs a refusal; returns the error to throw. */
export function refusal(
  stats: LineStationStats,
  log: Logger,
  code: ErrorCode,
  message: string,
): LinegateError {
  stats.refused++;
  stats.refusals[code] = (stats.refusals[code] ?? 0) + 1;
  stats.lastRefusal = message;
  log.warn({ code }, message);
  return new LinegateError(code, message);
}
