/**
 * The contract of the upstream Sink port (src/upstream/types.ts; sinks are built through the
 * registry in src/upstream/sinks), written once and run against every sink type and its receiver,
 * as abstract-level's shared suite is run by every store:
 *   describe('my sink', () => sinkContract(factory));
 * What is asserted is what the port and docs/upstream.md promise: a batch is delivered in seq
 * order and acknowledged through its last event; a resend carries the same event ids, so a
 * receiver keyed by id keeps each once; a receiver that is down is a retryable failure with no
 * progress, and the retry delivers the batch whole; refused credentials hold the sink (never
 * dead-letter) without the secret in the reason; an aborted attempt is a retryable failure.
 */
import assert from 'node:assert/strict';
import type { Batch, Delivery, Sink } from '../../src/upstream/types';
import { noUnhandledRejections, until } from './support';

/** A sink under test and the hands on its receiver. */
export interface SinkHarness {
  sink: Sink;
  /** `n` new events from the gateway's journal, as the outbox hands them to a sink. */
  batch(n: number): Promise<Batch>;
  /** the gateway event ids the receiver got, in arrival order, every arrival (resends included). */
  arrivals(): string[];
  /** what a receiver that dedupes by event id keeps, in order (undefined: it keeps every arrival). */
  stored?(): Promise<string[]>;
  /** the receiver goes down (connections refused); resolves once it is. */
  down(): Promise<void>;
  /** the receiver is back on the same address, ready to take events. */
  up(): Promise<void>;
  /** a sink of the same type and receiver whose credentials the receiver refuses, and its secret. */
  wrongCredentials(): Promise<{ sink: Sink; secret: string }>;
  /** Stops everything the factory started (the sink too). */
  close(): Promise<void>;
}

/** Builds a fresh harness (receiver up, sink built, nothing delivered) per test. */
export type SinkFactory = () => Promise<SinkHarness>;

const idsOf = (batch: Batch) => batch.events.map((e) => (JSON.parse(e) as { id: string }).id);
const attempt = (sink: Sink, batch: Batch) => sink.deliver(batch, new AbortController().signal);

/** The delivery made no progress and asks for a retry of the same batch. */
function assertNoProgress(d: Delivery, batch: Batch, kind: 'retry' | 'hold'): void {
  assert.equal(d.through, batch.first - 1, 'nothing acknowledged');
  assert.deepEqual(d.rejected, [], 'nothing dead-lettered');
  assert.equal(d.failure?.kind, kind, `a ${kind} failure: ${JSON.stringify(d)}`);
  assert.equal(typeof d.failure?.reason, 'string');
}

/** The whole batch was acknowledged. */
function assertDelivered(d: Delivery, batch: Batch): void {
  assert.equal(d.failure, undefined, `no failure: ${JSON.stringify(d.failure)}`);
  assert.equal(d.through, batch.last);
  assert.deepEqual(d.rejected, []);
}

/** The shared suite. */
export function sinkContract(factory: SinkFactory): void {
  noUnhandledRejections();
  let h: SinkHarness;

  beforeEach(async () => {
    h = await factory();
  });
  afterEach(() => h.close());

  it('delivers batches in seq order, each event once, acknowledged through the last', async () => {
    const first = await h.batch(5);
    const second = await h.batch(3);
    assert.equal(second.first, first.last + 1, 'contiguous batches');
    assertDelivered(await attempt(h.sink, first), first);
    assertDelivered(await attempt(h.sink, second), second);
    const ids = [...idsOf(first), ...idsOf(second)];
    await until('every event at the receiver', () => h.arrivals().length >= ids.length);
    assert.deepEqual(h.arrivals(), ids);
  });

  it('resends a batch with the same event ids, so a receiver keyed by id keeps each once', async () => {
    const batch = await h.batch(4);
    assertDelivered(await attempt(h.sink, batch), batch);
    assertDelivered(await attempt(h.sink, batch), batch);
    const ids = idsOf(batch);
    await until('both sendings at the receiver', () => h.arrivals().length >= 2 * ids.length);
    assert.deepEqual(h.arrivals(), [...ids, ...ids]);
    if (h.stored) assert.deepEqual(await h.stored(), ids);
  });

  it('fails retryably with no progress while the receiver is down; the retry delivers the batch whole, once', async () => {
    const batch = await h.batch(4);
    await h.down();
    assertNoProgress(await attempt(h.sink, batch), batch, 'retry');
    await h.up();
    assertDelivered(await attempt(h.sink, batch), batch);
    await until('the batch at the receiver', () => h.arrivals().length >= batch.events.length);
    assert.deepEqual(h.arrivals(), idsOf(batch));
  });

  it('holds on refused credentials: nothing acknowledged or dead-lettered, the secret not in the reason', async () => {
    const batch = await h.batch(2);
    const wrong = await h.wrongCredentials();
    try {
      const d = await attempt(wrong.sink, batch);
      assertNoProgress(d, batch, 'hold');
      assert.ok(!d.failure!.reason.includes(wrong.secret), `the secret is not in "${d.failure!.reason}"`);
    } finally {
      await wrong.sink.stop();
    }
    assert.deepEqual(h.arrivals(), []);
    assertDelivered(await attempt(h.sink, batch), batch);
  });

  it('ends an aborted attempt as a retryable failure; the next attempt delivers the batch', async () => {
    const batch = await h.batch(3);
    const aborted = new AbortController();
    aborted.abort();
    const d = await h.sink.deliver(batch, aborted.signal);
    assert.equal(d.failure?.kind, 'retry', `a retry failure: ${JSON.stringify(d)}`);
    assert.ok(d.through < batch.last, 'not acknowledged whole');
    assertDelivered(await attempt(h.sink, batch), batch);
    await until('the batch at the receiver', () => new Set(h.arrivals()).size >= batch.events.length);
    assert.deepEqual([...new Set(h.arrivals())], idsOf(batch));
  });

  it('stops idempotently', async () => {
    const batch = await h.batch(1);
    assertDelivered(await attempt(h.sink, batch), batch);
    await h.sink.stop();
    await h.sink.stop();
  });
}
