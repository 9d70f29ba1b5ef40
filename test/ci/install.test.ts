/**
 * systemd/install.sh run for real into a throwaway root (DESTDIR): it builds if needed, copies the
 * gateway and its dashboard, installs the production dependencies with `npm ci --omit=dev` (no
 * tsc there), puts a config, the label templates, an env file with a random token and the unit
 * in place; then the installed copy itself must pass check-config with that env file, through the
 * installed `linegate` wrapper's way of loading it.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { tempDir } from '../helpers/tmp';

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '../..');

describe('systemd/install.sh into a throwaway root', function () {
  this.timeout(600_000);
  let tmp: ReturnType<typeof tempDir>;
  before(() => (tmp = tempDir('linegate-install-')));
  after(() => tmp.cleanup());

  it('installs a copy that runs without development tools and whose config passes its check', async () => {
    const dest = tmp.dir;
    const out = await run('/bin/sh', [path.join(ROOT, 'systemd/install.sh')], {
      env: { ...process.env, DESTDIR: dest },
      maxBuffer: 16 * 1024 * 1024,
    });
    assert.match(out.stdout, /installed into/);
    const opt = path.join(dest, 'opt/linegate');
    for (const f of [
      'bin/linegate.js',
      'dist/src/cli/main.js',
      'src/dashboard/index.html',
      'src/dashboard/trace.js',
    ])
      assert.ok(existsSync(path.join(opt, f)), f);
    assert.ok(existsSync(path.join(opt, 'node_modules/serialport')), 'production dependencies');
    assert.ok(!existsSync(path.join(opt, 'node_modules/typescript')), 'no development tools');
    const etc = path.join(dest, 'etc/linegate');
    assert.ok(existsSync(path.join(etc, 'labels/unit.zpl')));
    const env = readFileSync(path.join(etc, 'linegate.env'), 'utf8');
    assert.match(env, /^LINEGATE_API_TOKEN=[0-9a-f]{48}\n$/);
    const unit = readFileSync(path.join(dest, 'etc/systemd/system/linegate.service'), 'utf8');
    assert.doesNotMatch(unit, /SupplementaryGroups/, 'works on a machine without a gpio group');
    assert.ok(existsSync(path.join(dest, 'usr/local/bin/linegate')));

    // the installed copy, with the env file loaded as the wrapper does, on the installed config
    const token = env.trim().split('=')[1];
    const check = await run(
      process.execPath,
      [path.join(opt, 'bin/linegate.js'), 'check-config', path.join(etc, 'linegate.yaml')],
      { env: { PATH: process.env.PATH, LINEGATE_API_TOKEN: token } },
    );
    assert.equal(check.stdout, 'ok\n');
    // without the env file the check names the missing variable (so the file is what makes it pass)
    const missing = await run(
      process.execPath,
      [path.join(opt, 'bin/linegate.js'), 'check-config', path.join(etc, 'linegate.yaml')],
      {
        env: { PATH: process.env.PATH },
      },
    ).catch((e: { code: number; stdout: string }) => e);
    assert.equal((missing as { code: number }).code, 78);
    assert.match((missing as { stdout: string }).stdout, /LINEGATE_API_TOKEN/);

    // a second run keeps the operator's config and token
    await run('/bin/sh', [path.join(ROOT, 'systemd/install.sh')], {
      env: { ...process.env, DESTDIR: dest },
      maxBuffer: 16 * 1024 * 1024,
    });
    assert.equal(readFileSync(path.join(etc, 'linegate.env'), 'utf8'), env);
  });
});
