/**
 * Process release: what a station asks before it processes a unit, and what the rules answer.
 * Every rule is a pure function of the facts gathered once per decision (src/release/facts.ts),
 * so a rule is one small file and one line in rules/index.ts.
 */
import type { StationConfig } from '../config/schema';
import type { SerialRecord } from '../units/unit';
import type { Hold } from './holds';
import type { UnitRoute } from './route';

/** A station's release settings: the keys of its config the rules read. */
export type ReleaseStation = Pick<StationConfig, 'id' | 'kind' | 'workOrder'> & {
  requires?: Array<{ station: string; result?: 'pass' | 'fail'; minMs?: number; maxMs?: number }>;
  maxAttempts?: number;
  partNumber?: string;
};

/** What the rules decide from: read once per decision, from the gateway's own store. */
export interface ReleaseFacts {
  record: SerialRecord;
  station: ReleaseStation;
  /** the unit's visits and operation results, per station. */
  route: UnitRoute;
  /** the holds in force that cover the unit (its serial, its contents, carrier, station, part, order). */
  holds: Hold[];
  /** ms since the epoch. */
  now: number;
}

/** One reason a unit is refused. `code` is stable; `text` is for people (the HMI, the dashboard). */
export interface ReleaseReason {
  /** the rule that refused (its name in rules/index.ts). */
  rule: string;
  code: string;
  text: string;
  /** the hold, for a hold reason. */
  hold?: string;
}

/** One release rule: returns every reason it refuses the unit for (none: it allows). */
export interface ReleaseRule {
  readonly name: string;
  check(facts: ReleaseFacts): ReleaseReason[];
}

/** The decision: allowed, or refused with every reason. */
export interface ReleaseDecision {
  allowed: boolean;
  reasons: ReleaseReason[];
}
