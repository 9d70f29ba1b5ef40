import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/tmp';
import { runCli } from '../../helpers/gateway-process';
import { gatewayYaml } from '../../helpers/gateway-config';

describe('linegate check-config: a one-scanner station without a rule', function () {
  this.timeout(30000);
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('exits 78 with FILE:LINE:COL at consume.scanner; (the unit test covers the rules that make it ok)', async () => {
    const station = (identify: string) =>
      `  - id: ST20\n    kind: assembly\n    identify: ${identify}\n    consume: { scanner: scan20 }\n` +
      `scanners:\n  scan20: { connection: { type: simulator } }\n`;
    const file = path.join(tmp.dir, 'line.yaml');
    writeFileSync(file, gatewayYaml(tmp.dir, station('{ scanner: scan20 }')));
    const line =
      gatewayYaml(tmp.dir, station('{ scanner: scan20 }'))
        .split('\n')
        .indexOf('    consume: { scanner: scan20 }') + 1;
    const bad = await runCli(['check-config', file]);
    assert.equal(bad.code, 78);
    assert.match(
      bad.stdout,
      new RegExp(`^${file.replace(/[.]/g, '\\.')}:${line}:25 stations\\[1\\]\\.consume\\.scanner: `),
    );
  });
});
