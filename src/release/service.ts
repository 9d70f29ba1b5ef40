/**
 * Process release as the API and the CLI see it: place, list and release holds (with the units
 * each covers now), ask what a station would decide about a unit, and the holds and
 * nonconformances of one unit. Holds from the MES come through the same calls.
 */
import type { StationConfig } from '../config/schema';
import { LinegateError } from '../errors';
import type { GatewayEvent } from '../events/event';
import type { Journal } from '../store/journal';
import { Sublevels, seqKey } from '../store/layout';
import type { Store } from '../store/store';
import type { ReleaseCheck } from './check';
import { heldUnits } from './held-units';
import type { Hold, HoldScope } from './holds';
import { nonconformancesOf, type Nonconformance } from './nonconformance';
import type { ReleaseDecision, ReleaseStation } from './types';
import { UnitRecords } from '../units/records';

/** A hold with the units it covers now. */
export type HoldView = Pick<Hold, 'id' | 'scope' | 'reason' | 'by' | 'time'> & {
  auto?: boolean;
  units: string[];
};

/** A unit a hold covers, as containment lists it. */
export interface HeldUnitView {
  serial: string;
  status: string;
  /** the station of the unit's latest event (where it was last seen), and when. */
  station: string | null;
  time: string | null;
}

/** What the API needs for holds and release queries. */
export interface ReleasePort {
  /** Places a hold; resolves once it is durable and in force, with the units it covers now. */
  place(body: HoldScope & { reason: string; by: string }): Promise<{ id: string; units: string[] }>;
  /** Every hold in force, oldest first. */
  list(): Promise<HoldView[]>;
  /** A hold in force with each unit it covers now, its status and where it was last seen. */
  detail(id: string): Promise<Omit<HoldView, 'units'> & { units: HeldUnitView[] }>;
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

  async detail(id: string): Promise<Omit<HoldView, 'units'> & { units: HeldUnitView[] }> {
    const hold = this.opts.check.holds.get(id);
    if (!hold)
      throw new LinegateError('HOLD_UNKNOWN', `no hold in force has id ${id} (unknown or already released)`);
    const { scope, reason, by, time, auto } = hold;
    const serials = await heldUnits(this.opts.store, scope);
    const units = await unitSummaries(this.opts.store, serials);
    return { id, scope, reason, by, time, ...(auto && { auto }), units };
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
        const record = await UnitRecords.get(tx, serial);
        return record ? this.opts.check.holds.covering(tx, record, '') : [];
      },
      { sync: false },
    );
  }

  async nonconformancesOf(serial: string): Promise<Nonconformance[]> {
    return this.opts.journal.run((tx) => nonconformancesOf(tx, serial), { sync: false });
  }
}

/** Each unit's status and its latest event's station and time, read in batches. */
async function unitSummaries(store: Store, serials: string[]): Promise<HeldUnitView[]> {
  const out: HeldUnitView[] = [];
  for (let i = 0; i < serials.length; i += 500) {
    const chunk = serials.slice(i, i + 500);
    const records = await UnitRecords.readMany(store, chunk);
    const lastSeqs = records.map((r) => seqKey(r?.events.at(-1) ?? 0));
    const events = (await store.sub(Sublevels.events).getMany(lastSeqs)) as Array<GatewayEvent | undefined>;
    chunk.forEach((serial, j) =>
      out.push({
        serial,
        status: records[j]?.status ?? 'unknown',
        station: events[j]?.station ?? null,
        time: events[j]?.time ?? null,
      }),
    );
  }
  return out;
}
