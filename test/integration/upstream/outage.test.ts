/**
 * A long outage of the MES: 10,000 events queue up while the receiver is down for 30 s
 * (LINEGATE_OUTAGE_MS), then every one is delivered, in seq order, with no gap and none twice.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MesReceiver } from '../../../devices/mes-receiver';
import { upstreamRig, waitFor, type UpstreamRig } from '../../unit/upstream/rig';
import { tempDir } from '../../helpers/tmp';

const OUTAGE_MS = Number(process.env.LINEGATE_OUTAGE_MS ?? 30_000);
const QUEUED = 10_000;

describe('upstream HTTP: a 30 s outage', function () {
  this.timeout(OUTAGE_MS + 60_000);
  let tmp: ReturnType<typeof tempDir>;
  let receiver: MesReceiver;
  let rig: UpstreamRig;
  before(() => (tmp = tempDir()));
  after(async () => {
    await rig?.dispose();
    await receiver?.stop();
    tmp.cleanup();
  });

  const newReceiver = (port = 0) =>
    new MesReceiver({ file: path.join(tmp.dir, 'mes.jsonl'), basePath: '/linegate', port });

  it(`delivers ${QUEUED} events queued during the outage in order, with no gap`, async () => {
    receiver = newReceiver();
    const url = await receiver.start();
    const port = Number(new URL(url).port);
    rig = await upstreamRig({
      yaml: `upstream:
  - name: mes
    type: http
    url: ${url}
    timeoutMs: 2000
    retry: { initialMs: 100, maxMs: 2000 }
`,
    });
    await rig.append(100, 10);
    await waitFor(() => receiver.stats.stored === 100);

    await receiver.stop();
    const outageStart = Date.now();
    // Spread the events over the outage, as a line keeps producing.
    const steps = 20;
    for (let i = 0; i < steps; i++) {
      await rig.append(QUEUED / steps, 50);
      await new Promise((r) => setTimeout(r, OUTAGE_MS / steps - 50));
    }
    const during = rig.upstream.stats();
    assert.ok(during.depth >= QUEUED, `depth ${during.depth}`);
    assert.ok(during.oldestAgeMs > 0);
    assert.equal(rig.upstream.health()['upstream:mes'].ok, false);
    await new Promise((r) => setTimeout(r, Math.max(0, OUTAGE_MS - (Date.now() - outageStart))));

    receiver = newReceiver(port);
    await receiver.start();
    const total = 100 + QUEUED;
    // A new receiver instance: its counters start at 0, its file (and dedupe) continue.
    await waitFor(() => receiver.stats.stored === QUEUED, 50);
    await waitFor(() => rig.upstream.stats().depth === 0);
    const order = receiver.order.get('gw-test')!;
    assert.deepEqual(
      order,
      Array.from({ length: total - 100 }, (_, i) => 101 + i),
      'in order, no gap',
    );
    const lines = readFileSync(path.join(tmp.dir, 'mes.jsonl'), 'utf8').trim().split('\n');
    assert.equal(lines.length, total, 'each event stored once');
    lines.forEach((l, i) => assert.equal((JSON.parse(l) as { seq: number }).seq, i + 1));
    const s = rig.upstream.stats();
    process.stdout.write(
      `      outage ${((Date.now() - outageStart) / 1000).toFixed(1)} s, ${s.failed} failed attempts, ` +
        `${receiver.stats.duplicates} duplicates received\n`,
    );
  });
});
