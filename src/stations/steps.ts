/**
 * Steps a start cycle runs after the serial is durable (printing a label, ...). A step returns
 * the events that record what it did, and the state it changed; the cycle commits them together
 * with the reservation's release, so "printed" and "done" become durable in one write.
 */
import { LinegateError, type ErrorCode } from '../errors';
import type { EventInput } from '../events/event';
import type { ResultCode } from '../ports';
import type { Tx } from '../store/journal';

/** The unit a step works on. */
export interface UnitContext {
  serial: string;
  station: string;
  partNumber?: string;
  workOrder?: string;
  scheme: string;
  /** true when this serial was reserved by an earlier attempt (a retried request). */
  retry: boolean;
  /** its label was printed in a batch before the start (a pre-assigned serial): no print step. */
  preprinted?: boolean;
}

/** What a step did: events about the unit, and state writes to commit in the same batch. */
export interface StepOutcome {
  events: EventInput[];
  writes?: (tx: Tx) => void | Promise<void>;
}

/** One step of a start cycle after reservation. */
export interface CycleStep {
  readonly name: string;
  /**
   * Writes what must be durable before the step starts (a print job record), inside the
   * reservation's own transaction, so it costs no extra synced write.
   */
  prepare?(tx: Tx, unit: UnitContext): Promise<void>;
  /** Does the step's work; resolves with what to record, or throws a stepFailure. */
  run(unit: UnitContext): Promise<StepOutcome>;
  /**
   * What the step did for a unit whose cycle completed in an earlier run, which then stopped
   * before recording it (the trigger's peer acknowledged the serial, so the step had succeeded).
   */
  recover?(unit: UnitContext): Promise<StepOutcome | undefined>;
}

/** What a failed step reports: its code, the station result it maps to, what to record. */
export interface StepFailure {
  code: ErrorCode;
  result: ResultCode;
  message: string;
  /** events and writes that record what the step did (default: nothing). */
  outcome?: StepOutcome;
  cause?: unknown;
}

/** A step failure: a LinegateError whose context holds the station result and the outcome. */
export function stepFailure(f: StepFailure): LinegateError {
  return new LinegateError(f.code, f.message, {
    cause: f.cause,
    context: { result: f.result, outcome: f.outcome ?? { events: [] } },
  });
}

/** The result and outcome of a step failure, or undefined when `err` is not one. */
export function stepFailureOf(err: unknown): { result: ResultCode; outcome: StepOutcome } | undefined {
  if (!(err instanceof LinegateError)) return undefined;
  const { result, outcome } = err.context;
  return result === undefined ? undefined : { result, outcome: outcome ?? { events: [] } };
}
