/**
 * Confirmed printing in the start cycle, against the virtual Zebra on a real TCP socket: a
 * printer fault answers result 2 and keeps the serial for the retry; reprints are audited.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { Gateway } from '../../../src/gateway';
import { VirtualZebra } from '../../../devices/zebra/simulator';
import { zebraFamily } from '../../../devices/zebra/family';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';
import { TEST_TOKEN, gatewayConfig } from '../../helpers/gateway-config';

const TEMPLATE = path.resolve(__dirname, '../../../config/labels/unit.zpl');

describe('printing in the start cycle (virtual Zebra over TCP)', function () {
  this.timeout(30000);
  let tmp: ReturnType<typeof tempDir>;
  let gateway: Gateway;
  let printer: VirtualZebra;
  const received: string[] = [];
  const headers = { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' };
  const post = async (p: string, body: unknown = {}) => {
    const res = await fetch(gateway.url + p, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const events = async (serial: string) =>
    (
      (await (await fetch(`${gateway.url}/api/units/${serial}`)).json()) as {
        events: Array<{ type: string; data: Record<string, unknown> }>;
      }
    ).events;

  before(async () => {
    tmp = tempDir();
    printer = new VirtualZebra({ printMs: 20 });
    printer.on('received', (f) => received.push(f.toString('latin1')));
    const port = await printer.start();
    const extra = `    label: unit
    printer: zebra1
printers:
  zebra1: { connection: { type: tcp, host: 127.0.0.1, port: ${port} }, statusTimeoutMs: 500, confirmTimeoutMs: 3000 }
labels:
  unit: { template: ${TEMPLATE} }
`;
    gateway = new Gateway({ config: gatewayConfig(tmp.dir, extra), log: silentLog, families: [zebraFamily] });
    await gateway.start();
  });
  after(async () => {
    await gateway.stop();
    await printer.stop();
    tmp.cleanup();
  });

  let serial: string;

  it('prints one confirmed label per cycle, after the serial is durable', async () => {
    const r = await post('/api/stations/ST10/start');
    assert.equal(r.status, 200);
    serial = r.body.serial as string;
    assert.equal(received.length, 1);
    assert.match(received[0], /^\^XA\^CI28/);
    assert.ok(received[0].endsWith('^XZ'));
    assert.ok(received[0].includes(`^FD${serial}^FS`), 'the serial as text');
    assert.equal((received[0].match(/\^XA/g) ?? []).length, 1, 'exactly one format');
    const types = (await events(serial)).map((e) => e.type);
    assert.deepEqual(types, ['unit.started', 'label.printed']);
  });

  it('answers result 2 on paper out, and the retry prints the same serial', async () => {
    printer.setFaults({ paperOut: true });
    const failed = await post('/api/stations/ST10/start');
    assert.equal(failed.status, 503);
    assert.equal(failed.body.result, 2);
    assert.match(String(failed.body.code), /^PRINTER_(SILENT|PAPER_OUT)$/);
    printer.setFaults({ paperOut: false });
    const retried = await post('/api/stations/ST10/start');
    assert.equal(retried.status, 200);
    const [, second] = await Promise.all([events(serial), events(retried.body.serial as string)]);
    assert.deepEqual(
      second.map((e) => e.type),
      ['unit.started', 'label.failed', 'label.printed'],
    );
    assert.equal(second[2].data.reprint, false, 'nothing had printed: not a reprint');
    assert.equal(received.filter((f) => f.includes(retried.body.serial as string)).length, 1);
    const next = await post('/api/stations/ST10/start');
    assert.notEqual(next.body.serial, retried.body.serial, 'a completed cycle releases the serial');
  });

  it('reprints the same serial with who and why recorded', async () => {
    const before = received.length;
    const r = await post(`/api/units/${serial}/reprint`, { reason: 'label damaged', operator: 'jdoe' });
    assert.deepEqual(r.body, { serial, result: 0 });
    assert.equal(received.length, before + 1);
    assert.ok(received[before].includes(`^FD${serial}^FS`));
    const last = (await events(serial)).at(-1)!;
    assert.equal(last.type, 'label.printed');
    assert.deepEqual(
      { reprint: last.data.reprint, reason: last.data.reason, operator: last.data.operator },
      { reprint: true, reason: 'label damaged', operator: 'jdoe' },
    );
    assert.equal(
      (await post(`/api/units/${serial}/reprint`, { reason: 'x' })).status,
      400,
      'operator is required',
    );
    assert.equal((await post('/api/units/NOPE/reprint', { reason: 'x', operator: 'y' })).status, 404);
  });

  it('answers result 2 when the printer is silent (no ~HS answer) and records label.failed', async () => {
    printer.setFaults({ silent: true });
    const r = await post('/api/stations/ST10/start');
    printer.setFaults({ silent: false });
    assert.equal(r.body.result, 2);
    assert.equal(r.body.code, 'PRINTER_SILENT');
  });
});
