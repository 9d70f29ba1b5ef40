/**
 * The whole line on simulators that speak the real protocols: a node-opcua PLC server, a virtual
 * Zebra on TCP, RFID readers and a barcode scanner on socat pseudo-terminals (each simulator in
 * its own process). A unit is started by the PLC handshake (label printed, carrier bound),
 * assembled (carrier read, two components scanned, one of them lot-tracked), tested (result and
 * parameters read from PLC nodes) and completed; then the traces and the passport must be exact.
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
import { gatewayConfig } from '../../helpers/gateway-config';

const GS = '\x1d';
const CARRIER = 'E28011606000020812340001';
const TEMPLATE = path.resolve(__dirname, '../../../config/labels/unit.zpl');
const nodes = (id: string) =>
  `{ request: "ns=1;s=${id}.Request", ack: "ns=1;s=${id}.Ack", serial: "ns=1;s=${id}.Serial", result: "ns=1;s=${id}.Result" }`;
const until = async (what: string, cond: () => boolean | Promise<boolean>, ms = 20000) => {
  for (const end = Date.now() + ms; !(await cond());) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('whole line on simulators', function () {
  this.timeout(90000);
  let tmp: ReturnType<typeof tempDir>;
  let plc: PlcSimulator;
  let gateway: Gateway;
  const get = async (p: string) => (await fetch(gateway.url + p)).json() as Promise<Record<string, unknown>>;
  const reader = (name: string) => (gateway.device('reader', name) as SimulatedTagReader).simulator;
  const scanner = (name: string) => (gateway.device('scanner', name) as SimulatedScanner).simulator;

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
  rfid10: { connection: { type: simulator }, protocol: uhf-bb7e }
  rfid20: { connection: { type: simulator }, protocol: uhf-bb7e }
  rfid30: { connection: { type: simulator }, protocol: uhf-bb7e }
  rfid40: { connection: { type: simulator }, protocol: uhf-bb7e }
scanners:
  scan20: { connection: { type: simulator } }
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

  it('starts, assembles, tests and completes a unit, and traces it exactly', async () => {
    // Start: the carrier arrives at ST10, then the PLC asks for a serial.
    await reader('rfid10').sendTag(CARRIER, { rssi: -48, count: 3 });
    await new Promise((r) => setTimeout(r, 400));
    plc.raiseRequest('ST10');
    await until('the start handshake', () => plc.handshakes.length === 1);
    const start = plc.handshakes[0];
    assert.equal(start.result, 0);
    const serial = start.serial;

    // Assembly: the carrier is read, a component serial and a lot are scanned.
    await reader('rfid20').sendTag(CARRIER, { count: 2 });
    await until('identification at ST20', () => gateway.stations!.lineStations.get('ST20')!.unit === serial);
    await scanner('scan20').sendScan('PSU-000777');
    await scanner('scan20').sendScan(`]d20109506000134352${GS}10LOT-2026-11${GS}`);
    await until(
      'two components consumed',
      () => gateway.stations!.lineStations.get('ST20')!.stats.consumed === 2,
    );

    // Test: the PLC reports pass and a torque through its nodes.
    await reader('rfid30').sendTag(CARRIER);
    await until('identification at ST30', () => gateway.stations!.lineStations.get('ST30')!.unit === serial);
    plc.setOperationData('ST30', 'Passed', true);
    plc.setOperationData('ST30', 'Torque', 4.25);
    plc.raiseRequest('ST30');
    await until('the test handshake', () => plc.handshakes.length === 2);
    assert.equal(plc.handshakes[1].serial, serial, 'the PLC is told which unit it tested');
    await until(
      'operation recorded',
      async () =>
        ((await get(`/api/units/${serial}`)).status as string) === 'in-process' &&
        ((await get(`/api/units/${serial}`)).events as unknown[]).length >= 5,
    );

    // End: completed, carrier released.
    await reader('rfid40').sendTag(CARRIER);
    await until('completion', async () => (await get(`/api/units/${serial}`)).status === 'completed');

    const unit = await get(`/api/units/${serial}`);
    assert.equal(unit.carrier, null);
    const types = (unit.events as Array<{ type: string }>).map((e) => e.type);
    assert.deepEqual(types, [
      'unit.started',
      'carrier.bound',
      'label.printed',
      // Neither component was received into inventory first: accepted with a warning each.
      'component.unknown',
      'component.consumed',
      'component.unknown',
      'component.consumed',
      'operation.completed',
      'unit.completed',
      'carrier.released',
    ]);
    const components = unit.components as Array<Record<string, unknown>>;
    assert.deepEqual(
      components.map((c) => [c.serial ?? null, c.lot ?? null, c.gtin ?? null, c.quantity, c.station]),
      [
        ['PSU-000777', null, null, 1, 'ST20'],
        [null, 'LOT-2026-11', '09506000134352', 1, 'ST20'],
      ],
    );
    assert.deepEqual(await get('/api/where-used?lot=LOT-2026-11'), { units: [serial] });
    assert.deepEqual(await get('/api/where-used?serial=PSU-000777'), { units: [serial] });

    const passport = await get(`/api/units/${serial}/passport`);
    assert.equal(passport.partNumber, 'PN-100');
    assert.equal(passport.status, 'completed');
    assert.deepEqual(passport.operations, [
      {
        station: 'ST30',
        time: (passport.operations as Array<{ time: string }>)[0].time,
        result: 'pass',
        parameters: { torque: 4.25 },
      },
    ]);
    assert.deepEqual(
      (passport.labels as Array<{ reprint: boolean; station: string }>).map((l) => [l.station, l.reprint]),
      [['ST10', false]],
    );
    assert.equal((passport.components as unknown[]).length, 2);
  });
});
