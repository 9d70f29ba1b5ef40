import assert from 'node:assert/strict';
import sinon from 'sinon';
import { DedupFilter } from '../../../devices/rfid/dedup';
import type { RfidTagRead } from '../../../devices/rfid/types';

describe('DedupFilter', () => {
  let clock: sinon.SinonFakeTimers;
  let filter: DedupFilter;
  let seen: RfidTagRead[];

  const make = (windowMs: number, settleMs?: number) => {
    filter = new DedupFilter({ windowMs, settleMs, clock: { now: () => Date.now() } });
    seen = [];
    filter.on('visit', (r) => seen.push(r));
    filter.start();
  };

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000 });
  });

  afterEach(() => {
    filter.stop();
    clock.restore();
  });

  it('emits one read per visit, after settleMs, with the strongest RSSI', () => {
    make(2000, 200);
    filter.push({ epc: 'AA', rssi: -60, antenna: 1 });
    clock.tick(50);
    filter.push({ epc: 'AA', rssi: -48, antenna: 1 });
    clock.tick(50);
    filter.push({ epc: 'AA', rssi: -55, antenna: 1 });
    assert.equal(seen.length, 0);
    clock.tick(100);
    assert.deepEqual(seen, [{ epc: 'AA', rssi: -48, antenna: 1, time: 1_000_000, reads: 3 }]);
    for (let i = 0; i < 20; i++) {
      clock.tick(100); // the carrier stays: reads keep coming within the window
      filter.push({ epc: 'AA', rssi: -40, antenna: 1 });
    }
    assert.equal(seen.length, 1);
    assert.deepEqual(filter.stats(), { reads: 23, visits: 1, duplicates: 22, tracked: 1 });
  });

  it('a gap longer than the window starts a new visit (the carrier came round again)', () => {
    make(2000, 0);
    filter.push({ epc: 'AA', rssi: -50 });
    clock.tick(2000);
    filter.push({ epc: 'AA', rssi: -50 }); // exactly the window: same visit
    clock.tick(2001);
    filter.push({ epc: 'AA', rssi: -51 });
    assert.deepEqual(
      seen.map((r) => [r.epc, r.rssi, r.time]),
      [
        ['AA', -50, 1_000_000],
        ['AA', -51, 1_004_001],
      ],
    );
  });

  it('keys visits by (EPC, antenna)', () => {
    make(1000, 0);
    filter.push({ epc: 'AA', antenna: 1 });
    filter.push({ epc: 'AA', antenna: 2 });
    filter.push({ epc: 'BB', antenna: 1 });
    filter.push({ epc: 'AA', antenna: 1 });
    assert.deepEqual(
      seen.map((r) => `${r.epc}@${r.antenna}`),
      ['AA@1', 'AA@2', 'BB@1'],
    );
  });

  it('present() lists the tags still being read, most recent first', () => {
    make(1000, 0);
    filter.push({ epc: 'AA', rssi: -50 });
    clock.tick(600);
    filter.push({ epc: 'BB', rssi: -40 });
    clock.tick(600);
    filter.push({ epc: 'BB', rssi: -45 });
    assert.deepEqual(
      filter.present().map((r) => [r.epc, r.rssi, r.time, r.lastSeen]),
      [['BB', -40, 1_000_600, 1_001_200]], // AA was last read 1200 ms ago: gone
    );
    assert.equal(seen.length, 2);
  });

  it('a read without RSSI never beats one with RSSI', () => {
    make(1000, 100);
    filter.push({ epc: 'AA', rssi: -70 });
    filter.push({ epc: 'AA' });
    clock.tick(100);
    assert.equal(seen[0].rssi, -70);
  });

  it('windowMs 0 passes every read through', () => {
    make(0);
    filter.push({ epc: 'AA' });
    filter.push({ epc: 'AA' });
    assert.equal(seen.length, 2);
    assert.equal(filter.stats().tracked, 0);
  });

  it('forgets ended visits, and stop() clears every timer without emitting pending visits', () => {
    make(1000, 300);
    filter.push({ epc: 'AA' });
    clock.tick(300);
    filter.push({ epc: 'BB' });
    clock.tick(1500);
    assert.equal(filter.stats().tracked, 2); // the sweep at 1000 ms found neither visit over yet
    clock.tick(200);
    assert.equal(filter.stats().tracked, 0); // the sweep at 2000 ms forgot both
    filter.push({ epc: 'CC' }); // pending settle timer
    filter.stop();
    filter.stop();
    assert.equal(clock.countTimers(), 0);
    clock.tick(1000);
    assert.deepEqual(
      seen.map((r) => r.epc),
      ['AA', 'BB'],
    );
  });
});
