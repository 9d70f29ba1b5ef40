/**
 * The quick half of the fault-injection suite (`npm run faults` runs all of it): each quick case
 * must leave every false-claim counter at zero.
 */
import assert from 'node:assert/strict';
import { falseCount } from '../../faults/fault';
import { loadFaults } from '../../faults/load';

describe('fault injection (quick cases)', function () {
  this.timeout(120000);
  for (const fault of loadFaults().filter((f) => f.quick)) {
    it(fault.name, async () => {
      const outcome = await fault.run();
      assert.equal(
        falseCount(outcome),
        0,
        `${fault.name}: injected ${outcome.injected}; answered ${outcome.answered}; false ${JSON.stringify(outcome.false)}`,
      );
    });
  }
});
