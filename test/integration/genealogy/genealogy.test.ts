import assert from 'node:assert/strict';
import { Gateway } from '../../../src/gateway';
import { fakeLine, type FakeLine } from '../../helpers/fake-line';
import { apiClient } from '../../helpers/api-client';
import { fakeFamily } from '../../helpers/fake-devices';

const GS = '\x1d';

/** A one-piece-flow line: start with carrier binding, assembly, test, end; a sub-assembly line. */
const LINE = `  - id: ST25
    kind: assembly
    identify: { scanner: scan25id }
    consume: { scanner: scan25 }
  - id: ST30
    kind: assembly
    identify: { reader: rfid30 }
    consume: { scanner: scan30, lotQuantity: 2 }
  - id: ST35
    kind: test
    identify: { reader: rfid35 }
  - id: ST40
    kind: end
    identify: { reader: rfid40 }
  - id: SUB10
    kind: start
    partNumber: PCB-7
    serial: sub
  - id: ST05
    kind: start
    partNumber: PN-200
    serial: unit
    carrier: { reader: rfid05 }
readers:
  rfid05: { connection: { type: simulator } }
  rfid30: { connection: { type: simulator } }
  rfid35: { connection: { type: simulator } }
  rfid40: { connection: { type: simulator } }
scanners:
  scan25id: { connection: { type: simulator } }
  scan25: { connection: { type: simulator } }
  scan30: { connection: { type: simulator } }
`;

describe('genealogy: one-piece flow, as-built and where-used', () => {
  let line: FakeLine;
  let gateway: Gateway;
  let fakes: ReturnType<typeof fakeFamily>;
  const { post, get } = apiClient(() => gateway.url);
  // Fake devices emit synchronously: every station has the event queued; wait until all are handled.
  const settle = async () => {
    for (const s of gateway.stations!.lineStations.values()) await s.idle();
  };
  const reader = (name: string) => fakes.readers_.get(name)!;
  const scanner = (name: string) => fakes.scanners_.get(name)!;

  before(async () => {
    line = await fakeLine(LINE, { schemes: '  sub:\n    format: "S{seq:5}"\n' });
    ({ gateway, fakes } = line);
  });
  after(async () => line?.close());

  let unit: string;
  let pcb: string;

  it('refuses a start with a carrier when no tag was read (result 4)', async () => {
    const r = await post('/api/stations/ST05/start');
    assert.equal(r.status, 503);
    assert.equal(r.body.result, 4);
    assert.equal(r.body.code, 'CARRIER_NOT_READ');
  });

  it('binds the carrier read just before the start to the new unit', async () => {
    reader('rfid05').read('E2801160600002081234ABCD');
    const r = await post('/api/stations/ST05/start');
    assert.equal(r.status, 200);
    unit = r.body.serial as string;
    const view = await get(`/api/units/${unit}`);
    assert.equal(view.carrier, 'E2801160600002081234ABCD');
    const types = (view.events as Array<{ type: string }>).map((e) => e.type);
    assert.deepEqual(types, ['unit.started', 'carrier.bound']);
    const again = await post('/api/stations/ST05/start');
    assert.equal(again.body.code, 'CARRIER_NOT_READ', 'one read binds one unit');
  });

  it('consumes scans into the unit identified by its carrier', async () => {
    pcb = (await post('/api/stations/SUB10/start')).body.serial as string;
    scanner('scan25id').scan(pcb); // the sub-assembly, identified by its serial
    await settle();
    scanner('scan25').scan(']C110LOT-PCB'); // GS1-128: a lot of solder paste
    await settle();
    scanner('scan30').scan('CMP-0001'); // no unit identified yet: refused
    await settle();
    reader('rfid30').read('E2801160600002081234ABCD');
    await settle();
    scanner('scan30').scan(pcb); // a sub-assembly built here
    scanner('scan30').scan(`]d20109506000134352${GS}10LOT-42${GS}`); // a lot, no serial
    scanner('scan30').scan(`]d2010950600013435217271231${'21'}SN-77`); // GTIN + expiry + serial
    scanner('scan30').scan(pcb); // the same serial twice: refused
    await settle();
    const station = gateway.stations!.lineStations.get('ST30')!;
    assert.equal(station.stats.consumed, 3);
    assert.equal(station.stats.refused, 2);
    const view = await get(`/api/units/${unit}`);
    assert.equal(view.status, 'in-process');
    const components = view.components as Array<Record<string, unknown>>;
    assert.deepEqual(
      components.map((c) => [c.serial ?? null, c.lot ?? null, c.gtin ?? null, c.quantity]),
      [
        [pcb, null, null, 1],
        [null, 'LOT-42', '09506000134352', 2],
        ['SN-77', null, '09506000134352', 1],
      ],
    );
    assert.equal(components[2].expiry, '271231');
  });

  it('nests components of sub-assemblies built here', async () => {
    reader('rfid30').read('E2801160600002081234FFFF'); // a carrier bound to nothing
    await settle();
    assert.equal(
      gateway.stations!.lineStations.get('ST30')!.unit,
      undefined,
      'an unknown carrier identifies no unit',
    );
    const view = await get(`/api/units/${unit}`);
    const first = (view.components as Array<{ serial?: string; components: Array<{ lot?: string }> }>)[0];
    assert.equal(first.serial, pcb);
    assert.deepEqual(
      first.components.map((c) => c.lot),
      ['LOT-PCB'],
    );
  });

  it('records an operation result at a test station', async () => {
    reader('rfid35').read('E2801160600002081234ABCD');
    await settle();
    const r = await post('/api/stations/ST35/operations', { result: 'pass', parameters: { torque: 4.2 } });
    assert.deepEqual(r.body, { serial: unit, result: 'pass' });
  });

  it('answers where-used for a lot, a serial and a sub-assembly component', async () => {
    assert.deepEqual(await get('/api/where-used?lot=LOT-42'), { units: [unit] });
    assert.deepEqual(await get('/api/where-used?serial=SN-77'), { units: [unit] });
    assert.deepEqual(await get(`/api/where-used?serial=${pcb}`), { units: [unit] });
    assert.deepEqual(
      await get('/api/where-used?lot=LOT-PCB'),
      { units: [pcb, unit].sort() },
      'through the sub-assembly',
    );
    assert.deepEqual(await get('/api/where-used?lot=NOPE'), { units: [] });
  });

  it('completes the unit at the end station and releases its carrier', async () => {
    reader('rfid40').read('E2801160600002081234ABCD');
    await settle();
    const view = await get(`/api/units/${unit}`);
    assert.equal(view.status, 'completed');
    assert.equal(view.carrier, null);
    const types = (view.events as Array<{ type: string }>).map((e) => e.type);
    assert.deepEqual(types.slice(-2), ['unit.completed', 'carrier.released']);
  });

  it('refuses impossible moves, reworks and scraps', async () => {
    const rework = await post(`/api/units/${unit}/rework`, { reason: 'wrong PCB', remove: [pcb] });
    assert.deepEqual(rework.body, { serial: unit, status: 'in-process' });
    assert.deepEqual(await get(`/api/where-used?serial=${pcb}`), { units: [] }, 'the PCB is free again');
    const scrap = await post(`/api/units/${unit}/scrap`, { reason: 'dropped' });
    assert.deepEqual(scrap.body, { serial: unit, status: 'scrapped' });
    const twice = await post(`/api/units/${unit}/scrap`, { reason: 'again' });
    assert.equal(twice.status, 409);
    assert.equal(twice.body.code, 'UNIT_BAD_TRANSITION');
    assert.equal((await post('/api/units/NOPE/scrap', { reason: 'x' })).status, 404);
  });
});
