/**
 * Never drop, never fill the disk: with the MES down, undelivered events reach the quota's
 * high-water mark and starts answer result 3 (STORE_FULL) with an alarm, through the real
 * gateway and its API; once the MES is back and the outbox drains, starts are accepted again.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { MesReceiver } from '../../../devices/mes-receiver';
import { Gateway } from '../../../src/gateway';
import type { OutboxStatus } from '../../../src/upstream/admin';
import { TEST_TOKEN, gatewayConfig } from '../../helpers/gateway-config';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';
import { waitFor } from '../../unit/upstream/rig';
import { freePort } from './helpers';

describe('upstream: store full', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  let gateway: Gateway | undefined;
  let receiver: MesReceiver | undefined;
  before(() => (tmp = tempDir()));
  after(async () => {
    await gateway?.stop();
    await receiver?.stop();
    tmp.cleanup();
  });

  it('refuses starts with result 3 at the high-water mark, and accepts them again once drained', async () => {
    const port = await freePort();
    gateway = new Gateway({
      config: gatewayConfig(
        tmp.dir,
        `upstream:
  - name: mes
    type: http
    url: http://127.0.0.1:${port}/linegate
    retry: { initialMs: 20, maxMs: 100 }
store:
  maxEvents: 100
  highWaterPercent: 50
`,
      ),
      log: silentLog,
      families: [],
    });
    await gateway.start();
    const start = async () => {
      const res = await fetch(`${gateway!.url}/api/stations/ST10/start`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_TOKEN}` },
      });
      return {
        status: res.status,
        body: (await res.json()) as { result: number; code?: string; serial?: string },
      };
    };
    for (let i = 0; i < 50; i++) assert.equal((await start()).status, 200);
    const refused = await start();
    assert.deepEqual([refused.status, refused.body.result, refused.body.code], [503, 3, 'STORE_FULL']);

    const health = await fetch(`${gateway.url}/healthz`);
    assert.equal(health.status, 503);
    const parts = ((await health.json()) as { parts: Record<string, { ok: boolean; state: string }> }).parts;
    assert.equal(parts.outbox.ok, false);
    const status = (await (await fetch(`${gateway.url}/api/outbox`)).json()) as OutboxStatus;
    assert.deepEqual([status.stats?.depth, status.stats?.full, status.stats?.autonomyHours], [50, 1, 0]);

    receiver = new MesReceiver({ file: path.join(tmp.dir, 'mes.jsonl'), basePath: '/linegate', port });
    await receiver.start();
    await waitFor(() => receiver!.stats.stored === 50);
    await waitFor(async () => (await start()).status === 200);
    assert.equal((await fetch(`${gateway.url}/healthz`)).status, 200);
  });
});
