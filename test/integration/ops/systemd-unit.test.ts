import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';

const unit = path.resolve(__dirname, '../../../systemd/linegate.service');

describe('systemd unit', () => {
  it('passes systemd-analyze verify', () => {
    const r = spawnSync('systemd-analyze', ['verify', unit], { encoding: 'utf8' });
    assert.equal(r.error, undefined, 'systemd-analyze is needed (Debian: apt-get install systemd)');
    // verify complains about the ExecStart binary only when node is not at /usr/bin/node.
    const problems = r.stderr.split('\n').filter((l) => l.trim() !== '' && !l.includes('/usr/bin/node'));
    assert.deepEqual(problems, []);
  });

  it('has an exposure score of 2.5 or lower', () => {
    const out = execFileSync('systemd-analyze', ['security', '--offline=yes', unit], { encoding: 'utf8' });
    const score = Number(/Overall exposure level for linegate\.service: ([\d.]+)/.exec(out)?.[1]);
    assert.ok(score <= 2.5, `exposure ${score}`);
  });
});
