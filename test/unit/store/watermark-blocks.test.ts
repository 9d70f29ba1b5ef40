/**
 * The high-water mark covers schemes that take numbers from blocks leased upstream: a lease state
 * that went back with a damaged store hands out no number again.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { MesReceiver } from '../../../devices/mes-receiver';
import { compileFormat } from '../../../src/serials/format';
import { SerialScheme } from '../../../src/serials/scheme';
import type { BlockState } from '../../../src/serials/blocks';
import { StartStation } from '../../../src/stations/start-station';
import { Sublevels, joinKey } from '../../../src/store/layout';
import { openStore } from '../../../src/store/store';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';
import { upstreamRig, waitFor } from '../upstream/rig';

const SCHEMES = `  lot:
    format: "L{seq:6}"
    source: upstream
    blockSize: 10
    lowWater: 3
`;
const KEY = joinKey('lot', 'L');

describe('store high-water mark: leased serial blocks', () => {
  let tmp: ReturnType<typeof tempDir>;
  let receiver: MesReceiver;
  beforeEach(() => (tmp = tempDir()));
  afterEach(async () => {
    await receiver.stop();
    tmp.cleanup();
  });

  async function line(url: string) {
    const yaml = `  - id: ST11\n    kind: start\n    partNumber: PN-100\n    serial: lot\nupstream:\n  - name: mes\n    type: http\n    url: ${url}\n`;
    const rig = await upstreamRig({ yaml, schemes: SCHEMES, dir: tmp.dir });
    const cfg = rig.config.serials.lot;
    const clock = { now: () => Date.now() };
    const scheme = new SerialScheme({
      ...{ name: 'lot', config: cfg, format: compileFormat(cfg.format, cfg.vars) },
      ...{ gatewayId: 'gw-test', timeZone: 'UTC', clock, log: silentLog, blocks: rig.upstream.blocks('lot') },
    });
    const config = { id: 'ST10', kind: 'start' as const, partNumber: 'PN-100', serial: 'lot' };
    const station = new StartStation({
      config,
      scheme,
      journal: rig.journal,
      clock,
      log: silentLog,
      steps: [],
    });
    await waitFor(async () => (await rig.store.sub(Sublevels.serialBlocks).get(KEY)) !== undefined);
    return { rig, station };
  }

  it('a lease state set back by a damaged store issues above the mark, never again', async () => {
    receiver = new MesReceiver({ file: path.join(tmp.dir, 'mes.jsonl'), basePath: '/linegate' });
    const url = await receiver.start();
    let { rig, station } = await line(url);
    const before: string[] = [];
    for (let i = 0; i < 5; i++) before.push((await station.start({ source: 'api' })).serial!);
    assert.deepEqual(before, ['L000001', 'L000002', 'L000003', 'L000004', 'L000005']);
    await rig.close();

    // What a lost log tail leaves: the lease back at its first number, the last taken number gone.
    const store = await openStore(path.join(tmp.dir, 'data'));
    const state = (await store.sub(Sublevels.serialBlocks).get(KEY)) as BlockState;
    await store.sub(Sublevels.serialBlocks).put(KEY, { ...state, next: state.blocks[0].first });
    await store.sub(Sublevels.counters).del(KEY);
    for (const s of before) await store.sub(Sublevels.serials).del(s);
    await store.close();

    ({ rig, station } = await line(url));
    assert.equal(rig.store.mark.integrity.state, 'damaged');
    const after = (await station.start({ source: 'api' })).serial;
    await rig.close();
    assert.equal(after, 'L000006');
  });
});
