/**
 * A held lot stops the line at the next station, with the MES down: a node-opcua PLC simulator,
 * RFID readers and a scanner on socat pseudo-terminals (simulators in their own processes), and an
 * upstream MES that refuses connections. Two units take lot LOT-X, a third takes LOT-Y; quality
 * holds LOT-X; at the next station the PLC is answered result 5 with each held unit's serial, the
 * end station completes none of them, and the unit with the other lot runs on.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { Gateway } from '../../../src/gateway';
import { allFamilies } from '../../../src/cli/compose';
import { PlcSimulator } from '../../../devices/opcua/simulator';
import type { SimulatedTagReader } from '../../../devices/rfid/simulated-reader';
import type { SimulatedScanner } from '../../../devices/scanner/simulated-scanner';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';
import { TEST_TOKEN, gatewayConfig } from '../../helpers/gateway-config';

const GS = '\x1d';
const nodes = (id: string) =>
  `{ request: "ns=1;s=${id}.Request", ack: "ns=1;s=${id}.Ack", serial: "ns=1;s=${id}.Serial", result: "ns=1;s=${id}.Result" }`;
const until = async (what: string, cond: () => boolean | Promise<boolean>, ms = 20000) => {
  for (const end = Date.now() + ms; !(await cond());) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};
const lotScan = (lot: string) => `]d20109506000134352${GS}10${lot}${GS}`;

describe('a held lot stops every unit containing it at the next station, MES down', function () {
  this.timeout(120000);
  let tmp: ReturnType<typeof tempDir>;
  let plc: PlcSimulator;
  let gateway: Gateway;
  const get = async (p: string) => (await fetch(gateway.url + p)).json() as Promise<Record<string, unknown>>;
  const reader = (name: string) => (gateway.device('reader', name) as SimulatedTagReader).simulator;
  const scanner = (name: string) => (gateway.device('scanner', name) as SimulatedScanner).simulator;
  const station = (id: string) => gateway.stations!.lineStations.get(id)!;
  const handshake = async (id: string) => {
    const before = plc.handshakes.length;
    plc.raiseRequest(id);
    await until(`the ${id} handshake`, () => plc.handshakes.length === before + 1);
    return plc.handshakes[before];
  };

  before(async () => {
    tmp = tempDir();
    plc = new PlcSimulator({ stations: ['ST10', 'ST30'], pkiDir: path.join(tmp.dir, 'plc-pki') });
    const endpoint = await plc.start();
    const line = `    carrier: { reader: rfid10 }
    trigger: { type: opcua-handshake, plc: plc1, nodes: ${nodes('ST10')} }
  - id: ST20
    kind: assembly
    identify: { reader: rfid20 }
    consume: { scanner: scan20 }
  - id: ST30
    kind: test
    identify: { reader: rfid30 }
    requires: [{ station: ST20 }]
    trigger: { type: opcua-handshake, plc: plc1, nodes: ${nodes('ST30')} }
  - id: ST40
    kind: end
    identify: { reader: rfid40 }
    requires: [{ station: ST30 }]
plcs:
  plc1: { endpoint: "${endpoint}", publishingIntervalMs: 10 }
readers:
  rfid10: { connection: { type: simulator }, protocol: uhf-bb7e }
  rfid20: { connection: { type: simulator }, protocol: uhf-bb7e }
  rfid30: { connection: { type: simulator }, protocol: uhf-bb7e }
  rfid40: { connection: { type: simulator }, protocol: uhf-bb7e }
scanners:
  scan20: { connection: { type: simulator } }
upstream:
  - name: mes
    type: http
    url: http://127.0.0.1:9/linegate
`;
    gateway = new Gateway({ config: gatewayConfig(tmp.dir, line), log: silentLog, families: allFamilies() });
    await gateway.start();
    await until('the PLC connection', () => gateway.health().parts['plc:plc1']?.ok === true);
  });
  after(async () => {
    await gateway?.stop();
    await plc.stop();
    tmp.cleanup();
  });

  it('refuses the held units at ST30 (result 5 with their serials) and at ST40, and runs the others', async () => {
    const carriers = ['E28011606000020812340011', 'E28011606000020812340012', 'E28011606000020812340013'];
    const serials: string[] = [];
    for (const [i, epc] of carriers.entries()) {
      await reader('rfid10').sendTag(epc, { count: 2 });
      const rfid10 = gateway.device('reader', 'rfid10') as SimulatedTagReader;
      await until('the carrier read at ST10', () => rfid10.present().some((t) => t.epc === epc));
      const h = await handshake('ST10');
      assert.equal(h.result, 0);
      serials.push(h.serial);
      await reader('rfid20').sendTag(epc);
      await until('identification at ST20', () => station('ST20').unit === h.serial);
      await scanner('scan20').sendScan(lotScan(i < 2 ? 'LOT-X' : 'LOT-Y'));
      await until('the lot consumed', () => station('ST20').stats.consumed === i + 1);
    }

    const res = await fetch(gateway.url + '/api/holds', {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ lot: 'LOT-X', reason: 'supplier recall', by: 'qa' }),
    });
    assert.equal(res.status, 201);
    assert.deepEqual(((await res.json()) as { units: string[] }).units, serials.slice(0, 2).sort());

    for (const [i, epc] of carriers.entries()) {
      const refusedBefore = station('ST30').stats.releaseRefused;
      const identified = station('ST30').stats.identified;
      await reader('rfid30').sendTag(epc);
      await until('identification at ST30', () => station('ST30').stats.identified === identified + 1);
      const h = await handshake('ST30');
      assert.equal(h.serial, serials[i], 'the PLC is told which unit');
      assert.equal(h.result, i < 2 ? 5 : 0, `unit ${i}`);
      if (i < 2) assert.ok(station('ST30').stats.releaseRefused >= refusedBefore + 1);
    }
    for (const epc of carriers) {
      const identified = station('ST40').stats.identified;
      await reader('rfid40').sendTag(epc);
      await until('identification at ST40', () => station('ST40').stats.identified === identified + 1);
      await station('ST40').idle();
    }
    const statuses = await Promise.all(serials.map(async (s) => (await get(`/api/units/${s}`)).status));
    assert.deepEqual(statuses, ['in-process', 'in-process', 'completed']);
    assert.equal(station('ST40').stats.completed, 1);
    const health = (await get('/healthz')) as { parts: Record<string, { ok: boolean }> };
    const mes = Object.entries(health.parts).find(([name]) => name.includes('mes'));
    assert.equal(mes?.[1].ok, false, 'the MES is down throughout');
  });
});
