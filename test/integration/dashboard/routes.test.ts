import assert from 'node:assert/strict';
import { startLine, type LineRig } from './rig';
import { readSnapshots } from './sse-client';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe('operations routes', function () {
  this.timeout(30_000);
  let rig: LineRig;

  before(async () => {
    rig = await startLine();
  });
  after(() => rig?.close());

  it('has no label preview before the first label', async () => {
    const res = await fetch(`${rig.gateway.url}/api/labels/last.png`);
    assert.equal(res.status, 404);
    assert.equal(((await res.json()) as { code: string }).code, 'NO_LABEL');
  });

  it('streams a snapshot on connect and another after a start, with the new serial', async () => {
    const reader = await readSnapshots(rig.gateway.url);
    try {
      const first = await reader.until(() => true);
      assert.equal(first.gatewayId, 'gw-test');
      assert.deepEqual(
        first.stations.map((s) => s.id),
        ['ST10', 'ST20'],
      );
      const { serial } = await rig.start();
      const after = await reader.until((s) => s.stations[0].lastSerial === serial);
      assert.equal(after.stations[0].lastResult, 0);
      assert.ok(after.events.some((e) => e.type === 'unit.started' && e.serial === serial));
      const labelled = await reader.until((s) => s.label?.serial === serial);
      assert.equal(labelled.label?.printer, 'zebra1');
    } finally {
      reader.close();
    }
  });

  it('answers the snapshot as JSON, with devices and the outbox', async () => {
    const snap = (await (await fetch(`${rig.gateway.url}/api/dashboard`)).json()) as {
      devices: Array<{ kind: string; name: string; printer?: { paperOut: boolean } }>;
      outbox?: { sinks: Array<{ name: string }> };
    };
    const printer = snap.devices.find((d) => d.kind === 'printer');
    assert.equal(printer?.name, 'zebra1');
    assert.equal(printer?.printer?.paperOut, false);
    assert.ok(snap.devices.some((d) => d.kind === 'scanner' && d.name === 'scan20'));
    assert.deepEqual(
      snap.outbox?.sinks.map((s) => s.name),
      ['mes'],
    );
  });

  it('renders the last label as a PNG, the same bytes until the next label', async () => {
    const a = await fetch(`${rig.gateway.url}/api/labels/last.png`);
    assert.equal(a.status, 200);
    assert.equal(a.headers.get('content-type'), 'image/png');
    const png = Buffer.from(await a.arrayBuffer());
    assert.deepEqual(png.subarray(0, 8), PNG_SIGNATURE);
    const b = Buffer.from(await (await fetch(`${rig.gateway.url}/api/labels/last.png`)).arrayBuffer());
    assert.ok(png.equals(b));
    assert.equal(a.headers.get('etag'), `"label-1"`);
  });

  it('stops promptly with a dashboard still connected, ending its stream', async () => {
    const other = await startLine();
    const reader = await readSnapshots(other.gateway.url);
    await reader.until(() => true);
    await other.close();
    await reader.ended;
  });
});
