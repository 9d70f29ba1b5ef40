/**
 * A full disk: the data directory on a small tmpfs (mounted by the test; CI runs as root) is
 * filled up. Starts must answer result 3 and record nothing, nothing already recorded may be lost
 * or corrupted, and starts must work again as soon as space returns, without a restart.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Gateway } from '../../../src/gateway';
import { openStore } from '../../../src/store/store';
import { Sublevels } from '../../../src/store/layout';
import type { GatewayEvent } from '../../../src/events/event';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';
import { TEST_TOKEN, gatewayConfig } from '../../helpers/gateway-config';

describe('full disk', function () {
  this.timeout(60000);
  let tmp: ReturnType<typeof tempDir>;
  let mount: string;
  let gateway: Gateway | undefined;

  before(function () {
    assert.equal(process.getuid?.(), 0, 'this test mounts a tmpfs and needs root (CI runs as root)');
    tmp = tempDir();
    mount = path.join(tmp.dir, 'small');
    mkdirSync(mount);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mount]);
  });
  after(async () => {
    await gateway?.stop();
    execFileSync('umount', [mount]);
    tmp.cleanup();
  });

  it('answers result 3 while the disk is full and resumes when space returns', async () => {
    const config = gatewayConfig(tmp.dir);
    config.gateway.dataDir = path.join(mount, 'data');
    gateway = new Gateway({ config, log: silentLog, families: [] });
    await gateway.start();
    const start = async () => {
      const res = await fetch(`${gateway!.url}/api/stations/ST10/start`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
        body: '{}',
      });
      return {
        status: res.status,
        body: (await res.json()) as { serial?: string; result: number; code?: string },
      };
    };
    const served: string[] = [];
    for (let i = 0; i < 20; i++) served.push((await start()).body.serial!);

    // Fill what is left of the disk.
    const filler = path.join(mount, 'filler');
    const free = Number(
      execFileSync('df', ['--output=avail', '-B1', mount], { encoding: 'utf8' }).split('\n')[1],
    );
    try {
      writeFileSync(filler, Buffer.alloc(free));
    } catch {
      // ENOSPC part way: the disk is full either way.
    }
    let refused: Awaited<ReturnType<typeof start>> | undefined;
    for (let i = 0; i < 2000 && !refused; i++) {
      const r = await start();
      if (r.status === 200) served.push(r.body.serial!);
      else refused = r;
    }
    assert.ok(refused, 'the disk never filled up');
    assert.equal(refused.status, 503);
    assert.equal(refused.body.result, 3);
    assert.equal(refused.body.code, 'STORE_WRITE_FAILED');
    assert.equal((await start()).body.result, 3, 'still refused while full');
    assert.equal((await fetch(`${gateway.url}/healthz`)).status, 503, 'health names the store');

    rmSync(filler);
    const resumed = await start();
    assert.equal(resumed.status, 200, `resumed: ${JSON.stringify(resumed.body)}`);
    served.push(resumed.body.serial!);
    await gateway.stop();
    gateway = undefined;

    const store = await openStore(config.gateway.dataDir);
    try {
      const events = (await store.sub(Sublevels.events).values().all()) as GatewayEvent[];
      assert.deepEqual(
        events.map((e) => e.seq),
        events.map((_, i) => i + 1),
        'seq gap-free',
      );
      const started = events.filter((e) => e.type === 'unit.started').map((e) => e.serial!);
      assert.equal(new Set(started).size, started.length, 'no serial twice');
      for (const s of served) assert.ok(started.includes(s), `${s} answered but not recorded`);
    } finally {
      await store.close();
    }
  });
});
