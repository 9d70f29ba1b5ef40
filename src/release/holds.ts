/**
 * Holds: a serial (and every unit it went into), a lot (every unit containing it, directly or via
 * a sub-assembly, also one that takes it after the hold), a carrier, a station, a part number or
 * a work order. A hold is one record (Sublevels.holds) and one event, written in one synced batch;
 * the book of holds in force follows the journal's committed events, so a hold is in force before
 * the promise of the write that placed it resolves (before the API answers), and again after a
 * restart (load()).
 */
import { v7 as uuidv7 } from 'uuid';
import { LinegateError } from '../errors';
import type { GatewayEvent } from '../events/event';
import type { Journal, Tx } from '../store/journal';
import { Sublevels } from '../store/layout';
import type { SerialRecord } from '../units/unit';
import { unitContents } from './contents';

/** What a hold can be placed on. */
export const HOLD_SCOPES = ['serial', 'lot', 'carrier', 'station', 'partNumber', 'workOrder'] as const;
export type HoldScopeKind = (typeof HOLD_SCOPES)[number];
/** Exactly one scope key, e.g. `{ lot: "L-7" }` (the body of POST /api/holds names it the same way). */
export type HoldScope = Partial<Record<HoldScopeKind, string>>;

/** A hold as stored and as the API lists it. */
export interface Hold {
  id: string;
  scope: HoldScope;
  reason: string;
  by: string;
  /** ISO time it was placed. */
  time: string;
  /** placed by linegate itself (maxAttempts, holdAfterFailures). */
  auto?: boolean;
  released?: { reason: string; by: string; time: string };
}

/** What placing a hold needs. */
export interface HoldInput {
  scope: HoldScope;
  reason: string;
  by: string;
  auto?: boolean;
}

/** The scope's one kind and value. */
export function scopeOf(scope: HoldScope): [HoldScopeKind, string] {
  const entries = HOLD_SCOPES.filter((k) => scope[k] !== undefined);
  if (entries.length !== 1) throw new TypeError(`a hold needs exactly one of ${HOLD_SCOPES.join(', ')}`);
  return [entries[0], scope[entries[0]] as string];
}

/** "lot L-7", for reasons and logs. */
export function scopeText(scope: HoldScope): string {
  const [kind, value] = scopeOf(scope);
  return `${kind} ${value}`;
}

/** Appends a hold in the caller's transaction (hold.placed); in force once the batch is durable. */
export function placeHold(tx: Tx, input: HoldInput, units?: string[]): Hold {
  const [kind, value] = scopeOf(input.scope);
  const id = uuidv7();
  const scope = { [kind]: value };
  const auto = input.auto ? { auto: true as const } : {};
  const about = kind === 'serial' || kind === 'station' || kind === 'partNumber' || kind === 'workOrder';
  const event = tx.appendEvent({
    type: 'hold.placed',
    ...(about && { [kind]: value }),
    data: { hold: id, scope, reason: input.reason, by: input.by, ...(units && { units }), ...auto },
  });
  const hold: Hold = { id, scope, reason: input.reason, by: input.by, time: event.time, ...auto };
  tx.put(Sublevels.holds, id, hold);
  return hold;
}

/** The holds in force, kept in memory from the store and the journal's committed events. */
export class HoldBook {
  private readonly inForce = new Map<string, Hold>();
  private readonly onCommitted = (events: GatewayEvent[]) => this.apply(events);

  constructor(private readonly journal: Journal) {}

  /** Loads the holds in force from the store and follows the journal from now on. */
  async load(holds: AsyncIterable<[string, unknown]>): Promise<void> {
    for await (const [, value] of holds) {
      const hold = value as Hold;
      if (!hold.released) this.inForce.set(hold.id, hold);
    }
    this.journal.on('committed', this.onCommitted);
  }

  /** Stops following the journal. */
  close(): void {
    this.journal.off('committed', this.onCommitted);
  }

  /** Every hold in force, oldest first. */
  list(): Hold[] {
    return [...this.inForce.values()];
  }

  /** The hold in force with this id. */
  get(id: string): Hold | undefined {
    return this.inForce.get(id);
  }

  /** Places a hold durably; resolves once it is in force. */
  async place(input: HoldInput, units?: string[]): Promise<Hold> {
    return this.journal.run((tx) => placeHold(tx, input, units));
  }

  /** Releases a hold in force durably (hold.released); HOLD_UNKNOWN when none has that id. */
  async release(id: string, by: { reason: string; by: string }): Promise<Hold> {
    return this.journal.run(async (tx) => {
      const hold = await tx.get<Hold>(Sublevels.holds, id);
      if (!hold || hold.released)
        throw new LinegateError(
          'HOLD_UNKNOWN',
          `no hold in force has id ${id} (unknown or already released)`,
        );
      const data = { hold: id, scope: hold.scope, reason: by.reason, by: by.by };
      const event = tx.appendEvent({ type: 'hold.released', data });
      hold.released = { ...by, time: event.time };
      tx.put(Sublevels.holds, id, hold);
      return hold;
    });
  }

  /** The holds in force covering the unit processed at `station`. */
  async covering(tx: Tx, record: SerialRecord, station: string): Promise<Hold[]> {
    if (this.inForce.size === 0) return [];
    const needsContents = this.list().some((h) => h.scope.lot !== undefined || h.scope.serial !== undefined);
    const contents = needsContents ? await unitContents(tx, record) : undefined;
    return this.list().filter((h) => {
      const s = h.scope;
      if (s.serial !== undefined) return s.serial === record.serial || contents!.serials.has(s.serial);
      if (s.lot !== undefined) return contents!.lots.has(s.lot);
      if (s.carrier !== undefined) return record.carrier === s.carrier;
      if (s.station !== undefined) return s.station === station;
      if (s.partNumber !== undefined) return record.partNumber === s.partNumber;
      return s.workOrder !== undefined && record.workOrder === s.workOrder;
    });
  }

  private apply(events: GatewayEvent[]): void {
    for (const e of events) {
      const id = e.data.hold as string;
      if (e.type === 'hold.released') this.inForce.delete(id);
      if (e.type !== 'hold.placed') continue;
      const d = e.data as { scope: HoldScope; reason: string; by: string; auto?: boolean };
      this.inForce.set(id, {
        id,
        scope: d.scope,
        reason: d.reason,
        by: d.by,
        time: e.time,
        ...(d.auto && { auto: true }),
      });
    }
  }
}
