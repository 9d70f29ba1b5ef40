import assert from 'node:assert/strict';
import { backoffDelay } from '../../../devices/zebra/backoff';

describe('zebra/backoff', () => {
  it('doubles from the minimum up to the maximum, with 50-100 % jitter', () => {
    const low = { minMs: 100, maxMs: 1000, random: () => 0 };
    const high = { minMs: 100, maxMs: 1000, random: () => 0.999999 };
    assert.deepEqual(
      [0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, low)),
      [50, 100, 200, 400, 500, 500],
    );
    assert.deepEqual(
      [0, 1, 2, 3, 4, 10].map((a) => backoffDelay(a, high)),
      [100, 200, 400, 800, 1000, 1000],
    );
  });
});
