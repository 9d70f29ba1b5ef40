import assert from 'node:assert/strict';
import sinon from 'sinon';
import { PresenceTracker } from '../../../devices/rfid/presence';
import type { TagDeparture, TagRead } from '../../../src/ports';

describe('PresenceTracker', () => {
  let clock: sinon.SinonFakeTimers;
  let tracker: PresenceTracker;
  let seen: Array<['arrive', TagRead] | ['depart', TagDeparture]>;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000 });
    tracker = new PresenceTracker({ windowMs: 300, clock: { now: () => Date.now() } });
    seen = [];
    tracker.on('arrive', (r) => seen.push(['arrive', r]));
    tracker.on('depart', (g) => seen.push(['depart', g]));
  });
  afterEach(() => {
    tracker.stop();
    clock.restore();
  });

  const read = (epc: string, antenna = 1) => tracker.push({ epc, antenna, rssi: -50 }, Date.now());

  it('reports an arrival at once, on the first read, timed when its bytes arrived', () => {
    tracker.push({ epc: 'AA', rssi: -61, antenna: 2 }, 999_990);
    assert.deepEqual(seen, [['arrive', { epc: 'AA', time: 999_990, rssi: -61, antenna: 2 }]]);
  });

  it('reads within the window, on any antenna, are one presence; the departure comes window after the last', () => {
    read('AA', 1);
    clock.tick(200);
    read('AA', 2);
    clock.tick(299);
    read('AA', 1); // 299 ms after the last read: still present
    clock.tick(299);
    assert.equal(seen.length, 1);
    clock.tick(1);
    assert.deepEqual(seen[1], ['depart', { epc: 'AA', lastSeen: 1_000_499, time: 1_000_799 }]);
    assert.deepEqual(tracker.stats(), { arrivals: 1, departures: 1, present: 0 });
  });

  it('a read after the window is a departure then a new arrival, even before the timer fired', () => {
    read('AA');
    tracker.push({ epc: 'AA' }, Date.now() + 300); // a busy loop: the read is handled before the timer
    assert.deepEqual(
      seen.map(([kind, e]) => [kind, e.time]),
      [
        ['arrive', 1_000_000],
        ['depart', 1_000_300],
        ['arrive', 1_000_300],
      ],
    );
  });

  it('tracks tags independently; stop() clears every timer and reports nothing more', () => {
    read('AA');
    clock.tick(100);
    read('BB');
    clock.tick(250);
    assert.deepEqual(
      seen.map(([kind, e]) => `${kind} ${e.epc}`),
      ['arrive AA', 'arrive BB', 'depart AA'],
    );
    tracker.stop();
    tracker.stop();
    assert.equal(clock.countTimers(), 0);
    clock.tick(1000);
    assert.equal(seen.length, 3);
  });
});
