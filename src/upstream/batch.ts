/**
 * Batches: reading contiguous events from the outbox (as stored JSON, so nothing is parsed and
 * re-serialised on the hot path), slicing them for bisection, and the HTTP body of CONTRACTS §5.
 */
import type { AbstractIteratorOptions } from 'abstract-level';
import { Sublevels, seqKey } from '../store/layout';
import type { Store } from '../store/store';
import type { Batch } from './types';

/** classic-level's read-ahead option passes through sublevels; abstract-level's types omit it. */
export type IteratorOptions = AbstractIteratorOptions<string, unknown> & { highWaterMarkBytes?: number };

export interface BatchLimits {
  maxEvents: number;
  maxBytes: number;
}

/**
 * Reads up to `limits` events from seq `from` on, stopping at the first missing seq. Returns
 * undefined when no event at or after `from` exists. The first event is always included, even
 * when it alone exceeds maxBytes (it could never be sent otherwise).
 */
export async function readBatch(store: Store, from: number, limits: BatchLimits): Promise<Batch | undefined> {
  const options: IteratorOptions = {
    gte: seqKey(from),
    limit: limits.maxEvents,
    valueEncoding: 'utf8',
    // nextv() stops at this many bytes (default 16 KiB); a batch's worth in one call is cheaper.
    highWaterMarkBytes: limits.maxBytes + 64 * 1024,
  };
  const it = store.sub(Sublevels.events).iterator(options);
  try {
    let first = 0;
    const events: string[] = [];
    let bytes = 0;
    // nextv() may return fewer entries than asked for; read on until the batch is complete.
    while (events.length < limits.maxEvents) {
      const entries = (await it.nextv(limits.maxEvents - events.length)) as Array<[string, string]>;
      if (entries.length === 0) break;
      if (events.length === 0) first = Number(entries[0][0]);
      for (const [key, value] of entries) {
        const size = Buffer.byteLength(value, 'utf8');
        if (Number(key) !== first + events.length || (events.length > 0 && bytes + size > limits.maxBytes))
          return { first, last: first + events.length - 1, events, bytes };
        events.push(value);
        bytes += size;
      }
    }
    return events.length === 0 ? undefined : { first, last: first + events.length - 1, events, bytes };
  } finally {
    await it.close();
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
