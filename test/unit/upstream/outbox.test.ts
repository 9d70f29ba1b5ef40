import assert from 'node:assert/strict';
import { hasCode } from '../../../src/errors';
import { STORE_DEFAULTS, type StoreConfig } from '../../../src/config/schema';
import { Ledger, CHUNK } from '../../../src/upstream/ledger';
import { Sublevels } from '../../../src/store/layout';
import { Outbox } from '../../../src/upstream/outbox';
import { realTimers } from '../../../src/upstream/timers';
import type { UpstreamAlarm } from '../../../src/upstream/types';
import { TestClock } from '../../helpers/station-rig';
import { silentLog } from '../../helpers/silent-log';
import { upstreamRig, waitFor, type UpstreamRig } from './rig';

describe('outbox: quota, high-water mark and pruning', () => {
  let rig: UpstreamRig;
  const clock = new TestClock();
  afterEach(() => rig?.dispose());

  async function outbox(sinks: string[], store: Partial<StoreConfig> = {}) {
    const alarms: UpstreamAlarm[] = [];
    const o = new Outbox({
      store: rig.store,
      config: { ...STORE_DEFAULTS, pruneIntervalMs: 3_600_000, ...store },
      sinks,
      clock,
      timers: realTimers,
      log: silentLog,
      onAlarm: (a) => alarms.push(a),
    });
    await o.start();
    rig.journal.on('committed', (events) => o.committed(events));
    return { o, alarms };
  }

  it('keeps a ledger of stored events and bytes that matches a fresh scan', async () => {
    rig = await upstreamRig({ yaml: '', idle: true, clock });
    const { o } = await outbox(['mes']);
    await rig.append(3000);
    // Checkpoints are written in the background, unsynced.
    await waitFor(async () => (await rig.store.sub(Sublevels.outboxChunks).keys().all()).length === 2);
    const scanned = await Ledger.load(rig.store);
    const values = (await rig.store
      .sub(Sublevels.events)
      .values({ valueEncoding: 'utf8' })
      .all()) as string[];
    assert.equal(
      scanned.totalBytes,
      values.reduce((n, v) => n + Buffer.byteLength(v), 0),
      'checkpoints + tail = all bytes',
    );
    assert.equal(
      (await rig.store.sub(Sublevels.outboxChunks).keys().all()).length,
      2,
      'two complete chunks saved',
    );
    assert.equal(o.ledger.count, 3000);
    assert.equal(o.ledger.totalBytes, scanned.totalBytes);
    assert.equal(o.ledger.bytesAfter(0), scanned.totalBytes);
    assert.equal(o.ledger.bytesAfter(3000), 0);
    const half = o.ledger.bytesAfter(1500);
    assert.ok(half > scanned.totalBytes * 0.45 && half < scanned.totalBytes * 0.55, `${half}`);
    await o.stop();
  });

  it('refuses starts with STORE_FULL at the high-water mark of undelivered events, and alarms', async () => {
    rig = await upstreamRig({ yaml: '', idle: true, clock });
    const { o, alarms } = await outbox(['mes'], { maxEvents: 1000, highWaterPercent: 50 });
    await rig.append(499);
    o.admit();
    await rig.append(1);
    assert.throws(
      () => o.admit(),
      (err: unknown) => hasCode(err, 'STORE_FULL'),
    );
    assert.deepEqual(
      alarms.map((a) => [a.code, a.active]),
      [['STORE_FULL', true]],
    );
    assert.equal(o.autonomyHours(), 0);
    o.setCursor('mes', 10);
    o.admit();
    assert.deepEqual(alarms.at(-1)?.active, false, 'delivery clears the alarm');
    assert.ok(o.autonomyHours() > 0);
    await o.stop();
  });

  it('counts bytes too', async () => {
    rig = await upstreamRig({ yaml: '', idle: true, clock });
    const { o } = await outbox(['mes'], { maxBytes: 1024 * 1024, highWaterPercent: 10 });
    await rig.append(200);
    const perEvent = o.ledger.totalBytes / 200;
    await rig.append(Math.ceil((1024 * 1024 * 0.1) / perEvent));
    assert.throws(
      () => o.admit(),
      (err: unknown) => hasCode(err, 'STORE_FULL'),
    );
    await o.stop();
  });

  it('prunes only what every sink has, past the retention, in whole chunks, keeping the newest event', async () => {
    rig = await upstreamRig({ yaml: '', idle: true, clock });
    const { o } = await outbox(['a', 'b'], { retentionHours: 1 });
    await rig.append(3 * CHUNK + 10);
    o.setCursor('a', 3 * CHUNK + 10);
    o.setCursor('b', 2 * CHUNK + 5);
    await o.prune();
    assert.equal(o.ledger.firstSeq, 1, 'inside the retention nothing goes');
    clock.t += 2 * 3_600_000;
    await o.prune();
    assert.equal(o.ledger.firstSeq, 2 * CHUNK + 1, 'only up to the slowest sink, chunk aligned');
    const events = await rig.events();
    assert.equal(events[0].seq, 2 * CHUNK + 1);
    assert.equal(o.ledger.totalBytes, (await Ledger.load(rig.store)).totalBytes);
    o.setCursor('b', 3 * CHUNK + 10);
    await rig.append(CHUNK - 10 - 1); // the store ends one seq before a chunk end
    o.setCursor('a', 4 * CHUNK - 1);
    o.setCursor('b', 4 * CHUNK - 1);
    clock.t += 2 * 3_600_000;
    await o.prune();
    assert.equal(o.ledger.firstSeq, 3 * CHUNK + 1, 'the chunk holding the newest event stays');
    await o.stop();
  });

  it('prunes delivered events early when the store nears its quota, before refusing anything', async () => {
    rig = await upstreamRig({ yaml: '', idle: true, clock });
    const { o } = await outbox(['mes'], { maxEvents: 4 * CHUNK, highWaterPercent: 50, retentionHours: 1000 });
    await rig.append(3 * CHUNK);
    o.setCursor('mes', 3 * CHUNK);
    o.admit(); // nothing undelivered: admitted, and an early prune starts
    await o.prune(true);
    assert.ok(o.ledger.count < 2 * CHUNK, `${o.ledger.count} left`);
    await o.stop();
  });

  it('with no sinks every event counts as delivered', async () => {
    rig = await upstreamRig({ yaml: '', idle: true, clock });
    const { o } = await outbox([], { maxEvents: 1000, highWaterPercent: 10 });
    await rig.append(500);
    o.admit();
    assert.equal(o.depth(), 0);
    await o.stop();
  });
});
