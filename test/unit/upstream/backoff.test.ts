import assert from 'node:assert/strict';
import sinon from 'sinon';
import { RetryBackoff, parseRetryAfter } from '../../../src/upstream/backoff';
import { realTimers, sleep } from '../../../src/upstream/timers';

const CONTRACT = { initialMs: 500, maxMs: 60_000, maxRetryAfterMs: 3_600_000 };
const CEILINGS = [500, 1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000];

describe('upstream backoff', () => {
  it('uses full jitter under a ceiling doubling from 0.5 s to 60 s (docs/contracts.md §5)', () => {
    const lows = new RetryBackoff(CONTRACT, () => 0);
    const highs = new RetryBackoff(CONTRACT, () => 0.999999);
    for (const ceiling of CEILINGS) {
      assert.equal(lows.next(), 0);
      assert.equal(highs.next(), Math.round(0.999999 * ceiling));
    }
    assert.equal(highs.attempts, CEILINGS.length);
    highs.reset();
    assert.equal(highs.next(), 500, 'reset starts again at the first ceiling');
  });

  it('never retries before a Retry-After, capped at maxRetryAfterMs', () => {
    const b = new RetryBackoff(CONTRACT, () => 0.5);
    assert.equal(b.next(5000), 5000);
    assert.equal(b.next(10), 500, 'a jitter longer than Retry-After is kept');
    assert.equal(new RetryBackoff({ ...CONTRACT, maxRetryAfterMs: 2000 }).next(86_400_000), 2000);
  });

  it('parses Retry-After as seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-21T10:00:00Z');
    assert.equal(parseRetryAfter('7', now), 7000);
    assert.equal(parseRetryAfter(['3'], now), 3000);
    assert.equal(parseRetryAfter('Sat, 21 Nov 2026 10:00:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Sat, 21 Nov 2026 09:00:00 GMT', now), 0, 'a date in the past');
    assert.equal(parseRetryAfter(undefined, now), undefined);
    assert.equal(parseRetryAfter('soon', now), undefined);
  });

  describe('with fake timers', () => {
    let clock: sinon.SinonFakeTimers;
    beforeEach(() => (clock = sinon.useFakeTimers()));
    afterEach(() => clock.restore());

    it('sleeps the backoff delay and no longer; wake() ends a sleep early', async () => {
      const b = new RetryBackoff(CONTRACT, () => 0.5);
      let done = false;
      const s = sleep(realTimers, b.next(2000));
      void s.done.then(() => (done = true));
      await clock.tickAsync(1999);
      assert.equal(done, false);
      await clock.tickAsync(1);
      assert.equal(done, true);

      const long = sleep(realTimers, 60_000);
      long.wake();
      await long.done;
      assert.equal(clock.countTimers(), 0, 'wake() clears the timer');
    });

    it('a series of failures waits the sum of the jittered delays', async () => {
      const b = new RetryBackoff(CONTRACT, () => 0.5);
      let total = 0;
      for (let i = 0; i < 8; i++) {
        const d = b.next();
        total += d;
        const s = sleep(realTimers, d);
        await clock.tickAsync(d);
        await s.done;
      }
      assert.equal(total, 250 + 500 + 1000 + 2000 + 4000 + 8000 + 16000 + 30000);
      assert.equal(clock.now, total);
    });
  });
});
