/**
 * One sink's forwarder: sends the outbox in seq order from the sink's durable cursor, one batch
 * in flight, batching by count, bytes and linger time. After each attempt the cursor and any
 * dead letters are written in one journal transaction (so a crash resends at most the batch in
 * flight: at least once, never a gap). Failures back off with full jitter, or hold the sink
 * (401/403) with an alarm and a slow retry.
 */
import type { SinkBatchConfig, SinkRetryConfig } from '../config/schema';
import { hasCode } from '../errors';
import type { Clock, DeviceHealth, Logger } from '../ports';
import type { Journal } from '../store/journal';
import { Sublevels } from '../store/layout';
import type { Store } from '../store/store';
import { SinkCondition } from './sink-condition';
import { OutboxReader } from './batch';
import { countWaiting, deadLetterKey, listDeadLetters, putRejection, resendDeadLetter } from './dead-letters';
import type { Outbox } from './outbox';
import { WindowRate } from './rate';
import { sleep, type Sleep, type Timers } from './timers';
import type { Batch, DeadLetter, Delivery, Sink, SinkFailure, SinkStats, UpstreamAlarm } from './types';

export interface ForwarderOptions {
  sink: Sink;
  store: Store;
  journal: Journal;
  outbox: Outbox;
  batch: Required<SinkBatchConfig>;
  retry: Required<SinkRetryConfig>;
  clock: Clock;
  timers: Timers;
  log: Logger;
  onAlarm: (alarm: UpstreamAlarm) => void;
  /** [0, 1) for the jitter; injectable for tests. */
  random?: () => number;
}

/** The longest single timer Node accepts; an idle forwarder re-arms it. */
const FOREVER = 2 ** 31 - 1;

/** Forwards the outbox to one sink. */
export class Forwarder {
  private cursor = 0;
  private loop: Promise<void> | undefined;
  private stopping = false;
  private abort = new AbortController();
  private nap: { sleep: Sleep; reason: 'data' | 'linger' | 'backoff' } | undefined;
  private lingerSince: number | undefined;
  private retryQueued = true;
  private waiting = 0;
  private readonly counters = { sent: 0, failed: 0, deadLettered: 0, skipped: 0 };
  private readonly rate = new WindowRate(1000, 60);
  private condition: SinkCondition | undefined;
  private reader: OutboxReader | undefined;
  /** highest seq the sink has (acknowledged or dead-lettered); the durable cursor may lag it. */
  private sentThrough = 0;
  private committing: Promise<void> = Promise.resolve();
  private prefetch: { from: number; batch: Promise<Batch | undefined> } | undefined;

  constructor(private readonly opts: ForwarderOptions) {}

  get name(): string {
    return this.opts.sink.name;
  }

  /** Loads the durable cursor and starts forwarding. */
  async start(): Promise<void> {
    if (this.loop) return;
    const { retry, random, log, onAlarm } = this.opts;
    this.condition = new SinkCondition({ sink: this.name, retry, random, log, onAlarm });
    this.reader = new OutboxReader(this.opts.store, this.opts.batch);
    this.stopping = false;
    this.abort = new AbortController();
    this.cursor = await this.opts.outbox.loadCursor(this.name);
    this.sentThrough = this.cursor;
    this.opts.outbox.setCursor(this.name, this.cursor);
    this.waiting = await countWaiting(this.opts.store, this.name);
    this.retryQueued = true;
    this.loop = this.run();
  }

  /**
   * Lets the batch in flight finish for up to `graceMs`, then aborts it (its events stay after
   * the cursor and are sent again after a restart), and closes the sink.
   */
  async stop(graceMs = 2000): Promise<void> {
    if (!this.loop) return;
    this.stopping = true;
    this.nap?.sleep.wake();
    const grace = sleep(this.opts.timers, graceMs);
    const finished = await Promise.race([this.loop.then(() => true), grace.done.then(() => false)]);
    grace.wake();
    if (!finished) {
      this.opts.log.warn('batch in flight abandoned at stop; it is sent again after the restart');
      this.abort.abort();
      await this.loop;
    }
    this.loop = undefined;
    await this.settle();
    await this.reader?.close();
    await this.opts.sink.stop();
  }

  /** New events were committed. */
  notify(): void {
    const nap = this.nap;
    if (!nap) return;
    if (nap.reason === 'data' || (nap.reason === 'linger' && this.batchFull())) nap.sleep.wake();
  }

  /** Dead letters changed (queued for retry, discarded): re-read them. */
  deadLettersChanged(): void {
    this.retryQueued = true;
    void countWaiting(this.opts.store, this.name).then(
      (n) => (this.waiting = n),
      () => undefined,
    );
    if (this.nap?.reason === 'data') this.nap.sleep.wake();
  }

  health(): DeviceHealth {
    const trouble = this.condition?.health();
    if (trouble) return trouble;
    const depth = this.depth();
    return { ok: true, state: depth > 0 ? `delivering, ${depth} queued` : 'up to date' };
  }

  stats(): SinkStats {
    return {
      cursor: this.cursor,
      depth: this.depth(),
      sendRate: this.rate.perSecond(this.opts.clock.now()),
      ...this.counters,
      deadLetters: this.waiting,
      held: this.condition?.isHeld ? 1 : 0,
    };
  }

  private depth(): number {
    return Math.max(0, this.opts.journal.committedSeq - this.cursor);
  }

  /** events committed and not yet sent. */
  private unsent(): number {
    return Math.max(0, this.opts.journal.committedSeq - this.sentThrough);
  }

  private batchFull(): boolean {
    const { maxEvents, maxBytes } = this.opts.batch;
    return this.unsent() >= maxEvents || this.opts.outbox.ledger.bytesAfter(this.sentThrough) >= maxBytes;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (this.retryQueued) await this.retryDeadLetters();
        else await this.step();
      } catch (err) {
        if (this.stopping && hasCode(err, 'STORE_CLOSED')) break;
        this.opts.log.error({ err }, 'forwarder error');
        // A store reopened after a failed write closes open iterators: read afresh from the cursor.
        await this.settle();
        await this.reader!.close();
        this.sentThrough = this.cursor;
        await this.pause('backoff', this.condition!.trouble((err as Error).message));
      }
    }
  }

  /** One turn: wait for events or linger, or send a batch. */
  private async step(): Promise<void> {
    const { batch: limits, clock, journal } = this.opts;
    if (this.unsent() === 0) {
      await this.pause('data', FOREVER);
      // Events after an idle spell: give the batch lingerMs to fill.
      this.lingerSince = clock.now();
      return;
    }
    if (this.lingerSince !== undefined) {
      const left = this.lingerSince + limits.lingerMs - clock.now();
      if (left > 0 && !this.batchFull()) return this.pause('linger', left);
      this.lingerSince = undefined;
    }
    const from = this.sentThrough + 1;
    const batch = (await this.takePrefetch(from)) ?? (await this.reader!.read(from));
    if (!batch) return this.pause('backoff', this.condition!.trouble('no event found after the cursor'));
    if (batch.first !== from)
      this.opts.log.warn(
        { cursor: this.sentThrough, first: batch.first },
        'events after the cursor were pruned',
      );
    // Read the next batch while this one is on its way: still one batch in flight to the sink.
    if (journal.committedSeq > batch.last) {
      const next = this.reader!.read(batch.last + 1);
      next.catch(() => undefined); // a failure surfaces when the prefetch is taken, not as unhandled
      this.prefetch = { from: batch.last + 1, batch: next };
    }
    const delivery = await this.opts.sink.deliver(batch, this.abort.signal);
    if (delivery.through > this.sentThrough) {
      this.sentThrough = delivery.through;
      // The cursor is written while the next batch goes out; commits stay in order.
      this.committing = this.committing
        .then(() => this.commit(delivery))
        .catch((err: unknown) => this.commitFailed(err));
    }
    if (delivery.failure) {
      await this.settle();
      return this.failed(delivery.failure);
    }
    this.succeeded();
  }

  /** The prefetched batch when it starts at `from`; a stale one is awaited and dropped. */
  private async takePrefetch(from: number): Promise<Batch | undefined> {
    const p = this.prefetch;
    this.prefetch = undefined;
    if (!p) return undefined;
    const batch = await p.batch;
    return p.from === from ? batch : undefined;
  }

  /** Waits for the prefetch and the cursor writes in progress, dropping the prefetch. */
  private async settle(): Promise<void> {
    await this.takePrefetch(-1).catch(() => undefined);
    await this.committing;
  }

  /** A cursor write failed: resend from the durable cursor (at least once, never a gap). */
  private commitFailed(err: unknown): void {
    this.sentThrough = this.cursor;
    if (!(this.stopping && hasCode(err, 'STORE_CLOSED')))
      this.opts.log.error({ err }, 'cursor not saved; resending from the last saved cursor');
  }

  /** Writes the cursor and the dead letters of one attempt in one transaction. */
  private async commit(delivery: Delivery): Promise<void> {
    const before = this.cursor;
    if (delivery.through <= before) return;
    const at = new Date(this.opts.clock.now()).toISOString();
    await this.opts.journal.run(
      async (tx) => {
        tx.put(Sublevels.cursors, this.name, delivery.through);
        for (const r of delivery.rejected) {
          const previous = await tx.get<DeadLetter>(Sublevels.deadLetters, deadLetterKey(this.name, r.seq));
          putRejection(tx, this.name, r, at, previous);
        }
        // No fsync of its own: a cursor lost in a crash means a resend (at least once), never a gap.
      },
      { sync: false },
    );
    this.cursor = delivery.through;
    this.opts.outbox.setCursor(this.name, delivery.through);
    const skipped = delivery.skipped ?? 0;
    const delivered = delivery.through - before - delivery.rejected.length - skipped;
    this.counters.sent += delivered;
    this.counters.skipped += skipped;
    this.rate.mark(delivered, this.opts.clock.now());
    for (const r of delivery.rejected) {
      this.opts.log.warn(
        { seq: r.seq, status: r.status },
        `event ${r.seq} rejected (HTTP ${r.status}); dead-lettered`,
      );
    }
    this.counters.deadLettered += delivery.rejected.length;
    this.waiting += delivery.rejected.length;
  }

  /** Sends each dead letter queued for retry alone; a success removes it, a rejection keeps it. */
  private async retryDeadLetters(): Promise<void> {
    await this.settle();
    const { store, sink, journal, clock, log } = this.opts;
    const queue = await listDeadLetters(store, { sink: this.name, states: ['retry'] });
    this.retryQueued = queue.length > 0;
    for (const d of queue) {
      if (this.stopping) return;
      const outcome = await resendDeadLetter(d, { sink, journal, clock, log, signal: this.abort.signal });
      if (outcome !== 'delivered' && outcome !== 'rejected') return this.failed(outcome);
      if (outcome === 'delivered') this.waiting = Math.max(0, this.waiting - 1);
      this.succeeded();
    }
  }

  private succeeded(): void {
    this.condition!.succeeded();
  }

  private async failed(f: SinkFailure): Promise<void> {
    this.counters.failed += 1;
    if (!this.stopping) await this.pause('backoff', this.condition!.failed(f));
  }

  private async pause(reason: 'data' | 'linger' | 'backoff', ms: number): Promise<void> {
    if (this.stopping) return;
    const s = sleep(this.opts.timers, ms);
    this.nap = { sleep: s, reason };
    await s.done;
    this.nap = undefined;
  }
}
