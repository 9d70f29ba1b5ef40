import assert from 'node:assert/strict';
import { Backoff, backoffCeiling, backoffDelay } from '../../../src/util/backoff';

describe('backoff', () => {
  it('doubles the ceiling from min to max', () => {
    assert.deepEqual(
      [0, 1, 2, 3, 4, 10, 1000].map((a) => backoffCeiling(a, { minMs: 100, maxMs: 1000 })),
      [100, 200, 400, 800, 1000, 1000, 1000],
    );
  });

  it('full jitter draws from [0, ceiling)', () => {
    const at = (r: number) =>
      [0, 3, 10].map((a) => backoffDelay(a, { minMs: 100, maxMs: 1000, random: () => r }));
    assert.deepEqual(at(0), [0, 0, 0]);
    assert.deepEqual(at(0.999999), [100, 800, 1000]);
  });

  it('equal jitter draws from [ceiling/2, ceiling)', () => {
    const at = (r: number) =>
      [0, 1, 2, 3, 4, 10].map((a) =>
        backoffDelay(a, { minMs: 100, maxMs: 1000, jitter: 'equal', random: () => r }),
      );
    assert.deepEqual(at(0), [50, 100, 200, 400, 500, 500]);
    assert.deepEqual(at(0.999999), [100, 200, 400, 800, 1000, 1000]);
  });

  it('counts failures, honours a floor (Retry-After), and resets', () => {
    const b = new Backoff({ minMs: 100, maxMs: 1000, random: () => 0.5 });
    assert.deepEqual([b.next(), b.next(), b.next(5000)], [50, 100, 5000]);
    assert.equal(b.attempts, 3);
    b.reset();
    assert.equal(b.next(), 50);
  });
});
