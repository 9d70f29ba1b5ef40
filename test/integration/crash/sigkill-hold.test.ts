/**
 * A hold is in force from the moment POST /api/holds answers: a real gateway process is SIGKILLed
 * the instant each answer arrives (holds placed and released in turn), and after every restart
 * the holds in force, and the release decisions they cause, are exactly those the answers promised.
 */
import assert from 'node:assert/strict';
import { tempDir } from '../../helpers/tmp';
import { startGateway, type GatewayProcess } from '../../helpers/gateway-process';
import { TEST_TOKEN, writeGatewayConfig } from '../../helpers/gateway-config';

const ROUNDS = 4;
const TEST_STATION = `  - id: ST20
    kind: test
    identify: { scanner: scan20 }
scanners:  # absent: the scanner retries in the background; decisions need no device
  scan20: { connection: { type: serial, path: /dev/linegate-test-absent, baudRate: 9600 } }
`;

describe('crash safety: SIGKILL right after a hold is placed or released', function () {
  this.timeout(ROUNDS * 15000 + 30000);
  let tmp: ReturnType<typeof tempDir>;
  before(() => (tmp = tempDir()));
  after(() => tmp.cleanup());

  const post = (gw: GatewayProcess, path: string, body: unknown) =>
    fetch(gw.url + path, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const get = async (gw: GatewayProcess, path: string) => (await fetch(gw.url + path)).json();
  const kill = async (gw: GatewayProcess) => {
    gw.child.kill('SIGKILL');
    await gw.exited;
  };

  it(`keeps every answered hold and release over ${ROUNDS * 2} kills`, async () => {
    const config = writeGatewayConfig(tmp.dir, TEST_STATION);
    const inForce = new Map<string, string>(); // hold id -> serial it holds
    let gw = await startGateway(config);
    for (let round = 0; round < ROUNDS; round++) {
      const started = await post(gw, '/api/stations/ST10/start', {});
      const serial = ((await started.json()) as { serial: string }).serial;
      const res = await post(gw, '/api/holds', { serial, reason: `round ${round}`, by: 'qa' });
      await kill(gw); // the answer has arrived: nothing after it may be needed
      assert.equal(res.status, 201);
      const { id, units } = (await res.json()) as { id: string; units: string[] };
      assert.deepEqual(units, [serial]);
      inForce.set(id, serial);

      gw = await startGateway(config);
      await checkHolds(gw, inForce);
      if (round % 2 === 1) {
        // Release the oldest hold, and kill as that answer arrives.
        const [oldest] = inForce.keys();
        const released = await post(gw, `/api/holds/${oldest}/release`, { reason: 'cleared', by: 'qa' });
        await kill(gw);
        assert.equal(released.status, 200);
        const freed = inForce.get(oldest)!;
        inForce.delete(oldest);
        gw = await startGateway(config);
        await checkHolds(gw, inForce);
        const decision = (await get(gw, `/api/units/${freed}/release?station=ST20`)) as { allowed: boolean };
        assert.equal(decision.allowed, true, 'a released hold stays released');
      }
    }
    gw.child.kill('SIGTERM');
    assert.equal((await gw.exited).code, 0);
  });

  async function checkHolds(gw: GatewayProcess, inForce: Map<string, string>): Promise<void> {
    const { holds } = (await get(gw, '/api/holds')) as { holds: Array<{ id: string; units: string[] }> };
    assert.deepEqual(holds.map((h) => h.id).sort(), [...inForce.keys()].sort());
    for (const [id, serial] of inForce) {
      const decision = (await get(gw, `/api/units/${serial}/release?station=ST20`)) as {
        allowed: boolean;
        reasons: Array<{ hold?: string }>;
      };
      assert.equal(decision.allowed, false);
      assert.deepEqual(
        decision.reasons.map((r) => r.hold),
        [id],
      );
    }
  }
});
