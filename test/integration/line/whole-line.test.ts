/**
 * The whole line on simulators that speak the real protocols: a node-opcua PLC server, a virtual
 * Zebra on TCP, RFID readers and a barcode scanner on socat pseudo-terminals (each simulator in
 * its own process). A unit is started by the PLC handshake (label printed, carrier bound),
 * assembled (carrier read, two components scanned, one of them lot-tracked), tested (result and
 * parameters read from PLC nodes) and completed; then the traces and the passport must be exact.
 */
import assert from 'node:assert/strict';
import { WHOLE_LINE, lineRig, type LineRig } from '../../helpers/line-rig';
import { until } from '../../helpers/until';

const GS = '\x1d';
const CARRIER = 'E28011606000020812340001';

describe('whole line on simulators', function () {
  this.timeout(90000);
  let line: LineRig;

  before(async () => (line = await lineRig(WHOLE_LINE)));
  after(async () => line?.close());

  it('starts, assembles, tests and completes a unit, and traces it exactly', async () => {
    // Start: the carrier arrives at ST10, then the PLC asks for a serial.
    await line.tags('rfid10').sendTag(CARRIER, { rssi: -48, count: 3 });
    await new Promise((r) => setTimeout(r, 400));
    const start = await line.handshake('ST10');
    assert.equal(start.result, 0);
    const serial = start.serial;

    // Assembly: the carrier is read, a component serial and a lot are scanned.
    await line.tags('rfid20').sendTag(CARRIER, { count: 2 });
    await until('identification at ST20', () => line.station('ST20').unit === serial);
    await line.scanner('scan20').sendScan('PSU-000777');
    await line.scanner('scan20').sendScan(`]d20109506000134352${GS}10LOT-2026-11${GS}`);
    await until('two components consumed', () => line.station('ST20').stats.consumed === 2);

    // Test: the PLC reports pass and a torque through its nodes.
    await line.tags('rfid30').sendTag(CARRIER);
    await until('identification at ST30', () => line.station('ST30').unit === serial);
    line.plc.setOperationData('ST30', 'Passed', true);
    line.plc.setOperationData('ST30', 'Torque', 4.25);
    const test = await line.handshake('ST30');
    assert.equal(test.serial, serial, 'the PLC is told which unit it tested');
    await until(
      'operation recorded',
      async () =>
        ((await line.get(`/api/units/${serial}`)).status as string) === 'in-process' &&
        ((await line.get(`/api/units/${serial}`)).events as unknown[]).length >= 5,
    );

    // End: completed, carrier released.
    await line.tags('rfid40').sendTag(CARRIER);
    await until('completion', async () => (await line.get(`/api/units/${serial}`)).status === 'completed');

    const unit = await line.get(`/api/units/${serial}`);
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
    assert.deepEqual(await line.get('/api/where-used?lot=LOT-2026-11'), { units: [serial] });
    assert.deepEqual(await line.get('/api/where-used?serial=PSU-000777'), { units: [serial] });

    const passport = await line.get(`/api/units/${serial}/passport`);
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
