/**
 * A real gateway process SIGKILLed again and again while it forwards to a (slow) receiver and
 * clients keep starting units: every event arrives at least once, the first arrivals are in
 * seq order with no gap, and the receiver's dedupe by id leaves each event stored once.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MesReceiver } from '../../../devices/mes-receiver';
import type { GatewayEvent } from '../../../src/events/event';
import { Sublevels } from '../../../src/store/layout';
import { openStore } from '../../../src/store/store';
import type { OutboxStatus } from '../../../src/upstream/admin';
import { TEST_TOKEN, writeGatewayConfig } from '../../helpers/gateway-config';
import { startGateway } from '../../helpers/gateway-process';
import { tempDir } from '../../helpers/tmp';
import { waitFor } from '../../unit/upstream/rig';

const KILLS = Number(process.env.LINEGATE_FORWARD_KILLS ?? 6);

describe('upstream: SIGKILL while forwarding', function () {
  this.timeout(KILLS * 5000 + 30_000);
  let tmp: ReturnType<typeof tempDir>;
  let receiver: MesReceiver;
  before(() => (tmp = tempDir()));
  after(async () => {
    await receiver?.stop();
    tmp.cleanup();
  });

  it(`delivers every event at least once, in order, with no gap, over ${KILLS} kills`, async () => {
    receiver = new MesReceiver({ file: path.join(tmp.dir, 'mes.jsonl'), basePath: '/linegate', delayMs: 15 });
    const url = await receiver.start();
    const config = writeGatewayConfig(
      tmp.dir,
      `upstream:
  - name: mes
    type: http
    url: ${url}
    batch: { maxEvents: 20, lingerMs: 5 }
    retry: { initialMs: 20, maxMs: 200 }
`,
    );
    const start = (base: string) =>
      fetch(`${base}/api/stations/ST10/start`, {
        method: 'POST',
        headers: { authorization: `Bearer ${TEST_TOKEN}` },
      }).catch(() => undefined);

    let kills = 0;
    for (let round = 0; round <= KILLS; round++) {
      const gw = await startGateway(config);
      const stop = { dead: false };
      const client = (async () => {
        while (!stop.dead) if (!(await start(gw.url))) return;
      })();
      const requestsBefore = receiver.stats.requests;
      if (round < KILLS) {
        // Kill while a batch is on its way: after this run's first request, at a random moment.
        await waitFor(() => receiver.stats.requests > requestsBefore);
        await new Promise((r) => setTimeout(r, Math.random() * 150));
        gw.child.kill('SIGKILL');
        await gw.exited;
        kills++;
      } else {
        stop.dead = true;
        await client;
        await waitFor(async () => {
          const s = (await (await fetch(`${gw.url}/api/outbox`)).json()) as OutboxStatus;
          return s.sinks[0].depth === 0;
        }, 50);
        gw.child.kill('SIGTERM');
        assert.equal((await gw.exited).code, 0);
      }
      stop.dead = true;
      await client;
    }

    const store = await openStore(path.join(tmp.dir, 'data'));
    let events: GatewayEvent[];
    try {
      events = (await store.sub(Sublevels.events).values().all()) as GatewayEvent[];
    } finally {
      await store.close();
    }
    const n = events.length;
    assert.deepEqual(
      events.map((e) => e.seq),
      Array.from({ length: n }, (_, i) => i + 1),
    );
    assert.deepEqual(
      receiver.order.get('gw-test'),
      Array.from({ length: n }, (_, i) => i + 1),
      'first arrivals in order, no gap',
    );
    const lines = readFileSync(path.join(tmp.dir, 'mes.jsonl'), 'utf8').trim().split('\n');
    const ids = lines.map((l) => (JSON.parse(l) as { id: string }).id);
    assert.equal(new Set(ids).size, n, 'each event stored once');
    assert.deepEqual(new Set(ids), new Set(events.map((e) => e.id)));
    process.stdout.write(
      `      ${kills} kills, ${n} events, ${receiver.stats.received} received, ${receiver.stats.duplicates} duplicates deduped\n`,
    );
  });
});
