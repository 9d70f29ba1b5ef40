/**
 * The short soak that runs in `npm test`: at least 10 SIGKILLs of a gateway running a whole line
 * on simulators with a faulty MES. `npm run soak` runs the long one (200 kills).
 */
import assert from 'node:assert/strict';
import { runSoak } from '../../soak/soak';
import { tempDir } from '../../helpers/tmp';

describe('soak: SIGKILLs during a whole line with a faulty MES', function () {
  this.timeout(240_000);
  let tmp: ReturnType<typeof tempDir>;
  before(() => (tmp = tempDir()));
  after(() => tmp.cleanup());

  it('loses, duplicates and burns nothing over 10 kills', async () => {
    const report = await runSoak({ dir: tmp.dir, kills: 10 });
    process.stdout.write(`      ${JSON.stringify(report)}\n`);
    assert.ok(report.handshakes >= 10, `the line ran between kills (${report.handshakes} handshakes)`);
    assert.ok(report.componentsConsumed > 0, 'the assembly station consumed components');
    assert.deepEqual(
      {
        serialsIssuedTwice: report.serialsIssuedTwice,
        serialsBurned: report.serialsBurned,
        acknowledgedMissingUpstream: report.acknowledgedMissingUpstream,
        upstreamSeqGaps: report.upstreamSeqGaps,
        acknowledgedWithoutLabel: report.acknowledgedWithoutLabel,
        componentsInstalledTwice: report.componentsInstalledTwice,
      },
      {
        serialsIssuedTwice: 0,
        serialsBurned: 0,
        acknowledgedMissingUpstream: 0,
        upstreamSeqGaps: 0,
        acknowledgedWithoutLabel: 0,
        componentsInstalledTwice: 0,
      },
    );
  });
});
