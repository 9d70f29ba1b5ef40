/**
 * Batches: reading contiguous events from the outbox (as stored JSON, so nothing is parsed and
 * re-serialised on the hot path), slicing them for bisection, and the HTTP body of docs/contracts.md §5.
 */
import { Sublevels, seqKey } from '../store/layout';
import type { AbstractIterator } from 'abstract-level';
import type { Store, Sub } from '../store/store';
import type { Batch } from './types';

export interface BatchLimits {
  maxEvents: number;
  maxBytes: number;
}

/**
 * Reads batches of contiguous events from the outbox, in seq order. While a backlog drains it
 * keeps one iterator open across batches (a fresh iterator per batch made the process's native
 * memory creep up by about 20 MB per million events, and costs time); it reopens when asked for a
 * different seq (a retry) or when it has reached the end of its snapshot (newer events).
 */
export class OutboxReader {
  private it: AbstractIterator<Sub, string, unknown> | undefined;
  /** entries read past the last batch's byte limit. */
  private spare: Array<[string, string]> = [];
  /** the seq the open iterator yields next. */
  private next = 0;

  constructor(
    private readonly store: Store,
    private readonly limits: BatchLimits,
  ) {}

  /**
   * Up to `limits` events from seq `from` on, stopping at the first missing seq; undefined when
   * no event at or after `from` exists. The first event is always included, even when it alone
   * exceeds maxBytes (it could never be sent otherwise).
   */
  async read(from: number): Promise<Batch | undefined> {
    if (this.it === undefined || from !== this.next) await this.open(from);
    let batch = await this.collect();
    if (batch === undefined) {
      await this.open(from); // the end of the old snapshot: look again for newer events
      batch = await this.collect();
    }
    if (batch) this.next = batch.last + 1;
    return batch;
  }

  /** Closes the iterator; read() opens a new one. */
  async close(): Promise<void> {
    const it = this.it;
    this.it = undefined;
    this.spare = [];
    // An iterator the database closed (reopen, shutdown) is gone already.
    await it?.close().catch(() => undefined);
  }

  private async open(from: number): Promise<void> {
    await this.close();
    this.it = this.store.sub(Sublevels.events).iterator({ gte: seqKey(from), valueEncoding: 'utf8' });
    this.next = from;
  }

  private async collect(): Promise<Batch | undefined> {
    const { maxEvents, maxBytes } = this.limits;
    const events: string[] = [];
    let first = 0;
    let bytes = 0;
    while (events.length < maxEvents) {
      const entries =
        this.spare.length > 0 ? this.spare : ((await this.it!.nextv(maxEvents)) as Array<[string, string]>);
      this.spare = [];
      if (entries.length === 0) break;
      if (events.length === 0) first = Number(entries[0][0]);
      for (let i = 0; i < entries.length; i++) {
        const [key, value] = entries[i];
        const size = Buffer.byteLength(value, 'utf8');
        const full = events.length >= maxEvents || (events.length > 0 && bytes + size > maxBytes);
        if (full || Number(key) !== first + events.length) {
          // Kept for the next batch when contiguous; a gap (never expected) reopens at the next read.
          if (!full) this.next = -1;
          this.spare = full ? entries.slice(i) : [];
          return { first, last: first + events.length - 1, events, bytes };
        }
        events.push(value);
        bytes += size;
      }
    }
    return events.length === 0 ? undefined : { first, last: first + events.length - 1, events, bytes };
  }
}

/** Reads one batch from seq `from` (a one-off OutboxReader). */
export async function readBatch(store: Store, from: number, limits: BatchLimits): Promise<Batch | undefined> {
  const reader = new OutboxReader(store, limits);
  try {
    return await reader.read(from);
  } finally {
    await reader.close();
  }
}

/** The events at indexes [from, to] of `batch`. */
export function sliceBatch(batch: Batch, from: number, to: number): Batch {
  const events = batch.events.slice(from, to + 1);
  let bytes = 0;
  for (const e of events) bytes += Buffer.byteLength(e, 'utf8');
  return { first: batch.first + from, last: batch.first + to, events, bytes };
}

/** `{"gatewayId": …, "events": [EVENT, …]}` built from the stored JSON texts. */
export function eventsBody(gatewayId: string, batch: Batch): string {
  return `{"gatewayId":${JSON.stringify(gatewayId)},"events":[${batch.events.join(',')}]}`;
}

/** `{gatewayId}:{firstSeq}-{lastSeq}`: the same batch always carries the same key. */
export function idempotencyKey(gatewayId: string, batch: Pick<Batch, 'first' | 'last'>): string {
  return `${gatewayId}:${batch.first}-${batch.last}`;
}
