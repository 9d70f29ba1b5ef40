import assert from 'node:assert/strict';
import { judge, type JudgeInput } from '../../../src/store/integrity';
import type { ExactRecord, MarkValues, Read } from '../../../src/store/mark-file';

const BOOT = 'boot-a';
const values = (events: number, counters: Record<string, number> = {}): MarkValues => ({ events, counters });
const ok = <T>(value: T): Read<T> => ({ state: 'ok', value });
const exact = (events: number, counters: Record<string, number>, e: Partial<ExactRecord> = {}) =>
  ok<ExactRecord>({ events, counters, boot: BOOT, clean: false, ...e });
const absent = { state: 'absent' } as const;

function verdict(input: Partial<JudgeInput>) {
  return judge({ store: values(0), exact: absent, reserved: absent, boot: BOOT, ...input });
}

describe('store integrity verdict (store against its high-water mark)', () => {
  it('a new store, or one from before marks, is ok and continues from the store', () => {
    assert.equal(verdict({}).state, 'ok');
    const v = verdict({ store: values(50, { 'u\x0026': 20 }) });
    assert.equal(v.state, 'ok');
    assert.deepEqual(v.floors, values(50, { 'u\x0026': 20 }));
  });

  it('a store equal to the exact mark of this boot is ok: no gap after a process crash', () => {
    const v = verdict({
      store: values(40, { k: 13 }),
      exact: exact(40, { k: 13 }),
      reserved: ok(values(1064, { k: 77 })),
    });
    assert.equal(v.state, 'ok');
    assert.deepEqual(v.floors, values(40, { k: 13 }));
  });

  it('a store below the exact mark is damaged; numbering continues above what was committed', () => {
    const v = verdict({
      store: values(13, { k: 4 }),
      exact: exact(40, { k: 13, gone: 2 }),
      reserved: ok(values(1064, { k: 77, gone: 66 })),
    });
    assert.equal(v.state, 'damaged');
    assert.deepEqual(v.lost.events, { store: 13, mark: 40 });
    assert.deepEqual(v.lost.counters, { k: { store: 4, mark: 13 }, gone: { store: 0, mark: 2 } });
    assert.deepEqual(v.floors, values(40, { k: 13, gone: 2 }));
  });

  it('after a power-off (another boot, unclean) a loss is skipped past the reserved mark', () => {
    const v = verdict({
      store: values(13, { k: 4 }),
      exact: exact(40, { k: 13 }, { boot: 'boot-b' }),
      reserved: ok(values(1064, { k: 77 })),
    });
    assert.equal(v.state, 'damaged');
    assert.deepEqual(v.floors, values(1064, { k: 77 }));
  });

  it('another boot after an unclean stop cannot prove the store complete: a gap, above the reserved mark', () => {
    const v = verdict({
      store: values(40, { k: 13 }),
      exact: exact(40, { k: 13 }, { boot: 'boot-b' }),
      reserved: ok(values(1064, { k: 77 })),
    });
    assert.equal(v.state, 'gap');
    assert.deepEqual(v.floors, values(1064, { k: 77 }));
  });

  it('a clean stop is exact across boots: no gap', () => {
    const v = verdict({
      store: values(40, { k: 13 }),
      exact: exact(40, { k: 13 }, { boot: 'boot-b', clean: true }),
      reserved: ok(values(1064, { k: 77 })),
    });
    assert.equal(v.state, 'ok');
  });

  it('an unknown boot id never vouches for an unclean exact mark', () => {
    const v = judge({
      store: values(40),
      exact: exact(40, {}, { boot: 'unknown' }),
      reserved: ok(values(1064)),
      boot: 'unknown',
    });
    assert.equal(v.state, 'gap');
  });

  it('an unreadable exact mark with a reserved one is a gap; with neither readable the mark is damaged', () => {
    const damaged = { state: 'damaged', reason: 'checksum mismatch' } as const;
    assert.equal(verdict({ store: values(5), exact: damaged, reserved: ok(values(1029)) }).state, 'gap');
    const v = verdict({ store: values(5), exact: damaged, reserved: damaged });
    assert.equal(v.state, 'mark-damaged');
    assert.match(v.message, /checksum mismatch/);
  });

  it('a sink cursor ahead of the store is a loss even without a mark: seq continues above it', () => {
    const v = verdict({ store: values(13), acked: 30 });
    assert.equal(v.state, 'damaged');
    assert.equal(v.floors.events, 30);
    assert.deepEqual(v.lost.events, { store: 13, mark: 30 });
  });
});
