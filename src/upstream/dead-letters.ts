/**
 * The dead-letter store: events a sink rejected (HTTP 400/413/422 on the event alone), kept with
 * the answer until an operator retries them or discards them with a recorded reason. Records
 * are written through the journal, in the same batch as the cursor that moves past them.
 */
import type { GatewayEvent } from '../events/event';
import type { Journal, Tx } from '../store/journal';
import { Sublevels, joinKey, seqKey } from '../store/layout';
import type { Store } from '../store/store';
import type { Clock, Logger } from '../ports';
import type { Batch, DeadLetter, DeadLetterState, RejectedEvent, Sink, SinkFailure } from './types';

/** Which dead letters an operation applies to. */
export interface DeadLetterSelection {
  /** only this sink's; all sinks when absent. */
  sink?: string;
  /** only these seqs; every one in the selected sinks when absent. */
  seqs?: readonly number[];
}

/** The key of a sink's dead letter. */
export function deadLetterKey(sink: string, seq: number): string {
  return joinKey(sink, seqKey(seq));
}

/** Writes a new or repeated rejection into `tx`. */
export function putRejection(
  tx: Tx,
  sink: string,
  r: RejectedEvent,
  at: string,
  previous?: DeadLetter,
): void {
  const event = JSON.parse(r.event) as GatewayEvent;
  const record: DeadLetter = {
    sink,
    seq: r.seq,
    id: event.id,
    type: event.type,
    event,
    status: r.status,
    answer: r.answer,
    at,
    attempts: (previous?.attempts ?? 0) + 1,
    state: 'dead',
  };
  tx.put(Sublevels.deadLetters, deadLetterKey(sink, r.seq), record);
}

/** Dead letters in sink and seq order, filtered. */
export async function listDeadLetters(
  store: Store,
  filter: DeadLetterSelection & { states?: readonly DeadLetterState[] } = {},
): Promise<DeadLetter[]> {
  const sub = store.sub(Sublevels.deadLetters);
  const range = filter.sink !== undefined ? { gt: `${filter.sink}\x00`, lt: `${filter.sink}\x01` } : {};
  const seqs = filter.seqs ? new Set(filter.seqs) : undefined;
  const out: DeadLetter[] = [];
  for await (const value of sub.values(range)) {
    const d = value as DeadLetter;
    if (seqs && !seqs.has(d.seq)) continue;
    if (filter.states && !filter.states.includes(d.state)) continue;
    out.push(d);
  }
  return out;
}

/** Queues the selected dead letters (not discarded ones) for another delivery; returns how many. */
export async function markForRetry(
  store: Store,
  journal: Journal,
  sel: DeadLetterSelection,
): Promise<DeadLetter[]> {
  const found = await listDeadLetters(store, { ...sel, states: ['dead'] });
  if (found.length === 0) return [];
  await journal.run((tx) => {
    for (const d of found)
      tx.put(Sublevels.deadLetters, deadLetterKey(d.sink, d.seq), { ...d, state: 'retry' });
  });
  return found;
}

/** Marks the selected dead letters discarded, recording why, when and by whom; returns them. */
export async function discardDeadLetters(
  store: Store,
  journal: Journal,
  sel: DeadLetterSelection,
  reason: string,
  by: string,
  at: string,
): Promise<DeadLetter[]> {
  const found = await listDeadLetters(store, { ...sel, states: ['dead', 'retry'] });
  if (found.length === 0) return [];
  await journal.run((tx) => {
    for (const d of found) {
      const record: DeadLetter = { ...d, state: 'discarded', discarded: { reason, at, by } };
      tx.put(Sublevels.deadLetters, deadLetterKey(d.sink, d.seq), record);
    }
  });
  return found;
}

/** Counts of a sink's dead letters waiting (dead or queued for retry). */
export async function countWaiting(store: Store, sink: string): Promise<number> {
  return (await listDeadLetters(store, { sink, states: ['dead', 'retry'] })).length;
}

/** What resending a dead letter needs. */
export interface ResendContext {
  sink: Sink;
  journal: Journal;
  clock: Clock;
  log: Logger;
  signal: AbortSignal;
}

/**
 * Sends one dead letter alone again. Delivered: its record is removed. Rejected again: the
 * record goes back to `dead` with the new answer. Otherwise the failure is returned and the
 * record stays queued for retry.
 */
export async function resendDeadLetter(
  d: DeadLetter,
  ctx: ResendContext,
): Promise<'delivered' | 'rejected' | SinkFailure> {
  const json = JSON.stringify(d.event);
  const batch: Batch = { first: d.seq, last: d.seq, events: [json], bytes: Buffer.byteLength(json) };
  const delivery = await ctx.sink.deliver(batch, ctx.signal);
  if (delivery.failure) return delivery.failure;
  const at = new Date(ctx.clock.now()).toISOString();
  const rejected = delivery.rejected[0];
  await ctx.journal.run((tx) => {
    if (rejected) putRejection(tx, ctx.sink.name, rejected, at, d);
    else tx.del(Sublevels.deadLetters, deadLetterKey(ctx.sink.name, d.seq));
  });
  ctx.log.info({ seq: d.seq, delivered: !rejected }, 'dead letter retried');
  return rejected ? 'rejected' : 'delivered';
}
