/**
 * Process release as the API and the CLI see it: place, list and release holds (with the units
 * each covers now), ask what a station would decide about a unit, and the holds and
 * nonconformances of one unit. Holds from the MES come through the same calls.
 */
import type { StationConfig } from '../config/schema';
import { LinegateError } from '../errors';
import type { Journal } from '../store/journal';
import { Sublevels } from '../store/layout';
import type { Store } from '../store/store';
import type { SerialRecord } from '../units/unit';
import type { ReleaseCheck } from './check';
import { heldUnits } from './held-units';
import type { Hold, HoldScope } from './holds';
import { nonconformancesOf, type Nonconformance } from './nonconformance';
import type { ReleaseDecision, ReleaseStation } from './types';

/** A hold with the units it covers now. */
export type HoldView = Pick<Hold, 'id' | 'scope' | 'reason' | 'by' | 'time'> & {
  auto?: boolean;
  units: string[];
};

/** What the API needs for holds and release queries. */
export interface ReleasePort {
  /** Places a hold; resolves once it is durable and in force, with the units it covers now. */
  place(body: HoldScope & { reason: string; by: string }): Promise<{ id: string; units: string[] }>;
  /** Every hold in force, oldest first. */
  list(): Promise<HoldView[]>;
  /** Releases a hold in force; HOLD_UNKNOWN when none has that id. */
  release(id: string, body: { reason: string; by: string }): Promise<void>;
  /** What `station` would decide about the unit now (records nothing). */
  query(serial: string, station: string): Promise<ReleaseDecision>;
  /** The holds in force on the unit (its serial, contents, carrier, part number, work order). */
  holdsOf(serial: string): Promise<Hold[]>;
  /** The unit's nonconformances. */
  nonconformancesOf(serial: string): Promise<Nonconformance[]>;
}

/** The release port over the gateway's store, journal and release check. */
export class ReleaseService implements ReleasePort {
  private readonly stations: ReadonlyMap<string, ReleaseStation>;

  constructor(
    private readonly opts: {
      store: Store;
      journal: Journal;
      check: ReleaseCheck;
      stations: readonly StationConfig[];
    },
  ) {
    this.stations = new Map(opts.stations.map((s) => [s.id, s as ReleaseStation]));
  }

  async place(body: HoldScope & { reason: string; by: string }): Promise<{ id: string; units: string[] }> {
    const { reason, by, ...scope } = body;
    const units = await heldUnits(this.opts.store, scope);
    const hold = await this.opts.check.holds.place({ scope, reason, by }, units);
    return { id: hold.id, units };
  }

  async list(): Promise<HoldView[]> {
    const out: HoldView[] = [];
    for (const h of this.opts.check.holds.list()) {
      const { id, scope, reason, by, time, auto } = h;
      out.push({
        id,
        scope,
        reason,
        by,
        time,
        ...(auto && { auto }),
        units: await heldUnits(this.opts.store, scope),
      });
    }
    return out;
  }

  async release(id: string, body: { reason: string; by: string }): Promise<void> {
    if (!this.opts.check.holds.get(id))
      throw new LinegateError('HOLD_UNKNOWN', `no hold in force has id ${id} (unknown or already released)`);
    await this.opts.check.holds.release(id, body);
  }

  async query(serial: string, station: string): Promise<ReleaseDecision> {
    const config = this.stations.get(station);
    if (!config) throw new LinegateError('STATION_UNKNOWN', `no station has id ${station}`);
    return this.opts.journal.run((tx) => this.opts.check.decide(tx, serial, config), { sync: false });
  }

  async holdsOf(serial: string): Promise<Hold[]> {
    return this.opts.journal.run(
      async (tx) => {
        const record = await tx.get<SerialRecord>(Sublevels.serials, serial);
        return record ? this.opts.check.holds.covering(tx, record, '') : [];
      },
      { sync: false },
    );
  }

  async nonconformancesOf(serial: string): Promise<Nonconformance[]> {
    return this.opts.journal.run((tx) => nonconformancesOf(tx, serial), { sync: false });
  }
}
