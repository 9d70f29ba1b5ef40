import assert from 'node:assert/strict';
import {
  SINK_DEFAULTS,
  STORE_DEFAULTS,
  type SinkBatchConfig,
  type SinkRetryConfig,
} from '../../../src/config/schema';
import { Sublevels } from '../../../src/store/layout';
import { listDeadLetters, markForRetry } from '../../../src/upstream/dead-letters';
import { Forwarder } from '../../../src/upstream/forwarder';
import { Outbox } from '../../../src/upstream/outbox';
import { realTimers } from '../../../src/upstream/timers';
import type { Batch, Delivery, Sink, UpstreamAlarm } from '../../../src/upstream/types';
import { silentLog } from '../../helpers/silent-log';
import { upstreamRig, waitFor, type UpstreamRig } from './rig';

type Behaviour = (batch: Batch, signal: AbortSignal) => Delivery | Promise<Delivery>;

/** A sink that records what it got and answers as told. */
class FakeSink implements Sink {
  readonly name = 'fake';
  readonly type = 'http';
  inFlight = 0;
  maxInFlight = 0;
  readonly batches: Array<[number, number]> = [];
  readonly seqs: number[] = [];
  behave: Behaviour = (b) => ({ through: b.last, rejected: [] });

  async stop(): Promise<void> {}

  async deliver(batch: Batch, signal: AbortSignal): Promise<Delivery> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      const d = await this.behave(batch, signal);
      this.batches.push([batch.first, batch.last]);
      for (let s = batch.first; s <= Math.min(d.through, batch.last); s++) this.seqs.push(s);
      return d;
    } finally {
      this.inFlight--;
    }
  }
}

describe('forwarder', () => {
  let rig: UpstreamRig;
  let sink: FakeSink;
  let outbox: Outbox;
  let alarms: UpstreamAlarm[];
  const forwarders: Forwarder[] = [];

  async function forwarder(batch: Partial<SinkBatchConfig> = {}, retry: Partial<SinkRetryConfig> = {}) {
    const f = new Forwarder({
      sink,
      store: rig.store,
      journal: rig.journal,
      outbox,
      batch: { ...SINK_DEFAULTS.batch, lingerMs: 0, ...batch },
      retry: { ...SINK_DEFAULTS.retry, initialMs: 1, maxMs: 5, ...retry },
      clock: { now: () => Date.now() },
      timers: realTimers,
      log: silentLog,
      onAlarm: (a) => alarms.push(a),
      random: () => 0.5,
    });
    forwarders.push(f);
    await f.start();
    return f;
  }

  beforeEach(async () => {
    rig = await upstreamRig({ yaml: '', idle: true });
    sink = new FakeSink();
    alarms = [];
    outbox = new Outbox({
      store: rig.store,
      config: STORE_DEFAULTS,
      sinks: ['fake'],
      clock: { now: () => Date.now() },
      timers: realTimers,
      log: silentLog,
      onAlarm: () => undefined,
    });
    await outbox.start();
    rig.journal.on('committed', (events) => {
      outbox.committed(events);
      for (const f of forwarders) f.notify();
    });
  });
  afterEach(async () => {
    for (const f of forwarders.splice(0)) await f.stop();
    await outbox.stop();
    await rig.dispose();
  });

  const cursor = async () => (await rig.store.sub(Sublevels.cursors).get('fake')) as number | undefined;

  it('sends everything in seq order, in batches of at most maxEvents, one batch in flight, cursor durable', async () => {
    const f = await forwarder({ maxEvents: 7 });
    sink.behave = async (b) => {
      await new Promise((r) => setTimeout(r, 1));
      return { through: b.last, rejected: [] };
    };
    await rig.append(100, 13);
    await waitFor(async () => (await cursor()) === 100);
    assert.deepEqual(
      sink.seqs,
      Array.from({ length: 100 }, (_, i) => i + 1),
    );
    assert.ok(sink.batches.every(([a, b]) => b - a + 1 <= 7));
    assert.equal(sink.maxInFlight, 1);
    assert.equal(f.stats().sent, 100);
    assert.equal(f.stats().depth, 0);
  });

  it('lingers for a partial batch after an idle spell, and sends as soon as the batch is full', async () => {
    await forwarder({ maxEvents: 10, lingerMs: 3_600_000 });
    await rig.append(3);
    await new Promise((r) => setTimeout(r, 100));
    assert.deepEqual(sink.batches, [], 'a partial batch waits for the linger time');
    await rig.append(7);
    await waitFor(() => sink.batches.length === 1);
    assert.deepEqual(sink.batches, [[1, 10]]);
  });

  it('sends early when the bytes limit fills', async () => {
    await forwarder({ maxEvents: 1000, maxBytes: 2048, lingerMs: 3_600_000 });
    await rig.append(40, 1);
    await waitFor(() => sink.batches.length > 0);
    assert.ok(sink.batches[0][1] < 40);
  });

  it('dead-letters rejected events with the cursor, then retries them on request', async () => {
    const f = await forwarder();
    let reject = true;
    sink.behave = (b) => {
      const poison = reject && b.first <= 5 && b.last >= 5;
      return poison
        ? {
            through: b.last,
            rejected: [{ seq: 5, event: b.events[5 - b.first], status: 422, answer: 'bad' }],
          }
        : { through: b.last, rejected: [] };
    };
    await rig.append(10);
    await waitFor(async () => (await cursor()) === 10);
    const [dl] = await listDeadLetters(rig.store, { sink: 'fake' });
    assert.deepEqual(
      [dl.seq, dl.status, dl.answer, dl.state, dl.attempts, dl.type],
      [5, 422, 'bad', 'dead', 1, 'unit.started'],
    );
    assert.equal(dl.event.seq, 5);
    assert.deepEqual([f.stats().deadLettered, f.stats().deadLetters, f.stats().sent], [1, 1, 9]);

    reject = false;
    await markForRetry(rig.store, rig.journal, { sink: 'fake', seqs: [5] });
    f.deadLettersChanged();
    await waitFor(async () => (await listDeadLetters(rig.store, { sink: 'fake' })).length === 0);
    assert.deepEqual(sink.batches.at(-1), [5, 5]);
  });

  it('backs off and retries the same batch after failures', async () => {
    const f = await forwarder();
    let failures = 3;
    sink.behave = (b) =>
      failures-- > 0
        ? { through: b.first - 1, rejected: [], failure: { kind: 'retry', reason: 'HTTP 503' } }
        : { through: b.last, rejected: [] };
    await rig.append(5);
    await waitFor(async () => (await cursor()) === 5);
    assert.equal(f.stats().failed, 3);
    assert.deepEqual(
      sink.batches,
      [
        [1, 5],
        [1, 5],
        [1, 5],
        [1, 5],
      ],
      'the same batch each time',
    );
  });

  it('holds on 401/403 with an alarm and unhealthy state, and clears both when accepted again', async () => {
    const f = await forwarder({}, { authRetryMs: 20 });
    let held = true;
    sink.behave = (b) =>
      held
        ? { through: b.first - 1, rejected: [], failure: { kind: 'hold', reason: 'HTTP 401' } }
        : { through: b.last, rejected: [] };
    await rig.append(3);
    await waitFor(() => alarms.length === 1);
    assert.deepEqual([alarms[0].code, alarms[0].active, alarms[0].source], ['SINK_HELD', true, 'fake']);
    assert.equal(f.health().ok, false);
    assert.match(f.health().state, /held: HTTP 401/);
    assert.equal((await listDeadLetters(rig.store, {})).length, 0);
    held = false;
    await waitFor(async () => (await cursor()) === 3);
    assert.equal(alarms.at(-1)?.active, false);
    assert.equal(f.health().ok, true);
  });

  it('abandons a batch stuck at stop: the cursor stays, and the next run sends it again', async () => {
    const f = await forwarder();
    sink.behave = (b, signal) =>
      new Promise((resolve) =>
        signal.addEventListener('abort', () =>
          resolve({ through: b.first - 1, rejected: [], failure: { kind: 'retry', reason: 'aborted' } }),
        ),
      );
    await rig.append(4);
    await waitFor(() => sink.inFlight === 1);
    await f.stop(20);
    forwarders.splice(0);
    assert.equal(await cursor(), undefined);
    sink.behave = (b) => ({ through: b.last, rejected: [] });
    await forwarder();
    await waitFor(async () => (await cursor()) === 4);
    assert.deepEqual(sink.seqs, [1, 2, 3, 4]);
  });

  it('recovers when the store is reopened under it (after a failed write), resending from the cursor', async () => {
    await forwarder({ maxEvents: 10 });
    sink.behave = async (b) => {
      await new Promise((r) => setTimeout(r, 2));
      return { through: b.last, rejected: [] };
    };
    await rig.append(200, 200);
    await waitFor(() => sink.seqs.length >= 30);
    await rig.store.reopen();
    await waitFor(async () => (await cursor()) === 200);
    assert.deepEqual(
      [...new Set(sink.seqs)].sort((a, b) => a - b),
      Array.from({ length: 200 }, (_, i) => i + 1),
    );
  });
});
