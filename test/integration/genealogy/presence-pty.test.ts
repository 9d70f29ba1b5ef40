/**
 * Presence on real pseudo-terminals: a gateway process's own drivers (uhf-bb7e readers, a line
 * scanner) on socat pty pairs written by one writer process with exact gaps between devices.
 * The report of issue 12: a component scanned 20 ms after its carrier's first read went into the
 * previous unit; a scan after an unbound tag went into the last unit identified, long gone.
 */
import assert from 'node:assert/strict';
import { tagNotice } from '../../../devices/rfid/protocols/uhf-bb7e';
import { allFamilies } from '../../../src/cli/compose';
import { Gateway } from '../../../src/gateway';
import type { TagRead, TagReader } from '../../../src/ports';
import { GS } from '../../../src/gs1';
import { TEST_TOKEN, gatewayConfig } from '../../helpers/gateway-config';
import { PtyWriter, type PlannedWrite } from '../../helpers/pty-writer';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';

const UNITS = 30;
const WINDOW = 300;
const carrier = (i: number) => `E2801160600002081234${String(i).padStart(4, '0')}`;
const UNBOUND = 'E280116060000208123FFFFF';
const until = async (what: string, cond: () => boolean | Promise<boolean>, ms = 20000) => {
  for (const end = Date.now() + ms; !(await cond());) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('presence on ptys: each scan goes to the carrier present when it was scanned', function () {
  this.timeout(90_000);
  let tmp: ReturnType<typeof tempDir>;
  let writer: PtyWriter;
  let gateway: Gateway;
  const units: string[] = [];
  const headers = { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' };
  const get = async (p: string) => (await fetch(gateway.url + p)).json() as Promise<Record<string, unknown>>;
  const st20 = () => gateway.stations!.lineStations.get('ST20')!;
  const tag = (at: number, port: number, epc: string): PlannedWrite => [
    at,
    port,
    tagNotice({ epc, rssi: -50 }),
  ];
  const scan = (at: number, text: string): PlannedWrite => [at, 2, Buffer.from(`${text}\r\n`, 'latin1')];

  before(async () => {
    tmp = tempDir();
    writer = new PtyWriter();
    await writer.start(3);
    const [p10, p20, s20] = writer.paths;
    const line = `    carrier: { reader: rfid10 }
  - id: ST20
    kind: assembly
    identify: { reader: rfid20 }
    consume: { scanner: scan20 }
readers:
  rfid10: { connection: { type: serial, path: ${p10}, baudRate: 115200 }, protocol: uhf-bb7e }
  rfid20: { connection: { type: serial, path: ${p20}, baudRate: 115200 }, protocol: uhf-bb7e, dedupWindowMs: ${WINDOW} }
scanners:
  scan20: { connection: { type: serial, path: ${s20}, baudRate: 9600 } }
`;
    gateway = new Gateway({ config: gatewayConfig(tmp.dir, line), log: silentLog, families: allFamilies() });
    await gateway.start();
    await until('the ports', () =>
      ['reader:rfid10', 'reader:rfid20', 'scanner:scan20'].every((p) => gateway.health().parts[p]?.ok),
    );
    for (let i = 0; i < UNITS; i++) {
      const r10 = gateway.device('reader', 'rfid10') as unknown as TagReader;
      const arrived = new Promise<void>((resolve) => {
        const seen = (read: TagRead) => read.epc === carrier(i) && (r10.off('arrive', seen), resolve());
        r10.on('arrive', seen);
      });
      await writer.play([tag(0, 0, carrier(i))], 5);
      await arrived;
      const res = await fetch(`${gateway.url}/api/stations/ST10/start`, {
        method: 'POST',
        headers,
        body: '{}',
      });
      const body = (await res.json()) as { serial: string };
      assert.equal(res.status, 200, `unit ${i}: ${JSON.stringify(body)}`);
      units.push(body.serial);
    }
  });
  after(async () => {
    await gateway?.stop();
    await writer?.stop();
    tmp.cleanup();
  });

  it(`${UNITS} units: a component scanned 20 ms after its carrier's first read goes into that carrier's unit`, async () => {
    const writes: PlannedWrite[] = [];
    for (let i = 0; i < UNITS; i++) {
      const t = i * 120; // the next carrier arrives while this one is still in the reader's window
      writes.push(tag(t, 1, carrier(i)), scan(t + 20, `CMP-${i}`), tag(t + 40, 1, carrier(i)));
      writes.push(
        scan(t + 60, `]d20109506000134352` + `10LOT-${i % 4}${GS}21SN-${i}`),
        tag(t + 80, 1, carrier(i)),
      );
    }
    await writer.play(writes);
    await until('every scan handled', () => st20().stats.consumed + st20().stats.refused >= UNITS * 2);
    assert.equal(st20().stats.refused, 0, st20().stats.lastRefusal);
    for (const [i, serial] of units.entries()) {
      const view = await get(`/api/units/${serial}`);
      const got = (view.components as Array<{ serial?: string; lot?: string }>).map((c) => [
        c.serial,
        c.lot ?? null,
      ]);
      assert.deepEqual(
        got,
        [
          [`CMP-${i}`, null],
          [`SN-${i}`, `LOT-${i % 4}`],
        ],
        `unit ${i}`,
      );
    }
    for (let lot = 0; lot < 4; lot++) {
      const expected = units.filter((_, i) => i % 4 === lot).sort();
      assert.deepEqual(await get(`/api/where-used?lot=LOT-${lot}`), { units: expected });
    }
  });

  it('refuses a scan after an unbound tag, and after the carrier left, with the reason on the card and in metrics', async () => {
    const before = { ...st20().stats, refusals: { ...st20().stats.refusals } };
    await writer.play([tag(0, 1, UNBOUND), scan(20, 'CMP-X1')]);
    await until('the first refusal', () => st20().stats.refused === before.refused + 1);
    assert.match(st20().stats.lastRefusal!, new RegExp(`carrier ${UNBOUND} is bound to no unit`));
    assert.equal(st20().unit, undefined);
    await writer.play([tag(0, 1, carrier(0)), scan(WINDOW + 100, 'CMP-X2')]);
    await until('the second refusal', () => st20().stats.refused === before.refused + 2);
    assert.match(
      st20().stats.lastRefusal!,
      new RegExp(`no carrier at the station \\(carrier ${carrier(0)} left at`),
    );
    assert.equal(st20().stats.consumed, before.consumed);
    const card = ((await get('/api/dashboard')).stations as Array<Record<string, unknown>>).find(
      (s) => s.id === 'ST20',
    )!;
    assert.match(String(card.lastRefusal), /CMP-X2" refused: no carrier at the station/);
    const metrics = await (await fetch(`${gateway.url}/metrics`, { headers })).text();
    const refusals = (before.refusals.NO_UNIT_IDENTIFIED ?? 0) + 2;
    assert.match(
      metrics,
      new RegExp(
        `linegate_station_refusals_total\\{station="ST20",code="NO_UNIT_IDENTIFIED"[^}]*\\} ${refusals}`,
      ),
    );
    for (const text of ['CMP-X1', 'CMP-X2'])
      assert.deepEqual(await get(`/api/where-used?serial=${text}`), { units: [] });
  });
});
