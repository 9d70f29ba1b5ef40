import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as net from 'node:net';
import path from 'node:path';
import { tempDir } from '../../helpers/tmp';
import { runCli, startGateway } from '../../helpers/gateway-process';
import { gatewayYaml, writeGatewayConfig } from '../../helpers/gateway-config';

describe('linegate CLI', function () {
  this.timeout(30000);
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('check-config prints ok and exits 0 for a valid file', async () => {
    const r = await runCli(['check-config', writeGatewayConfig(tmp.dir)]);
    assert.equal(r.code, 0);
    assert.equal(r.stdout, 'ok\n');
  });

  it('check-config prints every problem and exits 78', async () => {
    const file = path.join(tmp.dir, 'bad.yaml');
    writeFileSync(
      file,
      'gateway:\n  id: gw\n  dataDir: ./d\n  colour: red\napi:\n  token: ${UNSET_FOR_TEST}\nstations: []\n',
    );
    const r = await runCli(['check-config', file]);
    assert.equal(r.code, 78);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      `${file}:1:1 serials: is required`,
      `${file}:4:3 gateway.colour: unknown key`,
      `${file}:6:10 api.token: environment variable UNSET_FOR_TEST is not set`,
      `${file}:7:11 stations: must have at least 1 item`,
    ]);
  });

  it('run refuses an invalid config with the same list and exit 78', async () => {
    const file = path.join(tmp.dir, 'bad.yaml');
    writeFileSync(file, 'gateway: {}\n');
    const r = await runCli(['run', '--config', file]);
    assert.equal(r.code, 78);
    assert.match(r.stderr, /bad\.yaml:1:10 gateway\.id: is required/);
    assert.match(r.stderr, /refusing to start/);
  });

  it('a second gateway on the same dataDir fails fast with a clear message', async () => {
    const file = writeGatewayConfig(tmp.dir);
    const first = await startGateway(file);
    const second = await runCli(['run', '--config', file]);
    assert.equal(second.code, 1);
    assert.match(second.stderr, /STORE_LOCKED: data directory .* is in use by another linegate process/);
    assert.doesNotMatch(second.stderr, /\n\s+at /, 'no stack trace');
    first.child.kill('SIGTERM');
    assert.deepEqual(await first.exited, { code: 0, signal: null });
  });

  // A bad device setting is a config problem (exit 78, test/integration/cli/config-families.test.ts);
  // a start error is what only starting meets, here the API's port taken by another process.
  for (const format of ['json', 'pretty'])
    it(`a start error (${format} log) says what to do in one line, with no stack trace on the terminal`, async () => {
      const taken = net.createServer();
      await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
      const port = (taken.address() as net.AddressInfo).port;
      const file = path.join(tmp.dir, 'linegate.yaml');
      writeFileSync(file, gatewayYaml(tmp.dir, '', '', port));
      try {
        const r = await runCli(['run', '--config', file], { LINEGATE_LOG_FORMAT: format });
        assert.equal(r.code, 1);
        const lines = r.stderr.trim().split('\n');
        assert.deepEqual(
          lines.filter((l) => l.startsWith('linegate:')),
          [
            `linegate: could not start: 127.0.0.1:${port} is in use (another linegate, or a second \`npm start\`?): stop it, or change the port in ${file}`,
          ],
        );
        assert.doesNotMatch(r.stderr + (format === 'pretty' ? r.stdout : ''), /\n\s+at /, 'no stack trace');
        if (format === 'pretty') {
          const fatal = r.stdout.split('\n').filter((l) => /FATAL/.test(l));
          assert.equal(fatal.length, 1, 'one pretty line for the failure');
        }
      } finally {
        taken.close();
      }
    });

  it('run stops gracefully on SIGTERM with exit 0', async () => {
    const gw = await startGateway(writeGatewayConfig(tmp.dir));
    const res = await fetch(`${gw.url}/healthz`);
    assert.equal(res.status, 200);
    gw.child.kill('SIGTERM');
    assert.deepEqual(await gw.exited, { code: 0, signal: null });
    assert.ok(gw.lines.some((l) => l.includes('"linegate stopped"')));
  });
});
