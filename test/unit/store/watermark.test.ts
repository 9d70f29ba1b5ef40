/**
 * The high-water mark on a real LevelDB store: loss is simulated by writing the store behind the
 * journal's back (what a truncated write-ahead log leaves), then the store is opened again.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openStore, type Store } from '../../../src/store/store';
import { Sublevels, seqKey } from '../../../src/store/layout';
import { Journal } from '../../../src/store/journal';
import { EXACT_FILE, RESERVED_FILE, readMarkFile, type MarkValues } from '../../../src/store/mark-file';
import { COUNTER_BLOCK, EVENT_BLOCK } from '../../../src/store/watermark';
import { storeHealthPart } from '../../../src/store/health';
import type { GatewayEvent } from '../../../src/events/event';
import { hasCode } from '../../../src/errors';
import { tempDir } from '../../helpers/tmp';

const clock = { now: () => Date.parse('2026-12-04T10:00:00Z') };
const KEY = 'unit\x0026';

/** One start: the counter's next number and its event, as a serial scheme writes them. */
function issue(journal: Journal): Promise<{ n: number; seq: number }> {
  return journal.run(async (tx) => {
    const n = ((await tx.get<number>(Sublevels.counters, KEY)) ?? 0) + 1;
    tx.put(Sublevels.counters, KEY, n);
    const { seq } = tx.appendEvent({ type: 'unit.started', serial: `S${n}` });
    return { n, seq };
  });
}

describe('store high-water mark', () => {
  let tmp: ReturnType<typeof tempDir>;
  const open: Array<{ store: Store; journal: Journal }> = [];
  beforeEach(() => (tmp = tempDir()));
  afterEach(async () => {
    for (const { store, journal } of open.splice(0)) {
      await journal.close();
      await store.close().catch(() => undefined);
    }
    tmp.cleanup();
  });

  async function gateway(boot = 'boot-a') {
    const store = await openStore(tmp.dir, { boot });
    const journal = new Journal(store, { gatewayId: 'gw', clock });
    open.push({ store, journal });
    return { store, journal };
  }
  async function stop(g: { store: Store; journal: Journal }) {
    open.splice(open.indexOf(g), 1);
    await g.journal.close();
    await g.store.close();
  }
  /** Deletes the newest events and sets the counter back, as a lost log tail does. */
  async function lose(toSeq: number, toCounter: number) {
    const store = await openStore(tmp.dir, { boot: 'boot-a' });
    const last = await store.lastSeq();
    const ops = [];
    for (let s = toSeq + 1; s <= last; s++) ops.push({ type: 'del' as const, key: seqKey(s) });
    await store.sub(Sublevels.events).batch(ops);
    await store.sub(Sublevels.counters).put(KEY, toCounter);
    await store.close();
  }

  it('reserves a block ahead in its own file: one mark write per block, not per unit', async () => {
    const g = await gateway();
    await issue(g.journal);
    const first = readMarkFile<MarkValues>(tmp.dir, RESERVED_FILE);
    assert.equal(first.state, 'ok');
    assert.deepEqual(first.state === 'ok' && first.value, {
      events: 1 + EVENT_BLOCK,
      counters: { [KEY]: 1 + COUNTER_BLOCK },
    });
    for (let i = 0; i < COUNTER_BLOCK - 1; i++) await issue(g.journal);
    const still = readMarkFile<MarkValues>(tmp.dir, RESERVED_FILE);
    assert.deepEqual(still, first, 'within the block the reserved mark is not rewritten');
    await issue(g.journal);
    await issue(g.journal);
    const next = readMarkFile<MarkValues>(tmp.dir, RESERVED_FILE);
    assert.equal(next.state === 'ok' && next.value.counters[KEY], COUNTER_BLOCK + 2 + COUNTER_BLOCK);
  });

  it('a clean restart and a process crash both continue without a gap', async () => {
    let g = await gateway();
    for (let i = 0; i < 5; i++) await issue(g.journal);
    await stop(g);
    g = await gateway('boot-b'); // clean close: exact across a reboot
    assert.equal(g.store.mark.integrity.state, 'ok');
    assert.deepEqual(await issue(g.journal), { n: 6, seq: 6 });
    // no close: the exact file is as a SIGKILL leaves it (same boot)
    open.splice(0);
    await g.store.db.close();
    g = await gateway('boot-b');
    assert.equal(g.store.mark.integrity.state, 'ok');
    assert.deepEqual(await issue(g.journal), { n: 7, seq: 7 });
  });

  it('a crash between the first reservation and the first commit leaves no gap', async () => {
    let g = await gateway();
    await g.store.mark.reserve({ events: 1, counters: new Map([[KEY, 1]]) });
    open.splice(0);
    await g.store.db.close(); // killed before the batch
    g = await gateway();
    assert.equal(g.store.mark.integrity.state, 'ok');
    assert.deepEqual(await issue(g.journal), { n: 1, seq: 1 });
  });

  it('a store that lost its newest records is damaged: no number and no seq is handed out again', async () => {
    let g = await gateway();
    for (let i = 0; i < 40; i++) await issue(g.journal);
    await stop(g);
    await lose(13, 13);
    g = await gateway();
    const { integrity } = g.store.mark;
    assert.equal(integrity.state, 'damaged');
    assert.deepEqual(integrity.lost.events, { store: 13, mark: 40 });
    const health = storeHealthPart(g.store.mark);
    assert.equal(health.ok, false);
    assert.match(health.state, /store damaged/);
    const after = await issue(g.journal);
    assert.deepEqual(after, { n: 41, seq: 42 }, 'seq 41 is the store.gap event');
    const gap = (await g.store.sub(Sublevels.events).get(seqKey(41))) as GatewayEvent;
    assert.equal(gap.type, 'store.gap');
    assert.deepEqual(gap.data.skippedSeq, { from: 14, to: 40 });
    assert.deepEqual(gap.data.skippedNumbers, { 'unit/26': { from: 14, to: 40 } });
  });

  it('after a power-off numbering continues above the reserved mark, with the gap recorded', async () => {
    let g = await gateway();
    for (let i = 0; i < 3; i++) await issue(g.journal);
    open.splice(0);
    await g.store.db.close(); // unclean: no exact mark fsynced
    g = await gateway('boot-b'); // and the machine restarted since
    assert.equal(g.store.mark.integrity.state, 'gap');
    assert.equal(storeHealthPart(g.store.mark).ok, true);
    const after = await issue(g.journal);
    assert.deepEqual(after, { n: 1 + COUNTER_BLOCK + 1, seq: 1 + EVENT_BLOCK + 2 });
  });

  it('refuses a counter moved to or below the mark (STORE_DAMAGED), writing nothing', async () => {
    const g = await gateway();
    for (let i = 0; i < 5; i++) await issue(g.journal);
    await assert.rejects(
      g.journal.run((tx) => tx.put(Sublevels.counters, KEY, 5)),
      (err) => hasCode(err, 'STORE_DAMAGED'),
    );
    assert.equal(await g.store.sub(Sublevels.counters).get(KEY), 5);
    assert.deepEqual(await issue(g.journal), { n: 6, seq: 6 });
  });

  it('a flipped byte in the exact mark makes it unreadable, never a wrong number', async () => {
    let g = await gateway();
    for (let i = 0; i < 3; i++) await issue(g.journal);
    await stop(g);
    const file = path.join(tmp.dir, EXACT_FILE);
    const bytes = readFileSync(file);
    bytes[20] ^= 0x01;
    writeFileSync(file, bytes);
    assert.equal(readMarkFile(tmp.dir, EXACT_FILE).state, 'damaged');
    g = await gateway();
    assert.equal(g.store.mark.integrity.state, 'gap');
  });

  it('a sink cursor ahead of the store marks it damaged, and seq continues above the cursor', async () => {
    let g = await gateway();
    for (let i = 0; i < 3; i++) await issue(g.journal);
    await g.journal.run((tx) => tx.put(Sublevels.cursors, 'mes', 9), { sync: false });
    await stop(g);
    g = await gateway();
    assert.equal(g.store.mark.integrity.state, 'damaged');
    assert.equal((await issue(g.journal)).seq, 11);
  });
});
