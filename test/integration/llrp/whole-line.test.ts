/**
 * The whole line of test/integration/line with LLRP fixed readers at every station instead of
 * serial modules: each reader is the built-in simulated LLRP reader on a real TCP port, driven by
 * the LLRP driver, and the stations are unchanged. A unit is started (carrier bound), assembled,
 * tested and completed, and its trace must be exact; then a reader reboots mid-visit and no
 * identification is lost or doubled.
 */
import assert from 'node:assert/strict';
import type { SimulatedLlrpReader } from '../../../devices/llrp/simulated-reader';
import { WHOLE_LINE, lineRig, type LineRig } from '../../helpers/line-rig';
import { until } from '../../helpers/until';

const GS = '\x1d';
const CARRIER = 'E28011606000020812340001';
const CARRIER2 = 'E28011606000020812340002';
const ANTENNAS: Record<string, string> = { rfid10: '[1]', rfid20: '[1, 2]', rfid30: '[]', rfid40: '[1]' };
const llrp = (name: string) =>
  `{ dedupWindowMs: 5000, connection: { type: llrp, host: 127.0.0.1, port: 0, antennas: ${ANTENNAS[name]}, keepaliveMs: 500, simulate: {} } }`;

describe('whole line with LLRP readers on simulated LLRP readers', function () {
  this.timeout(90000);
  let line: LineRig;
  const device = (name: string) => line.reader<SimulatedLlrpReader>(name);
  const reader = (name: string) => line.llrp(name);
  const station = (id: string) => line.station(id);

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
    const start = await line.handshake('ST10');
    assert.equal(line.plc.handshakes.length, handshakes);
    reader('rfid10').tagLeaves(epc);
    assert.equal(start.result, 0);
    return start.serial;
  };

  // The rig waits until every reader reads.
  before(async () => (line = await lineRig({ ...WHOLE_LINE, reader: llrp })));
  after(async () => line?.close());

  it('starts, assembles, tests and completes a unit, and traces it exactly', async () => {
    const serial = await startUnit(CARRIER, 1);

    await visit('rfid20', 'ST20', serial);
    await line.scanner('scan20').sendScan('PSU-000777');
    await line.scanner('scan20').sendScan(`]d20109506000134352${GS}10LOT-2026-11${GS}`);
    await until('two components consumed', () => station('ST20').stats.consumed === 2);

    await visit('rfid30', 'ST30', serial);
    line.plc.setOperationData('ST30', 'Passed', true);
    line.plc.setOperationData('ST30', 'Torque', 4.25);
    const test = await line.handshake('ST30');
    assert.equal(test.serial, serial, 'the PLC is told which unit it tested');

    reader('rfid40').tagEnters(CARRIER);
    await until('completion', async () => (await line.get(`/api/units/${serial}`)).status === 'completed');
    reader('rfid40').tagLeaves(CARRIER);

    const unit = await line.get(`/api/units/${serial}`);
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
    assert.deepEqual(await line.get('/api/where-used?lot=LOT-2026-11'), { units: [serial] });
    assert.deepEqual(await line.get('/api/where-used?serial=PSU-000777'), { units: [serial] });
    const passport = await line.get(`/api/units/${serial}/passport`);
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
