/**
 * The contract of the TagReader port (src/ports), written once and run against every driver and
 * its simulator, as abstract-level's shared suite is run by every store:
 *   describe('my reader', () => tagReaderContract(factory));
 * The factory builds a reader (not started) and a way to make a tag be read; the suite starts it.
 */
import assert from 'node:assert/strict';
import type { TagDeparture, TagRead, TagReader } from '../../src/ports';
import { checkLifecycle, until, noUnhandledRejections } from './support';

/** A reader under test and the hands on its (simulated) field. */
export interface TagReaderHarness {
  reader: TagReader;
  /** The tag is read `count` times (default 3) in one visit; resolves once the reads were sent. */
  read(epc: string, count?: number): Promise<void>;
  /** true when the reader's reads carry the antenna. */
  reportsAntenna: boolean;
  /** Stops everything the factory started (the reader too, if still running). */
  close(): Promise<void>;
}

/** Builds a fresh harness per test. */
export type TagReaderFactory = () => Promise<TagReaderHarness>;

const EPC_A = 'E28011606000020812340A01';
const EPC_B = 'E28011606000020812340B02';

/** The shared suite. */
export function tagReaderContract(factory: TagReaderFactory): void {
  noUnhandledRejections();
  let h: TagReaderHarness;
  let tags: TagRead[];
  const collect = (t: TagRead) => tags.push(t);

  beforeEach(async () => {
    h = await factory();
    tags = [];
    h.reader.on('tag', collect);
  });
  afterEach(async () => {
    h.reader.off('tag', collect);
    await h.close();
  });

  const started = async () => {
    await h.reader.start();
    await until('the reader healthy', () => h.reader.health().ok);
  };

  it('is stopped before start, healthy after start, stopped after stop; start and stop are idempotent', async () => {
    await checkLifecycle(h.reader, 'reader');
  });

  it('emits one tag per visit, however many raw reads, with the EPC in upper-case hex', async () => {
    await started();
    const before = Date.now();
    await h.read(EPC_A.toLowerCase(), 5);
    await until('the first visit', () => tags.length === 1);
    await h.read(EPC_B, 2);
    await until('the second visit', () => tags.length === 2);
    assert.deepEqual(
      tags.map((t) => t.epc),
      [EPC_A, EPC_B],
      'one event each: the raw reads of A all came before B',
    );
    for (const t of tags) {
      assert.ok(
        Number.isFinite(t.time) && t.time >= before - 1000 && t.time <= Date.now(),
        'time is when it was read',
      );
      if (t.rssi !== undefined) assert.ok(Number.isFinite(t.rssi));
      if (h.reportsAntenna) assert.ok(Number.isInteger(t.antenna) && (t.antenna as number) >= 1);
    }
  });

  it('reports presence: one arrival at the first read of a visit, one departure once not read for the window', async () => {
    const arrivals: TagRead[] = [];
    const departures: TagDeparture[] = [];
    const arrive = (a: TagRead) => arrivals.push(a);
    const depart = (d: TagDeparture) => departures.push(d);
    h.reader.on('arrive', arrive);
    h.reader.on('depart', depart);
    try {
      await started();
      const before = Date.now();
      await h.read(EPC_A, 3);
      await until('the arrival', () => arrivals.length === 1);
      assert.equal(arrivals[0].epc, EPC_A);
      assert.ok(arrivals[0].time >= before - 1000 && arrivals[0].time <= Date.now(), 'timed when read');
      await until('the departure', () => departures.length === 1);
      assert.equal(departures[0].epc, EPC_A);
      assert.ok(departures[0].lastSeen >= arrivals[0].time && departures[0].time > departures[0].lastSeen);
      assert.equal(arrivals.length, 1, 'the reads of one visit arrive once');
    } finally {
      h.reader.off('arrive', arrive);
      h.reader.off('depart', depart);
    }
  });

  it('lists a tag being read in present(), with when it was last seen (start stations bind with it)', async () => {
    assert.equal(typeof h.reader.present, 'function', 'present() is implemented');
    await started();
    await h.read(EPC_A, 3);
    await until('the visit', () => tags.length === 1);
    const present = h.reader.present!();
    assert.equal(present[0]?.epc, EPC_A);
    assert.ok(present[0].lastSeen >= present[0].time);
  });

  it('stops telling a listener removed with off()', async () => {
    const other: TagRead[] = [];
    const listener = (t: TagRead) => other.push(t);
    h.reader.on('tag', listener);
    h.reader.off('tag', listener);
    await started();
    await h.read(EPC_A, 1);
    await until('the visit', () => tags.length === 1);
    assert.deepEqual(other, []);
  });

  it('forgets the visits in progress on stop, and reads again after a new start', async () => {
    await started();
    await h.read(EPC_A, 3);
    await until('the visit', () => tags.length === 1);
    await h.reader.stop();
    assert.deepEqual(h.reader.present?.() ?? [], []);
    await started();
    await h.read(EPC_B, 1);
    await until('a visit after the restart', () => tags.some((t) => t.epc === EPC_B));
  });
}
