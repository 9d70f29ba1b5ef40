import assert from 'node:assert/strict';
import { Level } from 'level';
import { openStore } from '../../../src/store/store';
import { STORE_FORMAT, Sublevels } from '../../../src/store/layout';
import { Journal } from '../../../src/store/journal';
import { hasCode } from '../../../src/errors';
import { tempDir } from '../../helpers/tmp';

describe('store', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('stamps a new store with the current format', async () => {
    const store = await openStore(tmp.dir);
    assert.equal(await store.sub(Sublevels.meta).get('format'), STORE_FORMAT);
    await store.close();
  });

  it('refuses a second opener of the same dataDir with STORE_LOCKED and a clear message', async () => {
    const first = await openStore(tmp.dir);
    await assert.rejects(openStore(tmp.dir), (err: Error) => {
      assert.ok(hasCode(err, 'STORE_LOCKED'));
      assert.match(err.message, /is in use by another linegate process/);
      return true;
    });
    await first.close();
  });

  it('refuses a store written by a newer format', async () => {
    const db = new Level<string, unknown>(tmp.dir, { valueEncoding: 'json' });
    await db
      .sublevel<string, unknown>(Sublevels.meta, { valueEncoding: 'json' })
      .put('format', STORE_FORMAT + 1);
    await db.close();
    await assert.rejects(openStore(tmp.dir), (err: Error) => hasCode(err, 'STORE_FORMAT_NEWER'));
  });

  it('finds the last event seq on reopen', async () => {
    let store = await openStore(tmp.dir);
    const journal = new Journal(store, { gatewayId: 'gw', clock: { now: () => 0 } });
    await journal.run((tx) => [1, 2, 3].forEach(() => tx.appendEvent({ type: 'unit.started' })));
    await journal.close();
    await store.close();
    store = await openStore(tmp.dir);
    assert.equal(store.lastSeqAtOpen, 3);
    await store.close();
  });
});
