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
import { Backoff } from './backoff';
import { readBatch } from './batch';
import { countWaiting, deadLetterKey, listDeadLetters, putRejection } from './dead-letters';
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
  private held: string | undefined;
  private failing: string | undefined;
  private waiting = 0;
  private readonly counters = { sent: 0, failed: 0, deadLettered: 0 };
  private readonly rate = new WindowRate(1000, 60);
  private backoff: Backoff | undefined;

  constructor(private readonly opts: ForwarderOptions) {}

  get name(): string {
    return this.opts.sink.name;
  }

  /** Loads the durable cursor and starts forwarding. */
  async start(): Promise<void> {
    if (this.loop) return;
    const { retry, random } = this.opts;
    this.backoff = new Backoff({ ...retry, random });
    this.stopping = false;
    this.abort = new AbortController();
    this.cursor = await this.loadCursor();
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
    if (this.held) return { ok: false, state: `held: ${this.held}` };
    if (this.failing) return { ok: false, state: this.failing };
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
      held: this.held ? 1 : 0,
    };
  }

  private depth(): number {
    return Math.max(0, this.opts.journal.committedSeq - this.cursor);
  }

  private batchFull(): boolean {
    const { maxEvents, maxBytes } = this.opts.batch;
    return this.depth() >= maxEvents || this.opts.outbox.ledger.bytesAfter(this.cursor) >= maxBytes;
  }

  private async loadCursor(): Promise<number> {
    const stored = (await this.opts.store.sub(Sublevels.cursors).get(this.name)) as number | undefined;
    const { firstSeq, lastSeq } = this.opts.outbox.ledger;
    // A sink new to this store starts at the oldest event still stored.
    const cursor = Math.max(stored ?? 0, firstSeq - 1);
    if (cursor > lastSeq) {
      this.opts.log.warn(
        { cursor, lastSeq },
        'cursor beyond the newest event (store restored?); continuing from the newest',
      );
      return lastSeq;
    }
    return cursor;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (this.retryQueued) await this.retryDeadLetters();
        else await this.step();
      } catch (err) {
        if (this.stopping && hasCode(err, 'STORE_CLOSED')) break;
        this.opts.log.error({ err }, 'forwarder error');
        await this.pause('backoff', this.backoff!.next());
      }
    }
  }

  /** One turn: wait for events or linger, or send a batch. */
  private async step(): Promise<void> {
    const { batch: limits, clock } = this.opts;
    if (this.depth() === 0) {
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
    const batch = await readBatch(this.opts.store, this.cursor + 1, limits);
    if (!batch) return this.pause('backoff', this.backoff!.next());
    if (batch.first !== this.cursor + 1)
      this.opts.log.warn({ cursor: this.cursor, first: batch.first }, 'events after the cursor were pruned');
    await this.send(batch);
  }

  private async send(batch: Batch): Promise<void> {
    const delivery = await this.opts.sink.deliver(batch, this.abort.signal);
    await this.commit(delivery);
    if (delivery.failure) return this.failed(delivery.failure);
    this.succeeded();
  }

  /** Writes the cursor and the dead letters of one attempt in one transaction. */
  private async commit(delivery: Delivery): Promise<void> {
    const before = this.cursor;
    if (delivery.through <= before) return;
    const at = new Date(this.opts.clock.now()).toISOString();
    await this.opts.journal.run(async (tx) => {
      tx.put(Sublevels.cursors, this.name, delivery.through);
      for (const r of delivery.rejected) {
        const previous = await tx.get<DeadLetter>(Sublevels.deadLetters, deadLetterKey(this.name, r.seq));
        putRejection(tx, this.name, r, at, previous);
      }
    });
    this.cursor = delivery.through;
    this.opts.outbox.setCursor(this.name, delivery.through);
    const delivered = delivery.through - before - delivery.rejected.length;
    this.counters.sent += delivered;
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
    const queue = await listDeadLetters(this.opts.store, { sink: this.name, states: ['retry'] });
    if (queue.length === 0) {
      this.retryQueued = false;
      return;
    }
    for (const d of queue) {
      if (this.stopping) return;
      const json = JSON.stringify(d.event);
      const batch: Batch = { first: d.seq, last: d.seq, events: [json], bytes: Buffer.byteLength(json) };
      const delivery = await this.opts.sink.deliver(batch, this.abort.signal);
      if (delivery.failure) return this.failed(delivery.failure);
      const at = new Date(this.opts.clock.now()).toISOString();
      const rejected = delivery.rejected[0];
      await this.opts.journal.run((tx) => {
        if (rejected) putRejection(tx, this.name, rejected, at, d);
        else tx.del(Sublevels.deadLetters, deadLetterKey(this.name, d.seq));
      });
      this.opts.log.info({ seq: d.seq, delivered: !rejected }, 'dead letter retried');
      if (!rejected) this.waiting = Math.max(0, this.waiting - 1);
      this.succeeded();
    }
  }

  private succeeded(): void {
    this.backoff!.reset();
    this.failing = undefined;
    if (this.held) {
      this.opts.log.info('sink accepted again; hold cleared');
      this.opts.onAlarm({
        code: 'SINK_HELD',
        source: this.name,
        message: 'sink accepted again',
        active: false,
      });
      this.held = undefined;
    }
  }

  private async failed(f: SinkFailure): Promise<void> {
    this.counters.failed += 1;
    if (this.stopping) return;
    if (f.kind === 'hold') {
      if (!this.held) {
        const message = `sink held: ${f.reason}; nothing is dead-lettered, retrying every ${this.opts.retry.authRetryMs} ms`;
        this.opts.log.error({ reason: f.reason }, message);
        this.opts.onAlarm({ code: 'SINK_HELD', source: this.name, message, active: true });
      }
      this.held = f.reason;
      return this.pause('backoff', this.opts.retry.authRetryMs);
    }
    const delay = this.backoff!.next(f.retryAfterMs);
    this.failing = `retrying in ${delay} ms: ${f.reason}`;
    this.opts.log.warn(
      { reason: f.reason, delayMs: delay, attempt: this.backoff!.attempts },
      'delivery failed; backing off',
    );
    return this.pause('backoff', delay);
  }

  private async pause(reason: 'data' | 'linger' | 'backoff', ms: number): Promise<void> {
    if (this.stopping) return;
    const s = sleep(this.opts.timers, ms);
    this.nap = { sleep: s, reason };
    await s.done;
    this.nap = undefined;
  }
}
