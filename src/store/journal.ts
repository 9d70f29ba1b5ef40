/**
 * Group commit. Work is submitted as a transaction function; the journal runs queued functions
 * one after another against an overlay of the committed state, then writes everything they
 * produced in ONE synced LevelDB batch. Concurrent cycles therefore share one fsync, and the
 * state a transaction changes is durable in the same write as the events that describe it.
 *
 * Sequence numbers and counters are assigned while a group is formed, never before, so a failed
 * write leaves no gap: the whole group is discarded and the next one starts from the same state.
 */
import { EventEmitter } from 'node:events';
import { v7 as uuidv7 } from 'uuid';
import { LinegateError, hasCode } from '../errors';
import type { Clock } from '../ports';
import type { EventInput, GatewayEvent } from '../events/event';
import { CACHED, Sublevels, seqKey, type SublevelName } from './layout';
import type { Store } from './store';

const DELETED = Symbol('deleted');
/** JSON text of a value, or DELETED. */
type Slot = string | typeof DELETED;

function parse<T>(slot: Slot | undefined): T | undefined {
  return slot === undefined || slot === DELETED ? undefined : (JSON.parse(slot) as T);
}

/** The view a transaction function gets: reads see earlier writes of the same group. */
export interface Tx {
  get<T>(sub: SublevelName, key: string): Promise<T | undefined>;
  put(sub: SublevelName, key: string, value: unknown): void;
  del(sub: SublevelName, key: string): void;
  /** Appends an event with the next seq; returns it as it will be stored. */
  appendEvent(input: EventInput): GatewayEvent;
}

/** Puts of a bulk transaction (see Journal.runBulk). */
export interface BulkWriter {
  /** Adds a put of `value` (JSON-encoded by LevelDB) to the batch; never visible to reads in the transaction. */
  put(sub: SublevelName, key: string, value: unknown): void;
}

interface Pending {
  fn: (tx: Tx, bulk: BulkWriter) => unknown;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
  /** a bulk transaction: committed alone, in a group of its own. */
  bulk?: true;
  /** bookkeeping that may be lost in a crash (it is redone): needs no fsync of its own. */
  lazy?: true;
  /** the repair after open: may set counters to the mark itself. */
  repair?: true;
}

/**
 * Batch operations on the root database with keys already prefixed and values already JSON:
 * abstract-level's per-operation sublevel handling costs more than the rest of a start cycle.
 * The key form is the sublevel's own (`sub.prefix + key`), so sublevel reads see these writes.
 */
type BatchOp = { type: 'put'; key: string; value: string } | { type: 'del'; key: string };

/** Overlay values are JSON text already: the chained batch of runBulk writes them as they are. */
const UTF8 = { valueEncoding: 'utf8' } as const;

/** What an ordinary transaction gets for bulk puts: none (only runBulk passes a real writer). */
const NO_BULK: BulkWriter = {
  put: () => {
    throw new TypeError('bulk puts need Journal.runBulk');
  },
};

export interface JournalEvents {
  /** after each durable batch, with the events it contained (possibly none). */
  committed: [events: GatewayEvent[]];
}

/** Serialises transactions into synced, grouped batches. */
export class Journal extends EventEmitter<JournalEvents> {
  private readonly queue: Pending[] = [];
  private readonly cache = new Map<string, Slot>();
  private writing = false;
  private closed = false;
  /** a batch failed: the database must be reopened before the next write (LevelDB's error is sticky). */
  private faulted = false;
  private lastSeq: number;
  /** the root key prefix of counter puts, to find the numbers a transaction takes. */
  private readonly counterPrefix: string;
  /** the repair, run as the first transaction of the first group (listeners are attached by then). */
  private repairing: Pending | undefined;
  private idle: Promise<void> = Promise.resolve();
  private markIdle: () => void = () => undefined;

  constructor(
    private readonly store: Store,
    private readonly opts: { gatewayId: string; clock: Clock; maxGroup?: number },
  ) {
    super();
    const { integrity } = store.mark;
    // Never below the mark: after a loss, event seq continues above it (the gap is recorded).
    this.lastSeq = Math.max(store.lastSeqAtOpen, integrity.floors.events);
    this.counterPrefix = store.sub(Sublevels.counters).prefix;
    if (integrity.state === 'damaged' || integrity.state === 'gap')
      this.repairing = this.repair(store.lastSeqAtOpen);
  }

  /**
   * The first transaction after a damaged or unprovable store: counters move up to the mark, and
   * one store.gap event records the seqs and numbers skipped, so a receiver sees why seq jumps.
   */
  private repair(storeSeq: number): Pending {
    const { state, floors, lost, message } = this.store.mark.integrity;
    const fn = async (tx: Tx): Promise<void> => {
      const raised: Record<string, { from: number; to: number }> = {};
      for (const [k, n] of Object.entries(floors.counters)) {
        const held = (await tx.get<number>(Sublevels.counters, k)) ?? 0;
        if (held >= n) continue;
        tx.put(Sublevels.counters, k, n);
        raised[k.replace('\x00', '/')] = { from: held + 1, to: n };
      }
      const skipped = floors.events > storeSeq ? { from: storeSeq + 1, to: floors.events } : undefined;
      tx.appendEvent({
        type: 'store.gap',
        data: { cause: state, message, skippedSeq: skipped, skippedNumbers: raised, lost },
      });
    };
    // Its failure leaves the floors in force (the mark refuses numbers at or below them); the
    // next open repeats the repair.
    return { fn, resolve: () => undefined, reject: () => undefined, repair: true };
  }

  /** the seq of the last durable event. */
  get committedSeq(): number {
    return this.lastSeq;
  }

  /**
   * Runs `fn` in the next group and resolves with its result once the group's batch is synced
   * to disk. If `fn` throws, its own writes are dropped and the promise rejects with that error;
   * if the batch fails, every transaction of the group rejects with STORE_WRITE_FAILED.
   * `sync: false` marks bookkeeping that may be lost in a crash: a group of such work only is
   * written without an fsync (a later synced write makes it durable too).
   */
  run<T>(fn: (tx: Tx) => T | Promise<T>, options: { sync?: boolean } = {}): Promise<T> {
    if (this.closed) return Promise.reject(new LinegateError('STORE_CLOSED', 'the store is closed'));
    return new Promise<T>((resolve, reject) => {
      const lazy = options.sync === false ? { lazy: true as const } : {};
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject, ...lazy });
      if (!this.writing) void this.drain();
    });
  }

  /**
   * Runs `fn` like run(), alone in a group of its own, and writes its bulk puts in the same synced
   * batch. Bulk puts go straight into a LevelDB chained batch instead of the overlay, so a
   * 100,000-row import costs neither the overlay's memory nor the array batch's per-operation
   * price. They are not visible to reads inside `fn` (read the store directly: nothing else runs
   * in the group), and must not go to a CACHED sublevel, whose cache they would bypass.
   */
  runBulk<T>(fn: (tx: Tx, bulk: BulkWriter) => T | Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new LinegateError('STORE_CLOSED', 'the store is closed'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ fn, resolve: resolve as (v: unknown) => void, reject, bulk: true });
      if (!this.writing) void this.drain();
    });
  }

  /** Waits for queued work, then refuses new work. */
  async close(): Promise<void> {
    this.closed = true;
    await this.idle;
  }

  private async drain(): Promise<void> {
    this.writing = true;
    this.idle = new Promise((r) => (this.markIdle = r));
    if (this.repairing) this.queue.unshift(this.repairing);
    this.repairing = undefined;
    try {
      let lastGroup = 0;
      for (;;) {
        // Under concurrent load, let the callers just answered run on and submit their next work,
        // so the next group gathers every ready cycle instead of whichever came first. A lone
        // caller skips the wait: its next cycle starts a new drain at once.
        if (lastGroup > 1) await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.queue.length === 0) break;
        // A bulk transaction is committed alone; an ordinary group stops before one.
        const bulkAt = this.queue.findIndex((p) => p.bulk);
        const size = bulkAt === 0 ? 1 : bulkAt > 0 ? bulkAt : this.queue.length;
        const group = this.queue.splice(0, Math.min(size, this.opts.maxGroup ?? 256));
        lastGroup = group.length;
        if (group[0].bulk) await this.commitBulk(group[0]);
        else await this.commitGroup(group);
      }
    } finally {
      this.writing = false;
      this.markIdle();
    }
  }

  /**
   * After a failed write, reopens the database before the next group forms (LevelDB refuses
   * writes until then) and reloads what the journal keeps in memory from disk: a write that
   * failed late (its fsync) may be on disk after all, and must not have its seq reused.
   */
  private async recovered(group: Pending[]): Promise<boolean> {
    if (!this.faulted) return true;
    try {
      await this.store.reopen();
      this.lastSeq = Math.max(await this.store.lastSeq(), this.store.mark.committed.events);
      this.cache.clear();
      this.faulted = false;
      return true;
    } catch (cause) {
      const error = new LinegateError(
        'STORE_WRITE_FAILED',
        `the store cannot be written (reopen after a failed write: ${(cause as Error).message})`,
        { cause },
      );
      group.forEach((item) => item.reject(error));
      return false;
    }
  }

  /**
   * Collects the counters a transaction moved (its ops from `from` on) and refuses one that would
   * hand out a number at or below the high-water mark (STORE_DAMAGED).
   */
  private claimCounters(ops: BatchOp[], from: number, into: Map<string, number>, repair?: true): void {
    const prefix = this.counterPrefix;
    const moved: Array<[string, number]> = [];
    for (let i = from; i < ops.length; i++) {
      const op = ops[i];
      if (op.type !== 'put' || !op.key.startsWith(prefix)) continue;
      const key = op.key.slice(prefix.length);
      const value = Number(op.value);
      if (!repair) this.store.mark.check(key, value);
      moved.push([key, value]);
    }
    // Only once every counter passed: a refused transaction claims nothing.
    for (const [key, value] of moved) into.set(key, Math.max(into.get(key) ?? 0, value));
  }

  private writeFailed(cause: unknown): LinegateError {
    this.faulted = true;
    return new LinegateError('STORE_WRITE_FAILED', `synced batch write failed: ${(cause as Error).message}`, {
      cause,
    });
  }

  private async commitBulk(item: Pending): Promise<void> {
    if (!(await this.recovered([item]))) return;
    const tx = new GroupTx(this.store, this.cache, this.lastSeq, this.opts);
    const batch = this.store.db.batch();
    const bulk: BulkWriter = {
      put: (sub, key, value) => {
        if (CACHED.has(sub)) throw new TypeError(`bulk puts to the cached sublevel ${sub} are not allowed`);
        batch.put(this.store.sub(sub).prefix + key, value);
      },
    };
    let value: unknown;
    const counters = new Map<string, number>();
    try {
      value = await item.fn(tx, bulk);
      this.claimCounters(tx.ops, 0, counters, item.repair);
      for (const op of tx.ops)
        if (op.type === 'put') batch.put(op.key, op.value, UTF8);
        else batch.del(op.key);
    } catch (error) {
      await batch.close();
      item.reject(error);
      return;
    }
    const claims = { events: tx.seq, counters };
    try {
      await this.store.mark.reserve(claims);
    } catch (error) {
      await batch.close();
      item.reject(error);
      return;
    }
    try {
      await batch.write({ sync: true });
    } catch (cause) {
      item.reject(this.writeFailed(cause));
      return;
    }
    this.store.mark.commit(claims);
    tx.applyTo(this.cache);
    this.lastSeq = tx.seq;
    item.resolve(value);
    this.emit('committed', tx.events);
  }

  private async commitGroup(group: Pending[]): Promise<void> {
    if (!(await this.recovered(group))) return;
    const tx = new GroupTx(this.store, this.cache, this.lastSeq, this.opts);
    const outcomes: Array<{ ok: true; value: unknown } | { ok: false; error: unknown }> = [];
    const counters = new Map<string, number>();
    for (const item of group) {
      const mark = tx.savepoint();
      try {
        const value = await item.fn(tx, NO_BULK);
        this.claimCounters(tx.ops, mark.ops, counters, item.repair);
        outcomes.push({ ok: true, value });
      } catch (error) {
        tx.rollback(mark);
        outcomes.push({ ok: false, error });
      }
    }
    if (tx.ops.length > 0) {
      const claims = { events: tx.seq, counters };
      try {
        // Numbers beyond the reserved mark are reserved durably before the store holds them.
        await this.store.mark.reserve(claims);
        // A group of bookkeeping only (e.g. forwarder cursors) skips the fsync: on flash, each
        // fsync rewrites a whole page, and a lost cursor only means a resend.
        const sync = group.some((item) => !item.lazy);
        await this.store.db.batch(tx.ops as never[], { sync, valueEncoding: 'utf8' });
      } catch (cause) {
        const error = hasCode(cause, 'STORE_WRITE_FAILED') ? cause : this.writeFailed(cause);
        group.forEach((item, i) =>
          outcomes[i].ok ? item.reject(error) : item.reject((outcomes[i] as { error: unknown }).error),
        );
        return;
      }
      this.store.mark.commit(claims);
      tx.applyTo(this.cache);
      this.lastSeq = tx.seq;
    }
    group.forEach((item, i) => {
      const o = outcomes[i];
      if (o.ok) item.resolve(o.value);
      else item.reject(o.error);
    });
    this.emit('committed', tx.events);
  }
}

/** The overlay one group writes into. */
class GroupTx implements Tx {
  readonly ops: BatchOp[] = [];
  readonly events: GatewayEvent[] = [];
  private readonly overlay = new Map<string, Slot>();
  private readonly undo: Array<[string, Slot | undefined]> = [];

  constructor(
    private readonly store: Store,
    private readonly cache: Map<string, Slot>,
    public seq: number,
    private readonly opts: { gatewayId: string; clock: Clock },
  ) {}

  async get<T>(sub: SublevelName, key: string): Promise<T | undefined> {
    const k = sub + '\x00' + key;
    // Values are kept as JSON text and parsed on every read, so a caller that changes what it
    // read cannot change what another transaction (or the cache) sees.
    if (this.overlay.has(k)) return parse<T>(this.overlay.get(k));
    if (CACHED.has(sub) && this.cache.has(k)) return parse<T>(this.cache.get(k));
    // A synchronous read costs microseconds; an async one costs a thread-pool round trip, and
    // the group is formed serially, so async reads would serialise every cycle behind them.
    const value = this.store.sub(sub).getSync(key) as T | undefined;
    if (CACHED.has(sub)) this.cache.set(k, value === undefined ? DELETED : JSON.stringify(value));
    return value;
  }

  put(sub: SublevelName, key: string, value: unknown): void {
    const json = JSON.stringify(value);
    this.write(sub, key, json);
    this.ops.push({ type: 'put', key: this.store.sub(sub).prefix + key, value: json });
  }

  del(sub: SublevelName, key: string): void {
    this.write(sub, key, DELETED);
    this.ops.push({ type: 'del', key: this.store.sub(sub).prefix + key });
  }

  appendEvent(input: EventInput): GatewayEvent {
    const seq = this.seq + 1;
    const event: GatewayEvent = {
      id: uuidv7(),
      seq,
      gatewayId: this.opts.gatewayId,
      type: input.type,
      time: new Date(this.opts.clock.now()).toISOString(),
      ...(input.station !== undefined && { station: input.station }),
      ...(input.serial !== undefined && { serial: input.serial }),
      ...(input.partNumber !== undefined && { partNumber: input.partNumber }),
      ...(input.workOrder !== undefined && { workOrder: input.workOrder }),
      data: input.data ?? {},
    };
    this.seq = seq;
    this.events.push(event);
    this.put(Sublevels.events, seqKey(seq), event);
    return event;
  }

  savepoint(): { ops: number; undo: number; seq: number; events: number } {
    return { ops: this.ops.length, undo: this.undo.length, seq: this.seq, events: this.events.length };
  }

  rollback(mark: ReturnType<GroupTx['savepoint']>): void {
    this.ops.length = mark.ops;
    this.events.length = mark.events;
    this.seq = mark.seq;
    while (this.undo.length > mark.undo) {
      const [k, prev] = this.undo.pop()!;
      if (prev === undefined) this.overlay.delete(k);
      else this.overlay.set(k, prev);
    }
  }

  applyTo(cache: Map<string, Slot>): void {
    for (const [k, v] of this.overlay) {
      const sub = k.slice(0, k.indexOf('\x00')) as SublevelName;
      if (CACHED.has(sub)) cache.set(k, v);
    }
  }

  private write(sub: SublevelName, key: string, value: Slot): void {
    const k = sub + '\x00' + key;
    this.undo.push([k, this.overlay.get(k)]);
    this.overlay.set(k, value);
  }
}
