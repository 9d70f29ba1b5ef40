/**
 * The release check: the one decision every station makes before it processes a unit, from the
 * gateway's own store (the MES need not be reachable). The facts are read once; each rule of
 * rules/index.ts adds its reasons; a refusal records unit.refused with every reason and changes
 * nothing else (an exhausted maxAttempts also holds the unit).
 */
import type { Clock } from '../ports';
import type { Tx } from '../store/journal';
import type { SerialRecord } from '../units/unit';
import { UnitRecords, appendUnitEvent } from '../units/records';
import { placeHold, type HoldBook } from './holds';
import { openNonconformance } from './nonconformance';
import { readRoute, recordResult, recordVisit } from './route';
import { releaseRules } from './rules';
import { MAX_ATTEMPTS } from './rules/max-attempts';
import type { ReleaseDecision, ReleaseFacts, ReleaseRule, ReleaseStation } from './types';

/** Who places automatic holds. */
export const AUTO_BY = 'linegate';

/** A station's part in the release: the calls it makes at its processing points. */
export interface StationRelease {
  /**
   * Decides whether the unit may be processed here now and records the decision in the caller's
   * transaction: a visit (when `visit`) if allowed, unit.refused with every reason if not.
   */
  admit(tx: Tx, serial: string, opts: { visit: boolean }): Promise<ReleaseDecision>;
  /**
   * Records an operation result (route, holdAfterFailures, a nonconformance on a fail); call in
   * the transaction of its operation.completed event.
   */
  afterOperation(
    tx: Tx,
    record: SerialRecord,
    op: { result: 'pass' | 'fail'; code?: string; operation: number },
  ): Promise<void>;
}

/** Station settings the check reads, with the automatic hold after N consecutive fails. */
export type StationReleaseConfig = ReleaseStation & { holdAfterFailures?: number };

/** The release decision over the holds in force and the rules. */
export class ReleaseCheck {
  private readonly rules: readonly ReleaseRule[];

  constructor(private readonly opts: { holds: HoldBook; clock: Clock; rules?: readonly ReleaseRule[] }) {
    this.rules = opts.rules ?? releaseRules;
  }

  /** The holds in force (API, dashboard). */
  get holds(): HoldBook {
    return this.opts.holds;
  }

  /** What the station would decide now, recording nothing; UNIT_UNKNOWN for an unknown serial. */
  async decide(tx: Tx, serial: string, station: ReleaseStation): Promise<ReleaseDecision> {
    return this.run(await this.facts(tx, await UnitRecords.require(tx, serial), station));
  }

  /** The calls of one station. */
  forStation(station: StationReleaseConfig): StationRelease {
    return {
      admit: (tx, serial, opts) => this.admit(tx, serial, station, opts),
      afterOperation: (tx, record, op) => this.afterOperation(tx, record, station, op),
    };
  }

  private async admit(
    tx: Tx,
    serial: string,
    station: ReleaseStation,
    opts: { visit: boolean },
  ): Promise<ReleaseDecision> {
    const record = await UnitRecords.require(tx, serial);
    const facts = await this.facts(tx, record, station);
    const decision = this.run(facts);
    const now = facts.now;
    if (decision.allowed) {
      if (opts.visit) await recordVisit(tx, serial, station.id, now);
      return decision;
    }
    appendUnitEvent(tx, record, {
      type: 'unit.refused',
      station: station.id,
      data: { reasons: decision.reasons },
    });
    const exhausted = decision.reasons.find((r) => r.code === MAX_ATTEMPTS);
    const held = facts.holds.some((h) => h.scope.serial === serial);
    if (exhausted && !held)
      placeHold(tx, { scope: { serial }, reason: exhausted.text, by: AUTO_BY, auto: true });
    return decision;
  }

  private async afterOperation(
    tx: Tx,
    record: SerialRecord,
    station: StationReleaseConfig,
    op: { result: 'pass' | 'fail'; code?: string; operation: number },
  ): Promise<void> {
    const now = this.opts.clock.now();
    const at = await recordResult(tx, record.serial, station.id, op.result, now);
    if (op.result !== 'fail') return;
    await openNonconformance(tx, record, {
      station: station.id,
      code: op.code,
      operation: op.operation,
      time: new Date(now).toISOString(),
    });
    const n = station.holdAfterFailures;
    if (n !== undefined && at.failsInRow === n) {
      const reason = `${n} consecutive fails at ${station.id}`;
      placeHold(tx, { scope: { serial: record.serial }, reason, by: AUTO_BY, auto: true });
    }
  }

  private async facts(tx: Tx, record: SerialRecord, station: ReleaseStation): Promise<ReleaseFacts> {
    const [route, holds] = await Promise.all([
      readRoute(tx, record),
      this.opts.holds.covering(tx, record, station.id),
    ]);
    return { record, station, route, holds, now: this.opts.clock.now() };
  }

  private run(facts: ReleaseFacts): ReleaseDecision {
    const reasons = this.rules.flatMap((rule) => rule.check(facts));
    return { allowed: reasons.length === 0, reasons };
  }
}

/** One line for the HMI and the dashboard: every reason's text, capped at 200 characters. */
export function reasonText(decision: ReleaseDecision): string {
  const text = decision.reasons.map((r) => r.text).join('; ');
  return text.length <= 200 ? text : text.slice(0, 197) + '...';
}
