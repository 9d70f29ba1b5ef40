/**
 * `linegate contain` as a real process against a running gateway's API: it places the lot hold and
 * prints every unit containing the lot with its status and last-seen station; the next station
 * then refuses them.
 */
import assert from 'node:assert/strict';
import { Gateway } from '../../../src/gateway';
import { fakeLine, type FakeLine } from '../../helpers/fake-line';
import { TEST_TOKEN } from '../../helpers/gateway-config';
import { fakeFamily } from '../../helpers/fake-devices';
import { runCli } from '../../helpers/gateway-process';

const GS = '\x1d';
const LINE = `  - id: ST20
    kind: assembly
    identify: { scanner: id20 }
    consume: { scanner: scan20 }
  - id: ST30
    kind: test
    identify: { scanner: id30 }
scanners:
  id20: { connection: { type: simulator } }
  scan20: { connection: { type: simulator } }
  id30: { connection: { type: simulator } }
`;

describe('linegate contain', function () {
  this.timeout(30000);
  let line: FakeLine;
  let gateway: Gateway;
  let fakes: ReturnType<typeof fakeFamily>;
  const scan = async (scanner: string, text: string) => {
    fakes.scanners_.get(scanner)!.scan(text);
    await Promise.all([...gateway.stations!.lineStations.values()].map((s) => s.idle()));
  };
  const start = async () => {
    const res = await fetch(`${gateway.url}/api/stations/ST10/start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKEN}` },
    });
    return ((await res.json()) as { serial: string }).serial;
  };

  before(async () => {
    line = await fakeLine(LINE);
    ({ gateway, fakes } = line);
  });
  after(async () => line?.close());

  it('holds the lot and prints every unit containing it with status and last-seen station', async () => {
    const [a, b, c] = [await start(), await start(), await start()];
    for (const unit of [a, b]) {
      await scan('id20', unit);
      await scan('scan20', `]d20109506000134352${GS}10LOT-Z${GS}`);
    }
    await scan('id20', c);
    const args = ['contain', '--lot', 'LOT-Z', '--reason', 'recall', '--by', 'qa', '--api', gateway.url];
    const denied = await runCli([...args, '--token', 'wrong-token-123']);
    assert.equal(denied.code, 1);
    assert.match(denied.stderr, /401/);
    const out = await runCli([...args, '--token', TEST_TOKEN]);
    assert.equal(out.code, 0, out.stderr);
    const lines = out.stdout.trim().split('\n');
    assert.match(lines[0], /^hold \S+ on lot LOT-Z: in force; 2 unit\(s\) held$/);
    const rows = lines.slice(2).map((l) => l.split(/\s+/).slice(0, 3));
    assert.deepEqual(
      rows,
      [a, b].sort().map((s) => [s, 'in-process', 'ST20']),
    );
    assert.ok(!out.stdout.includes(c), 'a unit without the lot is not held');
    await scan('id30', a);
    const decision = (await (await fetch(`${gateway.url}/api/units/${a}/release?station=ST30`)).json()) as {
      allowed: boolean;
    };
    assert.equal(decision.allowed, false);
    const both = await runCli(['contain', '--lot', 'L', '--serial', 'S', '--reason', 'r', '--by', 'b']);
    assert.equal(both.code, 64);
  });
});
