/**
 * The duplicate filter: a reader in multi-poll mode reports a tag dozens of times a second while
 * its carrier sits at the station. Reads of one (EPC, antenna) whose gaps stay within `windowMs`
 * are one visit; the filter emits one read per visit, `settleMs` after its first raw read, with
 * the strongest RSSI seen by then. A gap longer than the window ends the visit: the next read of
 * that tag is a new visit (the carrier came round again).
 */
import { EventEmitter } from 'node:events';
import type { Clock } from '../../src/ports';
import type { RawTagRead, RfidTagRead } from './types';

/** Filter settings; times in ms. */
export interface DedupOptions {
  /** reads closer than this to the previous read of the same (EPC, antenna) are the same visit; 0 disables the filter. */
  windowMs: number;
  /** wait this long after a visit's first read before emitting it, to pick the strongest RSSI (default 200, at most windowMs). */
  settleMs?: number;
  clock: Clock;
}

/** Events of the filter. */
export interface DedupEvents {
  /** one per visit. */
  visit: [read: RfidTagRead];
}

/** Counters for health. */
export interface DedupStats {
  reads: number;
  visits: number;
  /** raw reads merged into a visit already reported or about to be. */
  duplicates: number;
  /** (EPC, antenna) pairs currently remembered. */
  tracked: number;
}

interface Visit {
  firstAt: number;
  lastAt: number;
  best: RawTagRead;
  reads: number;
  timer: NodeJS.Timeout | undefined;
}

/** Collapses raw reads into one event per tag visit. */
export class DedupFilter extends EventEmitter<DedupEvents> {
  private readonly visits = new Map<string, Visit>();
  private sweeper: NodeJS.Timeout | undefined;
  private readonly counters = { reads: 0, visits: 0, duplicates: 0 };

  constructor(private readonly options: DedupOptions) {
    super();
  }

  /** Starts forgetting ended visits periodically. Idempotent. */
  start(): void {
    if (this.sweeper || this.options.windowMs <= 0) return;
    this.sweeper = setInterval(() => this.sweep(), Math.max(this.options.windowMs, 1000));
  }

  /** Clears every timer and forgets every visit (pending ones are not emitted). Idempotent. */
  stop(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    for (const v of this.visits.values()) if (v.timer) clearTimeout(v.timer);
    this.visits.clear();
  }

  /** Takes one raw read. */
  push(read: RawTagRead): void {
    const now = this.options.clock.now();
    this.counters.reads++;
    if (this.options.windowMs <= 0) {
      this.emitVisit({ firstAt: now, lastAt: now, best: read, reads: 1, timer: undefined });
      return;
    }
    const key = `${read.epc}|${read.antenna ?? ''}`;
    const visit = this.visits.get(key);
    if (visit && now - visit.lastAt <= this.options.windowMs) {
      visit.lastAt = now;
      visit.reads++;
      this.counters.duplicates++;
      if ((read.rssi ?? -Infinity) > (visit.best.rssi ?? -Infinity)) visit.best = read;
      return;
    }
    if (visit?.timer) clearTimeout(visit.timer);
    const fresh: Visit = { firstAt: now, lastAt: now, best: read, reads: 1, timer: undefined };
    this.visits.set(key, fresh);
    const settle = Math.min(this.options.settleMs ?? 200, this.options.windowMs);
    if (settle <= 0) this.emitVisit(fresh);
    else fresh.timer = setTimeout(() => this.emitVisit(fresh), settle);
  }

  /**
   * Tags in the field now: visits whose last raw read is within the window, with `time` the visit's
   * first read and `lastSeen` its latest. A start station binding "the tag seen most recently"
   * needs this: a carrier that waits at the station yields one 'visit' event but keeps being read.
   */
  present(): Array<RfidTagRead & { lastSeen: number }> {
    const now = this.options.clock.now();
    const out: Array<RfidTagRead & { lastSeen: number }> = [];
    for (const v of this.visits.values()) {
      if (now - v.lastAt > this.options.windowMs) continue;
      out.push({ ...this.readOf(v), lastSeen: v.lastAt });
    }
    return out.sort((a, b) => b.lastSeen - a.lastSeen);
  }

  /** Counters for health. */
  stats(): DedupStats {
    return { ...this.counters, tracked: this.visits.size };
  }

  private readOf(v: Visit): RfidTagRead {
    const { epc, rssi, antenna, pc } = v.best;
    const read: RfidTagRead = { epc, time: v.firstAt, reads: v.reads };
    if (rssi !== undefined) read.rssi = rssi;
    if (antenna !== undefined) read.antenna = antenna;
    if (pc !== undefined) read.pc = pc;
    return read;
  }

  private emitVisit(v: Visit): void {
    v.timer = undefined;
    this.counters.visits++;
    this.emit('visit', this.readOf(v));
  }

  private sweep(): void {
    const now = this.options.clock.now();
    for (const [key, v] of this.visits) {
      if (!v.timer && now - v.lastAt > this.options.windowMs) this.visits.delete(key);
    }
  }
}
