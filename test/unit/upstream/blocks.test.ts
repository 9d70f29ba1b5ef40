import assert from 'node:assert/strict';
import path from 'node:path';
import { MesReceiver } from '../../../devices/mes-receiver';
import { Result } from '../../../src/ports';
import { compileFormat } from '../../../src/serials/format';
import { SerialScheme } from '../../../src/serials/scheme';
import type { BlockState } from '../../../src/serials/blocks';
import { StartStation } from '../../../src/stations/start-station';
import { Sublevels, joinKey } from '../../../src/store/layout';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';
import { upstreamRig, waitFor, type UpstreamRig } from './rig';

const SCHEMES = `  lot:
    format: "L{seq:6}"
    source: upstream
    blockSize: 10
    lowWater: 3
`;

describe('serial blocks leased from upstream', () => {
  let tmp: ReturnType<typeof tempDir>;
  let receiver: MesReceiver;
  let url: string;
  let leases: Array<{ scheme: string; key: string; count: number }>;
  let port = 0;
  const rigs: UpstreamRig[] = [];

  beforeEach(async () => {
    tmp = tempDir();
    leases = [];
    receiver = new MesReceiver({
      file: path.join(tmp.dir, 'mes.jsonl'),
      basePath: '/linegate',
      intercept: (req) => {
        if (req.route === 'serial-blocks') leases.push(req.body as never);
        return undefined;
      },
    });
    url = await receiver.start();
    port = Number(new URL(url).port);
  });
  afterEach(async () => {
    for (const r of rigs.splice(0)) await r.dispose();
    await receiver.stop();
    tmp.cleanup();
  });

  async function station(dir?: string) {
    // A start station on the scheme, so the upstream part leases its first block at start.
    const yaml = `  - id: ST11
    kind: start
    partNumber: PN-100
    serial: lot
upstream:
  - name: mes
    type: http
    url: ${url}
    retry: { initialMs: 5, maxMs: 20 }
`;
    const rig = await upstreamRig({ yaml, schemes: SCHEMES, dir });
    rigs.push(rig);
    const cfg = rig.config.serials.lot;
    const scheme = new SerialScheme({
      name: 'lot',
      config: cfg,
      format: compileFormat(cfg.format, cfg.vars),
      gatewayId: 'gw-test',
      timeZone: 'UTC',
      clock: { now: () => Date.now() },
      log: silentLog,
      blocks: rig.upstream.blocks('lot'),
    });
    const st = new StartStation({
      config: { id: 'ST10', kind: 'start', partNumber: 'PN-100', serial: 'lot' },
      scheme,
      journal: rig.journal,
      clock: { now: () => Date.now() },
      log: silentLog,
      steps: [],
    });
    return { rig, st };
  }

  const blockState = async (rig: UpstreamRig) =>
    (await rig.store.sub(Sublevels.serialBlocks).get(joinKey('lot', 'L'))) as BlockState | undefined;

  it('leases a block, stores it before use, and issues its numbers once each', async () => {
    const { rig, st } = await station();
    await waitFor(async () => (await blockState(rig)) !== undefined);
    assert.deepEqual(leases[0], { gatewayId: 'gw-test', scheme: 'lot', key: 'L', count: 10 });
    const serials: string[] = [];
    for (let i = 0; i < 25; i++) {
      const o = await st.start({ source: 'api' });
      if (o.result === Result.OK) serials.push(o.serial!);
      else await waitFor(async () => ((await blockState(rig))?.blocks.length ?? 0) > 0);
    }
    assert.equal(new Set(serials).size, serials.length);
    assert.deepEqual(
      serials.slice(0, 12),
      Array.from({ length: 12 }, (_, i) => `L${String(i + 1).padStart(6, '0')}`),
    );
    assert.ok(leases.length >= 3, 'the next block is requested below low water');
  });

  it('answers result 1 when the leased numbers are used up and the authority is offline, and recovers', async () => {
    const { rig, st } = await station();
    await waitFor(async () => (await blockState(rig))?.blocks.length === 1);
    await receiver.stop();
    const results: number[] = [];
    for (let i = 0; i < 11; i++) results.push((await st.start({ source: 'api' })).result);
    assert.deepEqual(results.slice(0, 10), Array(10).fill(Result.OK));
    const last = await st.start({ source: 'api' });
    assert.deepEqual([last.result, last.code], [Result.NO_SERIAL, 'SERIAL_NO_BLOCK']);
    receiver = new MesReceiver({ file: path.join(tmp.dir, 'mes.jsonl'), basePath: '/linegate', port });
    await receiver.start();
    await waitFor(async () => ((await blockState(rig))?.blocks.length ?? 0) > 0);
    const again = await st.start({ source: 'api' });
    assert.deepEqual([again.result, again.serial], [Result.OK, 'L000011']);
  });

  it('never uses a number twice across a restart', async () => {
    const dir = tempDir();
    try {
      let { rig, st } = await station(dir.dir);
      await waitFor(async () => (await blockState(rig)) !== undefined);
      const first = (await st.start({ source: 'api' })).serial;
      await rig.close();
      rigs.splice(0);
      ({ rig, st } = await station(dir.dir));
      const second = (await st.start({ source: 'api' })).serial;
      assert.deepEqual([first, second], ['L000001', 'L000002']);
      await rig.close();
      rigs.splice(0);
    } finally {
      dir.cleanup();
    }
  });

  it('gives two gateways of one authority disjoint numbers', async () => {
    const a = await station();
    const b = await station();
    await waitFor(
      async () => (await blockState(a.rig)) !== undefined && (await blockState(b.rig)) !== undefined,
    );
    const got: string[] = [];
    for (let i = 0; i < 8; i++) {
      got.push((await a.st.start({ source: 'api' })).serial!);
      got.push((await b.st.start({ source: 'api' })).serial!);
    }
    assert.equal(new Set(got).size, 16);
  });
});
