/**
 * The serial lifecycle through the local API of a gateway: reservation with batch label printing
 * (virtual Zebra over TCP), a start that takes a pre-printed serial without a second label, CSV
 * import, received components known or unknown at assembly stations that accept or refuse them,
 * re-serialization resolving under both serials, void of the rest, and listings.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { Gateway } from '../../../src/gateway';
import { loadConfigFile } from '../../../src/config/load';
import { VirtualZebra } from '../../../devices/zebra/simulator';
import { zebraFamily } from '../../../devices/zebra/family';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';
import { fakeFamily } from '../../helpers/fake-devices';
import { TEST_TOKEN } from '../../helpers/gateway-config';
import { csvLines, serialsYaml } from './helpers';
import { deviceFamilies } from '../../../devices';

const TEMPLATE = path.resolve(__dirname, '../../../config/labels/unit.zpl');

describe('serial lifecycle (local API)', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  let gateway: Gateway;
  let printer: VirtualZebra;
  let fakes: ReturnType<typeof fakeFamily>;
  const labels: string[] = [];
  const auth = { authorization: `Bearer ${TEST_TOKEN}` };
  const post = async (p: string, body: unknown, type = 'application/json') => {
    const res = await fetch(gateway.url + p, {
      method: 'POST',
      headers: { ...auth, 'content-type': type },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const get = async (p: string) => (await fetch(gateway.url + p)).json() as Promise<Record<string, unknown>>;
  const settle = () => new Promise((r) => setTimeout(r, 50));
  const scan = (scanner: string, text: string) => fakes.scanners_.get(scanner)!.scan(text);

  before(async () => {
    tmp = tempDir();
    printer = new VirtualZebra({ printMs: 5 });
    printer.on('received', (f) => labels.push(f.toString('latin1')));
    const port = await printer.start();
    const file = path.join(tmp.dir, 'linegate.yaml');
    const stations = `    label: unit
    printer: zebra1
  - id: ST20
    kind: assembly
    identify: { scanner: id20 }
    consume: { scanner: scan20 }
  - id: ST30
    kind: assembly
    identify: { scanner: id30 }
    consume: { scanner: scan30, unknownComponents: refuse }
printers:
  zebra1: { connection: { type: tcp, host: 127.0.0.1, port: ${port} }, statusTimeoutMs: 500, confirmTimeoutMs: 3000 }
labels:
  unit: { template: ${TEMPLATE} }
scanners:
  id20: { connection: { type: simulator } }
  scan20: { connection: { type: simulator } }
  id30: { connection: { type: simulator } }
  scan30: { connection: { type: simulator } }
`;
    writeFileSync(file, serialsYaml(tmp.dir, 0, stations));
    const { config, problems } = loadConfigFile(file, deviceFamilies);
    assert.ok(config, JSON.stringify(problems));
    fakes = fakeFamily();
    gateway = new Gateway({ config, log: silentLog, families: [zebraFamily, fakes] });
    await gateway.start();
  });
  after(async () => {
    await gateway.stop();
    await printer.stop();
    tmp.cleanup();
  });

  let reserved: string[];
  let unit: string;

  it('reserves serials for a work order and prints their labels as a batch', async () => {
    const r = await post('/api/serials/reserve', {
      scheme: 'unit',
      count: 5,
      workOrder: 'WO-55',
      print: true,
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    reserved = r.body.serials as string[];
    assert.equal(reserved.length, 5);
    assert.deepEqual((r.body.print as { printed: string[] }).printed, reserved);
    assert.equal(labels.length, 5);
    reserved.forEach((s, i) => assert.ok(labels[i].includes(s), `label ${i} carries ${s}`));
    const page = (await get('/api/serials?workOrder=WO-55&status=printed')) as {
      serials: Array<{ serial: string }>;
    };
    assert.deepEqual(
      page.serials.map((s) => s.serial),
      [...reserved].sort(),
    );
  });

  it('starts with the first pre-printed serial and prints no second label', async () => {
    const r = await post('/api/stations/ST10/start', {});
    assert.equal(r.status, 200);
    unit = r.body.serial as string;
    assert.equal(unit, reserved[0]);
    assert.equal(labels.length, 5, 'no label printed at the start');
    const view = await get(`/api/units/${unit}`);
    assert.equal(view.status, 'started');
    const events = view.events as Array<{ type: string; data: Record<string, unknown> }>;
    assert.deepEqual(
      events.map((e) => e.type),
      ['serial.reserved', 'label.printed', 'unit.started'],
    );
    assert.deepEqual(events[2].data.preassigned, 'reserved');
    assert.equal(events[2].data.preprinted, true);
  });

  it('imports CSV all or nothing, answering 422 with every bad row', async () => {
    const lines = csvLines(20, 500_001, 'WO-77');
    lines[3] = 'not a serial,PN-100,WO-77';
    const bad = await post('/api/serials/import?file=wo77.csv&scheme=unit', lines.join('\n'), 'text/csv');
    assert.equal(bad.status, 422);
    const report = bad.body.report as { problems: Array<{ line: number; message: string }> };
    assert.deepEqual(
      report.problems.map((p) => p.line),
      [4],
    );
    assert.match(report.problems[0].message, /does not match the format/);
    const good = await post(
      '/api/serials/import?file=wo77.csv&scheme=unit',
      csvLines(20, 500_001, 'WO-77').join('\n'),
      'text/csv',
    );
    assert.equal(good.status, 200, JSON.stringify(good.body));
    assert.equal(good.body.units, 20);
  });

  it('tells known components from unknown ones; a refusing station refuses the unknown', async () => {
    const r = await post('/api/components/receive', {
      components: [
        { serial: 'SUP-1', partNumber: 'CMP-9', lot: 'L-7', expiry: '2027-12-31' },
        { lot: 'L-8', partNumber: 'PASTE' },
      ],
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.components, 1);
    scan('id30', unit);
    await settle();
    scan('scan30', 'SUP-1');
    scan('scan30', 'NOBODY-KNOWS-ME');
    scan('scan30', ']C110L-8');
    await settle();
    const st30 = gateway.stations!.lineStations.get('ST30')!;
    assert.equal(st30.stats.consumed, 2);
    assert.equal(st30.stats.refused, 1);
    assert.match(st30.stats.lastRefusal!, /NOBODY-KNOWS-ME is not known here/);
    scan('id20', unit);
    await settle();
    scan('scan20', 'STRANGER-2');
    await settle();
    const view = await get(`/api/units/${unit}`);
    const components = view.components as Array<{ serial?: string; lot?: string; known: boolean }>;
    assert.deepEqual(
      components.map((c) => [c.serial ?? c.lot, c.known]),
      [
        ['SUP-1', true],
        ['L-8', true],
        ['STRANGER-2', false],
      ],
    );
    const types = (view.events as Array<{ type: string }>).map((e) => e.type);
    assert.deepEqual(types.slice(-2), ['component.unknown', 'component.consumed']);
    const supplied = await get('/api/units/SUP-1');
    assert.equal(supplied.status, 'consumed');
  });

  it('re-serializes a received part; both serials resolve in trace queries', async () => {
    await post('/api/components/receive', { components: [{ serial: 'SUP-2', partNumber: 'CMP-9' }] });
    const r = await post('/api/serials/reserialize', { original: 'SUP-2', scheme: 'unit' });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const plant = r.body.serial as string;
    scan('id20', unit);
    await settle();
    scan('scan20', plant);
    await settle();
    assert.deepEqual(await get(`/api/where-used?serial=${plant}`), { units: [unit] });
    assert.deepEqual(await get('/api/where-used?serial=SUP-2'), { units: [unit] });
    assert.equal((await get('/api/units/SUP-2')).status, 'consumed');
    const again = await post('/api/serials/reserialize', { original: 'SUP-2', scheme: 'unit' });
    assert.equal(again.status, 409);
    scan('scan20', 'SUP-2'); // the same part under its other serial: already installed
    await settle();
    assert.match(gateway.stations!.lineStations.get('ST20')!.stats.lastRefusal!, /already installed/);
  });

  it('voids the unused rest with the reason, and lists by status (paged and NDJSON)', async () => {
    const v = await post('/api/serials/void', { workOrder: 'WO-55', reason: 'work order closed' });
    assert.equal(v.status, 200);
    assert.equal(v.body.voided, 4);
    const first = (await get('/api/serials?status=voided&limit=3')) as { serials: unknown[]; next?: string };
    assert.equal(first.serials.length, 3);
    const rest = (await get(`/api/serials?status=voided&limit=3&after=${first.next}`)) as {
      serials: unknown[];
      next?: string;
    };
    assert.equal(rest.serials.length, 1);
    assert.equal(rest.next, undefined);
    const ndjson = await (await fetch(`${gateway.url}/api/serials?status=voided&format=ndjson`)).text();
    assert.deepEqual(
      ndjson
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { serial: string }).serial),
      reserved.slice(1).sort(),
    );
    const next = await post('/api/stations/ST10/start', {});
    assert.ok(!reserved.includes(next.body.serial as string), 'a new number after the void');
  });

  it('guards its endpoints: token, unknown scheme, bad filters', async () => {
    const res = await fetch(`${gateway.url}/api/serials/reserve`, { method: 'POST', body: '{}' });
    assert.equal(res.status, 401);
    const unknown = await post('/api/serials/reserve', { scheme: 'nope', count: 1, workOrder: 'W' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'SCHEME_UNKNOWN');
    const bad = await fetch(`${gateway.url}/api/serials?status=lost`);
    assert.equal(bad.status, 400);
  });
});
