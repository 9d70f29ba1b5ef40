/**
 * What real PLCs declare, against the gateway (issue: real PLCs): nsu= node ids across a download
 * that renumbers namespaces, result nodes of other integer types, STRING[n] serial nodes, the
 * reason node, and a raised publishing interval. Every case runs a real node-opcua server.
 */
import assert from 'node:assert/strict';
import type { HandshakeNodes } from '../../../devices/opcua/handshake-nodes';
import type { SimDataType } from '../../../devices/opcua/simulator-space';
import { makeRig, nodesOf, type Rig } from './setup';
import { waitFor } from './helpers';

const NS = 'urn:example:s7-1500:DB_Station';
const nsuNodes = (id: string): HandshakeNodes => ({
  request: `nsu=${NS};s=${id}.Request`,
  ack: `nsu=${NS};s=${id}.Ack`,
  serial: `nsu=${NS};s=${id}.Serial`,
  result: `nsu=${NS};s=${id}.Result`,
});

describe('OPC UA against PLC declarations from the field', function () {
  this.timeout(40_000);
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.stopAll();
    rig = undefined;
  });

  /** Raises one request and waits for its handshake to complete. */
  async function oneCycle(r: Rig, station = 'ST10'): Promise<void> {
    const before = r.sim.handshakes.length;
    r.sim.raiseRequest(station);
    await waitFor(() => r.sim.handshakes.length > before, 'a handshake');
  }

  const mismatchLine = (r: Rig) =>
    r.lines.find((l) => l.code === 'OPCUA_NODE_MISMATCH' && /refuses the PLC handshake/.test(String(l.msg)));

  it('resolves nsu= node ids at each connect, across a restart that renumbers the namespaces', async () => {
    rig = await makeRig(['ST10'], {
      sim: { namespaceUri: NS, reorderNamespacesOnRestart: true },
      nodes: nsuNodes,
    });
    const r = rig;
    await r.startGateway();
    const first = r.sim.stationNamespaceIndex;
    await oneCycle(r);
    await r.sim.stop();
    await r.sim.start();
    assert.notEqual(r.sim.stationNamespaceIndex, first, 'the restart moved the namespace');
    await oneCycle(r);
    assert.deepEqual(
      r.sim.handshakes.map((h) => [h.serial, h.result]),
      r.stations.ST10.issued.slice(0, 2).map((s) => [s, 0]),
    );
    // the second cycle's writes reached the nodes at their new index (the simulator records only those)
    assert.ok(r.sim.writes.some((w) => w.node === 'Serial' && w.value === r.stations.ST10.issued[1]));
  });

  it('refuses an nsu= node id whose namespace the PLC does not have, naming it', async () => {
    rig = await makeRig(['ST10'], { nodes: nsuNodes });
    const r = rig;
    await r.startGateway();
    await waitFor(() => r.lines.some((l) => l.status === 'OPCUA_NAMESPACE_UNKNOWN'), 'the refusal');
    const line = r.lines.find((l) => l.status === 'OPCUA_NAMESPACE_UNKNOWN') ?? {};
    assert.match(String(line.msg), new RegExp(`no namespace "${NS}"`));
    assert.equal(r.connection.health().ok, false);
    assert.equal(r.stations.ST10.requests.length, 0);
  });

  for (const type of ['Int32', 'Byte', 'UInt16', 'SByte'] as const) {
    it(`writes the result as the ${type} the PLC declares`, async () => {
      rig = await makeRig(['ST10'], { sim: { resultDataType: type } });
      const r = rig;
      await r.startGateway();
      await oneCycle(r);
      r.stations.ST10.failWith = 2;
      await oneCycle(r);
      assert.deepEqual(
        r.sim.handshakes.map((h) => h.result),
        [0, 2],
      );
    });
  }

  for (const type of ['Boolean', 'Double', 'String'] as SimDataType[]) {
    it(`refuses at connect a result node declared ${type}, saying what would fit`, async () => {
      rig = await makeRig(['ST10'], { sim: { resultDataType: type } });
      const r = rig;
      await r.startGateway();
      r.sim.raiseRequest('ST10');
      await waitFor(() => mismatchLine(r) !== undefined, 'the refusal');
      const msg = String(mismatchLine(r)?.msg);
      assert.match(msg, new RegExp(`result node ns=1;s=ST10.Result is ${type}`));
      assert.match(msg, /Int16, Int32, UInt16, Byte, SByte/);
      const health = r.triggers[0].health();
      assert.equal(health.ok, false);
      assert.match(health.state, /^refused: /);
      assert.equal(r.stations.ST10.requests.length, 0, 'no serial reserved');
      assert.equal(r.sim.values('ST10').ack, false, 'no ack');
    });
  }

  it('refuses a serial node too short for the scheme (its MaxStringLength)', async () => {
    rig = await makeRig(['ST10'], {
      sim: { serialMaxLength: 8 },
      serial: { length: 11, from: 'serial scheme "unit"' },
    });
    const r = rig;
    await r.startGateway();
    await waitFor(() => mismatchLine(r) !== undefined, 'the refusal');
    assert.match(
      String(mismatchLine(r)?.msg),
      /serial node ns=1;s=ST10.Serial is String\[8\], too short for the 11-character serials of serial scheme "unit": declare it String\[11\] or longer/,
    );
    assert.equal(r.stations.ST10.requests.length, 0);
  });

  it('serves a serial node long enough for the scheme', async () => {
    rig = await makeRig(['ST10'], { sim: { serialMaxLength: 11 }, serial: { length: 11 } });
    const r = rig;
    await r.startGateway();
    await oneCycle(r);
    assert.equal(r.sim.handshakes[0].serial, r.stations.ST10.issued[0]);
  });

  it('writes the reason on a non-zero result, cut to the node length, and clears it after', async () => {
    rig = await makeRig(['ST10'], {
      sim: { serialMaxLength: 5 },
      nodes: (id) => ({ ...nodesOf(id), reason: `ns=1;s=${id}.Reason` }),
    });
    const r = rig;
    await r.startGateway();
    r.stations.ST10.failWith = 2;
    r.stations.ST10.beforeAnswer = undefined;
    await oneCycle(r);
    const reasons = () => r.sim.writes.filter((w) => w.node === 'Reason').map((w) => w.value);
    assert.deepEqual(reasons(), ['injec']);
    const order = r.sim.writes.map((w) => w.node);
    assert.deepEqual(order.slice(0, 4), ['Serial', 'Reason', 'Result', 'Ack']);
    r.stations.ST10.failWith = undefined;
    await oneCycle(r);
    await oneCycle(r);
    assert.deepEqual(reasons(), ['injec', ''], 'cleared once, not written on every OK cycle');
  });

  it('logs and shows a publishing interval the PLC raised, and still serves', async () => {
    rig = await makeRig(['ST10'], { sim: { minPublishingIntervalMs: 1000, minSamplingIntervalMs: 100 } });
    const r = rig;
    await r.startGateway();
    await waitFor(() => r.connection.health().ok, 'connected');
    const timing = r.connection.health().detail?.timing as Record<string, unknown>;
    assert.equal(timing.requestedPublishingIntervalMs, 10);
    assert.equal(timing.publishingIntervalMs, 1000);
    // the dashboard's PLC row shows the health state
    assert.equal(r.connection.health().state, 'connected, publishing every 1000 ms (asked 10 ms)');
    assert.deepEqual(timing.samplingIntervalMs, { min: 100, max: 100 });
    assert.ok(
      r.lines.some((l) => /revised the publishing interval from 10 ms to 1000 ms/.test(String(l.msg))),
    );
    assert.ok(r.lines.some((l) => /revised the sampling interval from 0 ms to 100 ms/.test(String(l.msg))));
    await oneCycle(r);
  });
});
