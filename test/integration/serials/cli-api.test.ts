/**
 * `linegate serials …` while a gateway runs: the gateway holds the store's LevelDB lock, so the
 * CLI goes through its local API and says so; answers and exit codes are those of the store path.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startGateway, type GatewayProcess } from '../../helpers/gateway-process';
import { tempDir } from '../../helpers/tmp';
import { TEST_TOKEN } from '../../helpers/gateway-config';
import { freePort } from '../upstream/helpers';
import { csvLines, serialsCli, serialsYaml, writeCsv } from './helpers';

describe('linegate serials (CLI) with the gateway running', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  let config: string;
  let gateway: GatewayProcess;

  before(async () => {
    tmp = tempDir();
    config = path.join(tmp.dir, 'linegate.yaml');
    writeFileSync(config, serialsYaml(tmp.dir, await freePort()));
    gateway = await startGateway(config);
  });
  after(async () => {
    gateway.child.kill('SIGTERM');
    await gateway.exited;
    tmp.cleanup();
  });

  it('reserves, imports and lists through the API', async () => {
    const r = await serialsCli(
      'reserve',
      '--config',
      config,
      '--scheme',
      'unit',
      '--count',
      '3',
      '--work-order',
      'WO-55',
    );
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /the gateway is running; going through its API/);
    assert.match(r.stdout, /reserved 3 serial\(s\) of scheme unit for work order WO-55/);
    const lines = csvLines(50, 700_001);
    lines[10] = lines[2];
    const bad = await serialsCli('import', '--config', config, writeCsv(tmp.dir, 'dup.csv', lines));
    assert.equal(bad.code, 65);
    assert.match(bad.stderr, /dup\.csv:11: serial \d+ is also on line 3/);
    const good = await serialsCli(
      'import',
      '--config',
      config,
      writeCsv(tmp.dir, 'ok.csv', csvLines(50, 700_001)),
    );
    assert.equal(good.code, 0, good.stderr);
    const list = await serialsCli('list', '--config', config, '--status', 'reserved', '--json');
    assert.equal(list.code, 0, list.stderr);
    assert.equal(list.stdout.trim().split('\n').length, 53);
    const started = await fetch(`${gateway.url}/api/stations/ST10/start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKEN}` },
    });
    assert.equal(started.status, 200);
    const voided = await serialsCli(
      'void',
      '--config',
      config,
      '--work-order',
      'WO-55',
      '--reason',
      'closed early',
    );
    assert.equal(voided.code, 0, voided.stderr);
    assert.match(voided.stdout, /voided 52 serial\(s\)/);
  });
});
