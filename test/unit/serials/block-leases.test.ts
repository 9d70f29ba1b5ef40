/**
 * BlockLeases against an authority of the test's own (the BlockAuthority port): the serials side
 * needs nothing of HTTP. Numbers come out once each in order across blocks, the next block is
 * asked for below low water, a block the store refuses (overlap) is not stored, and stop() ends
 * a lease in flight through its signal.
 */
import assert from 'node:assert/strict';
import { LinegateError } from '../../../src/errors';
import {
  BlockLeases,
  type BlockAuthority,
  type BlockRequest,
  type LeasedBlock,
} from '../../../src/serials/blocks';
import { Journal } from '../../../src/store/journal';
import { openStore, type Store } from '../../../src/store/store';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';

/** Grants the queued blocks in order; with none queued, waits until one is queued or the lease is aborted. */
class QueuedAuthority implements BlockAuthority {
  readonly requests: BlockRequest[] = [];
  private readonly queue: Array<[number, number]> = [];
  private waiting: (() => void) | undefined;
  private n = 0;

  grant(first: number, last: number): void {
    this.queue.push([first, last]);
    this.waiting?.();
  }

  async lease(request: BlockRequest, signal: AbortSignal): Promise<LeasedBlock> {
    this.requests.push(request);
    while (this.queue.length === 0) {
      signal.throwIfAborted();
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
        signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
    const [first, last] = this.queue.shift()!;
    return { leaseId: `lease-${++this.n}`, first, last, leasedAt: '2026-12-04T10:00:00.000Z' };
  }
}

describe('block leases through the BlockAuthority port', () => {
  let tmp: ReturnType<typeof tempDir>;
  let store: Store;
  let journal: Journal;
  let authority: QueuedAuthority;
  let leases: BlockLeases;

  beforeEach(async () => {
    tmp = tempDir();
    store = await openStore(tmp.dir);
    journal = new Journal(store, { gatewayId: 'gw-1', clock: { now: () => 0 } });
    authority = new QueuedAuthority();
    leases = new BlockLeases({
      ...{ scheme: 'lot', blockSize: 3, lowWater: 2, capacity: 999 },
      ...{ authority, journal, store, log: silentLog },
    });
  });
  afterEach(async () => {
    await leases.stop();
    await journal.close();
    await store.close();
    tmp.cleanup();
  });

  const take = () => journal.run((tx) => leases.take(tx, 'K'));
  /** The background request for the key, to wait for it to end (stored its block or given up); it has no public handle. */
  const settled = () => (leases as unknown as { fetching: Map<string, Promise<void>> }).fetching.get('K');

  it('hands out each number once, in order, across blocks, asking again below low water', async () => {
    await assert.rejects(take(), (e: unknown) => e instanceof LinegateError && e.code === 'SERIAL_NO_BLOCK');
    assert.deepEqual(authority.requests, [{ scheme: 'lot', key: 'K', count: 3, capacity: 999 }]);
    authority.grant(10, 12);
    authority.grant(20, 22);
    authority.grant(30, 32);
    await settled();
    const got: number[] = [];
    for (let i = 0; i < 6; i++) {
      got.push(await take());
      await settled();
    }
    assert.deepEqual(got, [10, 11, 12, 20, 21, 22]);
    // the first request, then one each time a block fell below low water (after 11 and after 21)
    assert.equal(authority.requests.length, 3);
  });

  it('does not store a block that overlaps a stored one, and asks again at the next take', async () => {
    leases.want('K');
    authority.grant(10, 12);
    authority.grant(11, 15);
    await settled();
    assert.equal(await take(), 10);
    assert.equal(await take(), 11); // one left: asks, and gets 11..15, which overlaps
    await settled();
    assert.equal(authority.requests.length, 2);
    assert.equal(await take(), 12); // still the first block's; none left: asks again
    authority.grant(30, 32);
    await settled();
    assert.equal(await take(), 30);
    assert.equal(authority.requests.length, 3);
  });

  it('stop() ends a lease in flight through its signal', async () => {
    leases.want('K');
    while (authority.requests.length === 0) await new Promise((r) => setImmediate(r));
    await leases.stop();
    assert.equal(settled(), undefined);
  });
});
