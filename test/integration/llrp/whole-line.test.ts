/**
 * The whole line of test/integration/line with LLRP fixed readers at every station instead of
 * serial modules: each reader is the built-in simulated LLRP reader on a real TCP port, driven by
 * the LLRP driver, and the stations are unchanged. A unit is started (carrier bound), assembled,
 * tested and completed, and its trace must be exact; then a reader reboots mid-visit and no
 * identification is lost or doubled.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { Gateway } from '../../../src/gateway';
import { allFamilies } from '../../../src/cli/compose';
import { PlcSimulator } from '../../../devices/opcua/simulator';
import type { SimulatedLlrpReader } from '../../../devices/llrp/simulated-reader';
import type { SimulatedScanner } from '../../../devices/scanner/simulated-scanner';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';
import { gatewayConfig } from '../../helpers/gateway-config';

const GS = '\x1d';
const CARRIER = 'E28011606000020812340001';
const CARRIER2 = 'E28011606000020812340002';
const TEMPLATE = path.resolve(__dirname, '../../../config/labels/unit.zpl');
const nodes = (id: string) =>
  `{ request: "ns=1;s=${id}.Request", ack: "ns=1;s=${id}.Ack", serial: "ns=1;s=${id}.Serial", result: "ns=1;s=${id}.Result" }`;
const llrp = (antennas: string) =>
  `{ dedupWindowMs: 5000, connection: { type: llrp, host: 127.0.0.1, port: 0, antennas: ${antennas}, keepaliveMs: 500, simulate: {} } }`;
const until = async (what: string, cond: () => boolean | Promise<boolean>, ms = 20000) => {
  for (const end = Date.now() + ms; !(await cond());) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('whole line with LLRP readers on simulated LLRP readers', function () {
  this.timeout(90000);
  let tmp: ReturnType<typeof tempDir>;
  let plc: PlcSimulator;
  let gateway: Gateway;
  const get = async (p: string) => (await fetch(gateway.url + p)).json() as Promise<Record<string, unknown>>;
  const device = (name: string) => gateway.device('reader', name) as SimulatedLlrpReader;
  const reader = (name: string) => device(name).simulator;
  const scanner = (name: string) => (gateway.device('scanner', name) as SimulatedScanner).simulator;
  const station = (id: string) => gateway.stations!.lineStations.get(id)!;

  /** The carrier stands at the reader's antenna until the station identifies `serial`, then leaves. */
  const visit = async (name: string, id: string, serial: string, epc = CARRIER) => {
    reader(name).tagEnters(epc, { antenna: 1 });
    await until(`identification at ${id}`, () => station(id).unit === serial);
    reader(name).tagLeaves(epc);
  };

  /** Starts a unit at ST10 with `epc` at the antenna; resolves with its serial. */
  const startUnit = async (epc: string, handshakes: number) => {
    reader('rfid10').tagEnters(epc, { antenna: 1, rssi: -48 });
    await until('the carrier read at ST10', () =>
      device('rfid10')
        .present()
        .some((t) => t.epc === epc),
    );
    plc.raiseRequest('ST10');
    await until('the start handshake', () => plc.handshakes.length === handshakes);
    reader('rfid10').tagLeaves(epc);
    const start = plc.handshakes[handshakes - 1];
    assert.equal(start.result, 0);
    return start.serial;
  };

  before(async () => {
    tmp = tempDir();
    plc = new PlcSimulator({
      stations: ['ST10', 'ST30'],
      pkiDir: path.join(tmp.dir, 'plc-pki'),
      operationData: {
        Passed: { dataType: 'Boolean', value: false },
        Torque: { dataType: 'Double', value: 0 },
      },
    });
    const endpoint = await plc.start();
    const line = `    label: unit
    printer: zebra1
    carrier: { reader: rfid10 }
    trigger: { type: opcua-handshake, plc: plc1, nodes: ${nodes('ST10')} }
  - id: ST20
    kind: assembly
    identify: { reader: rfid20 }
    consume: { scanner: scan20 }
  - id: ST30
    kind: test
    identify: { reader: rfid30 }
    trigger:
      type: opcua-handshake
      plc: plc1
      nodes: ${nodes('ST30')}
      operationData: { result: "ns=1;s=ST30.Passed", torque: "ns=1;s=ST30.Torque" }
  - id: ST40
    kind: end
    identify: { reader: rfid40 }
plcs:
  plc1: { endpoint: "${endpoint}", publishingIntervalMs: 10 }
printers:
  zebra1: { connection: { type: simulator } }
labels:
  unit: { template: ${TEMPLATE} }
readers:
  rfid10: ${llrp('[1]')}
  rfid20: ${llrp('[1, 2]')}
  rfid30: ${llrp('[]')}
  rfid40: ${llrp('[1]')}
scanners:
  scan20: { connection: { type: simulator } }
`;
    gateway = new Gateway({ config: gatewayConfig(tmp.dir, line), log: silentLog, families: allFamilies() });
    await gateway.start();
    await until('the PLC connection', () => gateway.health().parts['plc:plc1']?.ok === true);
    for (const name of ['rfid10', 'rfid20', 'rfid30', 'rfid40'])
      await until(`${name} reading`, () => device(name).health().ok);
  });
  after(async () => {
    await gateway?.stop();
    await plc?.stop();
    tmp?.cleanup();
  });

  it('starts, assembles, tests and completes a unit, and traces it exactly', async () => {
    const serial = await startUnit(CARRIER, 1);

    await visit('rfid20', 'ST20', serial);
    await scanner('scan20').sendScan('PSU-000777');
    await scanner('scan20').sendScan(`]d20109506000134352${GS}10LOT-2026-11${GS}`);
    await until('two components consumed', () => station('ST20').stats.consumed === 2);

    await visit('rfid30', 'ST30', serial);
    plc.setOperationData('ST30', 'Passed', true);
    plc.setOperationData('ST30', 'Torque', 4.25);
    plc.raiseRequest('ST30');
    await until('the test handshake', () => plc.handshakes.length === 2);
    assert.equal(plc.handshakes[1].serial, serial, 'the PLC is told which unit it tested');

    reader('rfid40').tagEnters(CARRIER);
    await until('completion', async () => (await get(`/api/units/${serial}`)).status === 'completed');
    reader('rfid40').tagLeaves(CARRIER);

    const unit = await get(`/api/units/${serial}`);
    assert.equal(unit.carrier, null);
    assert.deepEqual(
      (unit.events as Array<{ type: string }>).map((e) => e.type),
      [
        'unit.started',
        'carrier.bound',
        'label.printed',
        'component.unknown',
        'component.consumed',
        'component.unknown',
        'component.consumed',
        'operation.completed',
        'unit.completed',
        'carrier.released',
      ],
    );
    assert.deepEqual(await get('/api/where-used?lot=LOT-2026-11'), { units: [serial] });
    assert.deepEqual(await get('/api/where-used?serial=PSU-000777'), { units: [serial] });
    const passport = await get(`/api/units/${serial}/passport`);
    assert.equal(passport.status, 'completed');
    assert.equal((passport.components as unknown[]).length, 2);
    for (const id of ['ST20', 'ST30', 'ST40'])
      assert.equal(station(id).stats.identified, 1, `${id}: one identification`);
  });

  it('loses no identification when a reader reboots mid-visit, and doubles none', async () => {
    const serial = await startUnit(CARRIER2, 3);

    // ST20: identified, then the reader reboots while the carrier stands there.
    const before20 = station('ST20').stats.identified;
    reader('rfid20').tagEnters(CARRIER2, { antenna: 2 });
    await until('identification at ST20', () => station('ST20').unit === serial);
    const opens = Number(device('rfid20').health().detail?.opens);
    await reader('rfid20').reboot(300);
    await until(
      'rfid20 reading again',
      () => device('rfid20').health().ok && Number(device('rfid20').health().detail?.opens) > opens,
    );
    const reads = Number(device('rfid20').health().detail?.tagReads);
    await until(
      'reads after the reboot',
      () => Number(device('rfid20').health().detail?.tagReads) > reads + 3,
    );
    reader('rfid20').tagLeaves(CARRIER2);
    assert.equal(station('ST20').unit, serial);
    assert.equal(station('ST20').stats.identified, before20 + 1, 'one visit, one identification');

    // ST30: the carrier arrives while the reader is rebooting: identified once it is back.
    const rebooting = reader('rfid30').reboot(500);
    reader('rfid30').tagEnters(CARRIER2);
    await rebooting;
    await until('identification at ST30 after the reboot', () => station('ST30').unit === serial);
    reader('rfid30').tagLeaves(CARRIER2);
    assert.equal(device('rfid30').health().ok, true);
  });
});
