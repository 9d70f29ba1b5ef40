/**
 * A station's side of the process release: the one call at each processing point, what it
 * remembers of a refused unit (so nothing is consumed into it or recorded for it), the PLC's
 * answer for the unit at the station (result 5 with its serial and reason), and the operator
 * signed in by a badge scan. Kept apart so a station's own code changes by a few lines.
 */
import { LinegateError, type ErrorCode } from '../errors';
import { Result, type Clock, type Scan, type StartOutcome } from '../ports';
import type { Journal, Tx } from '../store/journal';
import { reasonText, type StationRelease } from './check';
import type { ReleaseDecision } from './types';

/** The station counters the gate keeps. */
export interface GateStats {
  /** units the process release refused here. */
  releaseRefused: number;
  /** the latest release refusal here: the unit, every reason as one line, when. */
  lastRelease?: { serial: string; reason: string; at: string };
}

export interface GateOptions {
  station: string;
  /** absent: every unit is allowed (a station built without process release, in tests). */
  release?: StationRelease;
  journal: Journal;
  clock: Clock;
  stats: GateStats;
  /** the station's refusal bookkeeping (counters by code, log, last refusal). */
  refuse(code: ErrorCode, message: string): unknown;
  /** a scan beginning with this is an operator badge. */
  badgePrefix?: string;
  log: { info(obj: object, msg: string): void };
}

const ALLOWED: ReleaseDecision = { allowed: true, reasons: [] };

/** The release at one station. */
export class ReleaseGate {
  private refusal: { serial: string; decision: ReleaseDecision } | undefined;
  private signedIn: string | undefined;

  constructor(private readonly opts: GateOptions) {}

  /** the operator whose badge was scanned here most recently. */
  get operator(): string | undefined {
    return this.signedIn;
  }

  /**
   * The release call of a processing point, in the caller's transaction: records a visit (when
   * `visit`) if allowed, unit.refused if not.
   */
  admit(tx: Tx, serial: string, visit: boolean): Promise<ReleaseDecision> {
    return this.opts.release?.admit(tx, serial, { visit }) ?? Promise.resolve(ALLOWED);
  }

  /** After the decision is durable: remembers it for the unit; false (and counted) when refused. */
  settle(serial: string, decision: ReleaseDecision): boolean {
    if (decision.allowed) {
      if (this.refusal?.serial === serial) this.refusal = undefined;
      return true;
    }
    this.refusal = { serial, decision };
    const reason = reasonText(decision);
    this.opts.stats.releaseRefused++;
    this.opts.stats.lastRelease = { serial, reason, at: new Date(this.opts.clock.now()).toISOString() };
    this.opts.refuse('UNIT_REFUSED', `unit ${serial} refused: ${reason}`);
    return false;
  }

  /** true while the unit stands refused here (nothing is consumed into it or recorded for it). */
  refused(serial: string): boolean {
    return this.refusal?.serial === serial;
  }

  /** A PLC request for the unit at the station, decided again now: OK, 5 (refused) or 4 (none). */
  async serve(serial: string | undefined): Promise<StartOutcome> {
    const { station, journal } = this.opts;
    if (serial === undefined)
      return {
        result: Result.NOT_READY,
        error: `no unit identified at ${station}`,
        code: 'NO_UNIT_IDENTIFIED',
      };
    let decision: ReleaseDecision;
    try {
      // A unit refused at identification and allowed now (its hold released) visits here now.
      decision = await journal.run((tx) => this.admit(tx, serial, this.refused(serial)));
    } catch (err) {
      const code = err instanceof LinegateError ? err.code : 'INTERNAL';
      const result = code.startsWith('STORE_') ? Result.STORAGE_FAULT : Result.INTERNAL;
      return { result, error: (err as Error).message, code };
    }
    if (this.settle(serial, decision)) return { result: Result.OK, serial };
    const reason = reasonText(decision);
    return {
      result: Result.REFUSED,
      serial,
      error: `unit ${serial} refused: ${reason}`,
      code: 'UNIT_REFUSED',
      reason,
    };
  }

  /** A badge scan (the configured prefix) signs the operator in; true when the scan was one. */
  badge(scan: Scan): boolean {
    const prefix = this.opts.badgePrefix;
    const text = scan.text.trim();
    if (prefix === undefined || !text.startsWith(prefix)) return false;
    this.signedIn = text.slice(prefix.length);
    this.opts.log.info({ operator: this.signedIn }, `operator ${this.signedIn} signed in by badge`);
    return true;
  }
}
