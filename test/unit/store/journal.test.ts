import assert from 'node:assert/strict';
import sinon from 'sinon';
import { openStore, type Store } from '../../../src/store/store';
import { Sublevels, seqKey } from '../../../src/store/layout';
import { Journal } from '../../../src/store/journal';
import type { GatewayEvent } from '../../../src/events/event';
import { hasCode } from '../../../src/errors';
import { tempDir } from '../../helpers/tmp';

describe('journal (group commit)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let journal: Journal;
  beforeEach(async () => {
    tmp = tempDir();
    store = await openStore(tmp.dir);
    journal = new Journal(store, {
      gatewayId: 'gw-1',
      clock: { now: () => Date.parse('2026-11-21T10:00:00Z') },
    });
  });
  afterEach(async () => {
    sinon.restore();
    await journal.close();
    await store.close();
    tmp.cleanup();
  });

  async function allEvents(): Promise<GatewayEvent[]> {
    return (await store.sub(Sublevels.events).values().all()) as GatewayEvent[];
  }

  it('writes state and events in one synced batch, with a gap-free seq and a UUIDv7 id', async () => {
    const spy = sinon.spy(store.db, 'batch');
    const event = await journal.run((tx) => {
      tx.put(Sublevels.serials, 'S1', { serial: 'S1' });
      return tx.appendEvent({ type: 'unit.started', serial: 'S1', station: 'ST10' });
    });
    assert.equal(spy.callCount, 1);
    const [ops, options] = spy.firstCall.args as unknown as [unknown[], { sync: boolean }];
    assert.equal(options.sync, true);
    assert.equal(ops.length, 2, 'unit and event');
    assert.equal(event.seq, 1);
    assert.match(event.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    assert.equal(event.time, '2026-11-21T10:00:00.000Z');
    assert.equal(event.gatewayId, 'gw-1');
    assert.deepEqual(await store.sub(Sublevels.events).get(seqKey(1)), event);
  });

  it('groups concurrent transactions into one batch, in submission order', async () => {
    const spy = sinon.spy(store.db, 'batch');
    await journal.run((tx) => tx.appendEvent({ type: 'unit.started' })); // occupies the writer
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        journal.run((tx) => tx.appendEvent({ type: 'unit.started', serial: `S${i}` }).seq),
      ),
    );
    assert.deepEqual(results, [2, 3, 4, 5, 6, 7, 8, 9]);
    assert.ok(spy.callCount <= 3, `8 concurrent transactions took ${spy.callCount} batches`);
  });

  it('drops only the writes of a transaction that throws', async () => {
    const bad = journal.run((tx) => {
      tx.put(Sublevels.serials, 'BAD', {});
      tx.appendEvent({ type: 'unit.started', serial: 'BAD' });
      throw new Error('boom');
    });
    const good = journal.run((tx) => tx.appendEvent({ type: 'unit.started', serial: 'GOOD' }));
    await assert.rejects(bad, /boom/);
    assert.equal((await good).seq, 1, 'the failed transaction consumed no seq');
    assert.equal(await store.sub(Sublevels.serials).get('BAD'), undefined);
  });

  it("reads its own group's writes", async () => {
    const seen = await Promise.all([
      journal.run((tx) => tx.put(Sublevels.counters, 'k', 1)),
      journal.run((tx) => tx.get<number>(Sublevels.counters, 'k')),
    ]);
    assert.equal(seen[1], 1);
  });

  it('a failed write fails the whole group and leaves no gap', async () => {
    const stub = sinon.stub(store.db, 'batch').rejects(new Error('No space left on device'));
    const attempts = [1, 2].map(() => journal.run((tx) => tx.appendEvent({ type: 'unit.started' })));
    for (const a of attempts) await assert.rejects(a, (err: Error) => hasCode(err, 'STORE_WRITE_FAILED'));
    stub.restore();
    const next = await journal.run((tx) => {
      tx.put(Sublevels.counters, 'k', 5);
      return tx.appendEvent({ type: 'unit.started' });
    });
    assert.equal(next.seq, 1, 'seq continues from the last durable event');
    assert.deepEqual(
      (await allEvents()).map((e) => e.seq),
      [1],
    );
  });

  it('does not let a failed write leak into cached state', async () => {
    await journal.run((tx) => tx.put(Sublevels.counters, 'k', 1));
    const stub = sinon.stub(store.db, 'batch').rejects(new Error('EIO'));
    await assert.rejects(journal.run((tx) => tx.put(Sublevels.counters, 'k', 2)));
    stub.restore();
    assert.equal(await journal.run((tx) => tx.get<number>(Sublevels.counters, 'k')), 1);
  });

  it('refuses work after close', async () => {
    await journal.close();
    await assert.rejects(
      journal.run(() => 1),
      (err: Error) => hasCode(err, 'STORE_CLOSED'),
    );
  });
});
