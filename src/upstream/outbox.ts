/**
 * The outbox as a whole: what is stored, what every sink has, the quota with its high-water
 * mark (starts are refused with STORE_FULL rather than anything being dropped), and pruning of
 * events every sink has acknowledged once they are older than the retention.
 */
import type { StoreConfig } from '../config/schema';
import { LinegateError } from '../errors';
import type { GatewayEvent } from '../events/event';
import type { Clock, Logger } from '../ports';
import { Sublevels, seqKey } from '../store/layout';
import type { Store } from '../store/store';
import { CHUNK, Ledger, chunkKey, chunkOf } from './ledger';
import { WindowRate } from './rate';
import type { Timers } from './timers';
import type { UpstreamAlarm } from './types';

export interface OutboxOptions {
  store: Store;
  config: Required<StoreConfig>;
  /** names of the configured sinks; with none, every event counts as delivered. */
  sinks: readonly string[];
  clock: Clock;
  timers: Timers;
  log: Logger;
  onAlarm: (alarm: UpstreamAlarm) => void;
}

/** Quota, retention and the figures derived from them. */
export class Outbox {
  ledger = new Ledger();
  private readonly cursors = new Map<string, number>();
  private readonly intakeEvents = new WindowRate(10_000, 90);
  private readonly intakeBytes = new WindowRate(10_000, 90);
  private full = false;
  private pruning: Promise<void> | undefined;
  private timer: unknown;
  private stopped = true;

  constructor(private readonly opts: OutboxOptions) {}

  /** Scans the store and starts the prune timer. */
  async start(): Promise<void> {
    if (!this.stopped) return;
    this.stopped = false;
    this.ledger = await Ledger.load(this.opts.store);
    this.schedulePrune();
  }

  /** Stops pruning; waits for a prune in progress. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.opts.timers.clearTimeout(this.timer);
    await this.pruning;
  }

  /** The journal committed `events`. */
  committed(events: readonly GatewayEvent[]): void {
    if (events.length === 0) return;
    const before = this.ledger.totalBytes;
    const completed = this.ledger.appended(events);
    const now = this.opts.clock.now();
    this.intakeEvents.mark(events.length, now);
    this.intakeBytes.mark(this.ledger.totalBytes - before, now);
    if (completed.length > 0) this.checkpoint(completed);
  }

  /** A sink's durable cursor from the store; a sink new to this store starts at the oldest event stored. */
  async loadCursor(sink: string): Promise<number> {
    const stored = (await this.opts.store.sub(Sublevels.cursors).get(sink)) as number | undefined;
    const { firstSeq, lastSeq } = this.ledger;
    const cursor = Math.max(stored ?? 0, firstSeq - 1);
    if (cursor <= lastSeq) return cursor;
    // The sink acknowledged events the store no longer holds: the store lost them (or was
    // restored from a copy). That is damage, reported as such; events from here on are new
    // (the journal numbers them above its high-water mark), so delivery goes on from the newest.
    const message = `sink ${sink} acknowledged seq ${cursor}, beyond the newest event in the store (${lastSeq}): events were lost from the store`;
    this.opts.store.mark.flag(message);
    this.opts.log.error({ sink, cursor, lastSeq }, `${message}; see docs/store-integrity.md`);
    return lastSeq;
  }

  /** A sink's durable cursor moved (or was loaded). */
  setCursor(sink: string, seq: number): void {
    this.cursors.set(sink, seq);
    if (this.full) this.check();
  }

  /** The highest seq every sink has acknowledged. */
  minCursor(): number {
    let min = this.ledger.lastSeq;
    for (const name of this.opts.sinks) min = Math.min(min, this.cursors.get(name) ?? 0);
    return min;
  }

  /** events not yet acknowledged by every sink. */
  depth(): number {
    return Math.max(0, this.ledger.lastSeq - this.minCursor());
  }

  /**
   * Throws LinegateError STORE_FULL when undelivered events reach the high-water mark of either
   * quota, or the store is at a quota outright. Called by start stations before they issue a
   * serial, so a refused start records nothing (station result 3).
   */
  admit(): void {
    if (this.check()) {
      throw new LinegateError(
        'STORE_FULL',
        `store full: ${this.depth()} undelivered events (${Math.round(this.undeliveredBytes())} bytes) at the ` +
          `${this.opts.config.highWaterPercent}% high-water mark of the quota; starts resume when upstream catches up`,
      );
    }
  }

  /** Age in ms of the oldest event not acknowledged by every sink (0 when none). */
  oldestAgeMs(): number {
    const seq = Math.max(this.minCursor() + 1, this.ledger.firstSeq);
    if (seq > this.ledger.lastSeq) return 0;
    const event = this.opts.store.sub(Sublevels.events).getSync(seqKey(seq)) as GatewayEvent | undefined;
    return event ? Math.max(0, this.opts.clock.now() - Date.parse(event.time)) : 0;
  }

  /** Hours until the high-water mark at the current intake, if nothing were delivered. */
  autonomyHours(): number {
    const { maxEvents, maxBytes, highWaterPercent } = this.opts.config;
    const now = this.opts.clock.now();
    const evRate = this.intakeEvents.perSecond(now);
    const byteRate = this.intakeBytes.perSecond(now);
    const roomEvents = (maxEvents * highWaterPercent) / 100 - this.depth();
    const roomBytes = (maxBytes * highWaterPercent) / 100 - this.undeliveredBytes();
    if (roomEvents <= 0 || roomBytes <= 0) return 0;
    const seconds = Math.min(
      evRate > 0 ? roomEvents / evRate : Infinity,
      byteRate > 0 ? roomBytes / byteRate : Infinity,
    );
    return seconds / 3600;
  }

  /** new events per second over the last 15 minutes. */
  intakeRate(): number {
    return this.intakeEvents.perSecond(this.opts.clock.now());
  }

  /** true while starts are refused. */
  get isFull(): boolean {
    return this.full;
  }

  /**
   * Deletes events every sink has acknowledged, in whole chunks, oldest first: those older than
   * the retention, or (`early`) any, when the store nears its quota. The newest event is always
   * kept: the journal continues the seq from it after a restart.
   */
  prune(early = false): Promise<void> {
    this.pruning ??= this.pruneNow(early).finally(() => (this.pruning = undefined));
    return this.pruning;
  }

  private async pruneNow(early: boolean): Promise<void> {
    const { ledger } = this;
    const limit = Math.min(this.minCursor(), ledger.lastSeq - 1);
    const cutoff = this.opts.clock.now() - this.opts.config.retentionHours * 3_600_000;
    const events = this.opts.store.sub(Sublevels.events);
    let target = 0;
    for (let end = Math.ceil(ledger.firstSeq / CHUNK) * CHUNK; end <= limit; end += CHUNK) {
      if (!early) {
        const last = events.getSync(seqKey(end)) as GatewayEvent | undefined;
        if (last && Date.parse(last.time) >= cutoff) break;
      }
      target = end;
    }
    if (target < ledger.firstSeq) return;
    const first = ledger.firstSeq;
    await events.clear({ gte: seqKey(first), lte: seqKey(target) });
    await this.opts.store.sub(Sublevels.outboxChunks).clear({ lte: chunkKey(chunkOf(target)) });
    const freed = ledger.dropThrough(target);
    this.opts.log.info({ first, last: target, bytes: freed, early }, 'pruned delivered events');
    if (this.full) this.check();
  }

  /**
   * Saves the sizes of completed chunks. Not synced and not part of the events' batch: a lost
   * checkpoint only means that chunk is read once more at the next start.
   */
  private checkpoint(chunks: Array<[number, number]>): void {
    const sub = this.opts.store.sub(Sublevels.outboxChunks);
    sub
      .batch(chunks.map(([c, bytes]) => ({ type: 'put' as const, key: chunkKey(c), value: bytes })))
      .catch((err: unknown) => this.opts.log.warn({ err }, 'outbox checkpoint not saved'));
  }

  private schedulePrune(): void {
    if (this.stopped) return;
    this.timer = this.opts.timers.setTimeout(() => {
      this.prune()
        .catch((err: unknown) => this.opts.log.warn({ err }, 'pruning failed'))
        .finally(() => this.schedulePrune());
    }, this.opts.config.pruneIntervalMs);
  }

  private undeliveredBytes(): number {
    return this.ledger.bytesAfter(this.minCursor());
  }

  /** Updates the full state (raising or clearing the alarm); true when starts must be refused. */
  private check(): boolean {
    const { maxEvents, maxBytes, highWaterPercent } = this.opts.config;
    const hw = highWaterPercent / 100;
    const { ledger } = this;
    const undelivered = this.depth() >= maxEvents * hw || this.undeliveredBytes() >= maxBytes * hw;
    const atQuota = ledger.count >= maxEvents || ledger.totalBytes >= maxBytes;
    if (!undelivered && (ledger.count >= maxEvents * hw || ledger.totalBytes >= maxBytes * hw)) {
      // Delivered events kept for retention make way before any start is refused.
      void this.prune(true).catch((err: unknown) => this.opts.log.warn({ err }, 'early pruning failed'));
    }
    const full = undelivered || atQuota;
    if (full !== this.full) {
      this.full = full;
      const message = full
        ? `store full: undelivered events reached ${highWaterPercent}% of the quota; starts are refused (result 3)`
        : 'store no longer full: starts accepted again';
      if (full) this.opts.log.error({ depth: this.depth(), stored: ledger.count }, message);
      else this.opts.log.info({ depth: this.depth() }, message);
      this.opts.onAlarm({ code: 'STORE_FULL', source: 'store', message, active: full });
    }
    return full;
  }
}
