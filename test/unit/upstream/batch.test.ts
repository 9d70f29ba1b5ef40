import assert from 'node:assert/strict';
import { OutboxReader, eventsBody, idempotencyKey, readBatch, sliceBatch } from '../../../src/upstream/batch';
import { upstreamRig, type UpstreamRig } from './rig';

describe('upstream batches', () => {
  let rig: UpstreamRig;
  before(async () => {
    rig = await upstreamRig({ yaml: '', idle: true });
    await rig.append(50);
  });
  after(() => rig.dispose());

  it('reads contiguous stored events from a seq, limited by count', async () => {
    const b = (await readBatch(rig.store, 11, { maxEvents: 5, maxBytes: 1 << 20 }))!;
    assert.equal(b.first, 11);
    assert.equal(b.last, 15);
    assert.deepEqual(
      b.events.map((e) => (JSON.parse(e) as { seq: number }).seq),
      [11, 12, 13, 14, 15],
    );
    assert.equal(
      b.bytes,
      b.events.reduce((n, e) => n + Buffer.byteLength(e), 0),
    );
    assert.equal(await readBatch(rig.store, 51, { maxEvents: 5, maxBytes: 1 << 20 }), undefined);
  });

  it('limits by bytes, but always sends at least one event', async () => {
    const one = (await readBatch(rig.store, 1, { maxEvents: 50, maxBytes: 1 << 20 }))!.events[0];
    const size = Buffer.byteLength(one);
    const b = (await readBatch(rig.store, 1, { maxEvents: 50, maxBytes: size * 3 + 1 }))!;
    assert.equal(b.events.length, 3);
    const tiny = (await readBatch(rig.store, 1, { maxEvents: 50, maxBytes: 10 }))!;
    assert.equal(tiny.events.length, 1, 'an event larger than maxBytes goes alone');
  });

  it('builds the contract body and idempotency key, and slices for bisection', async () => {
    const b = (await readBatch(rig.store, 1, { maxEvents: 4, maxBytes: 1 << 20 }))!;
    const body = JSON.parse(eventsBody('gw-test', b)) as {
      gatewayId: string;
      events: Array<{ seq: number }>;
    };
    assert.equal(body.gatewayId, 'gw-test');
    assert.deepEqual(
      body.events.map((e) => e.seq),
      [1, 2, 3, 4],
    );
    assert.equal(idempotencyKey('gw-test', b), 'gw-test:1-4');
    const right = sliceBatch(b, 2, 3);
    assert.equal(idempotencyKey('gw-test', right), 'gw-test:3-4');
    assert.equal(right.bytes, Buffer.byteLength(right.events.join('')));
  });

  it('reads a backlog batch after batch from one iterator, then sees events appended later', async () => {
    const drainAll = async (reader: OutboxReader) => {
      const got: Array<{ first: number; last: number; bytes: number }> = [];
      for (let from = 1; ;) {
        const b = await reader.read(from);
        if (!b) return got;
        got.push(b);
        from = b.last + 1;
      }
    };
    const byCount = new OutboxReader(rig.store, { maxEvents: 8, maxBytes: 1 << 20 });
    const counted = await drainAll(byCount);
    assert.deepEqual(
      counted.map((b) => [b.first, b.last]),
      [
        [1, 8],
        [9, 16],
        [17, 24],
        [25, 32],
        [33, 40],
        [41, 48],
        [49, 50],
      ],
    );
    const byBytes = new OutboxReader(rig.store, { maxEvents: 50, maxBytes: 1500 });
    const sized = await drainAll(byBytes);
    assert.ok(sized.length > 5 && sized.every((b) => b.bytes <= 1500));
    assert.deepEqual(
      sized.map((b) => b.first),
      [1, ...sized.slice(0, -1).map((b) => b.last + 1)],
      'contiguous',
    );
    assert.equal(sized.at(-1)!.last, 50);
    await byBytes.close();

    await rig.append(3);
    const later = (await byCount.read(51))!;
    assert.deepEqual([later.first, later.last], [51, 53], 'a fresh snapshot after the end');
    const again = (await byCount.read(7))!;
    assert.deepEqual([again.first, again.last], [7, 14], 'a retry from an earlier seq reopens');
    await byCount.close();
  });
});
