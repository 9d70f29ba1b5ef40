import assert from 'node:assert/strict';
import { makeRig, type Rig } from './setup';
import { waitFor } from './helpers';

describe('OPC UA handshake against a real server', function () {
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.stopAll();
    rig = undefined;
  });

  it('serves auto-cycling requests with writes in the order serial, result, ack', async () => {
    rig = await makeRig(['ST10', 'ST20'], { sim: { autoCycleMs: 5 } });
    await rig.startGateway();
    const sim = rig.sim;
    await waitFor(
      () => sim.handshakes.filter((h) => h.station === 'ST10').length >= 5,
      '5 handshakes on ST10',
    );
    await waitFor(
      () => sim.handshakes.filter((h) => h.station === 'ST20').length >= 5,
      '5 handshakes on ST20',
    );
    for (const id of ['ST10', 'ST20']) {
      const done = sim.handshakes.filter((h) => h.station === id);
      assert.deepEqual(
        done.map((h) => h.serial),
        rig.stations[id].issued.slice(0, done.length),
      );
      assert.ok(done.every((h) => h.result === 0));
      const writes = sim.writes.filter((w) => w.station === id).map((w) => `${w.node}=${String(w.value)}`);
      // per cycle: Serial, Result, Ack=true, then Ack=false when the PLC dropped request
      for (let i = 0; i < done.length; i++) {
        assert.deepEqual(writes.slice(i * 4, i * 4 + 4), [
          `Serial=${done[i].serial}`,
          'Result=0',
          'Ack=true',
          'Ack=false',
        ]);
      }
      assert.deepEqual(
        rig.stations[id].acknowledged.slice(0, done.length),
        done.map((h) => h.serial),
      );
      assert.ok(
        rig.stations[id].requests.every((r) => r.source === 'opcua' && r.holdUntilAcknowledged === true),
      );
    }
    assert.equal(rig.connection.health().ok, true);
  });

  it('writes an empty serial and the result code on a failed cycle', async () => {
    rig = await makeRig(['ST10']);
    rig.stations.ST10.failWith = 2;
    await rig.startGateway();
    rig.sim.raiseRequest('ST10');
    await waitFor(() => rig!.sim.handshakes.length === 1, 'one handshake');
    assert.deepEqual(
      { serial: rig.sim.handshakes[0].serial, result: rig.sim.handshakes[0].result },
      { serial: '', result: 2 },
    );
    assert.deepEqual(rig.stations.ST10.acknowledged, []);
  });

  it('reads operation data when the PLC completes a cycle', async () => {
    rig = await makeRig(['ST10'], {
      sim: {
        operationData: {
          Torque: { dataType: 'Double', value: 0 },
          Pass: { dataType: 'Boolean', value: false },
        },
      },
      operationData: { torque: 'ns=1;s=ST10.Torque', pass: 'ns=1;s=ST10.Pass', missing: 'ns=1;s=ST10.Nope' },
    });
    const r = rig;
    await r.startGateway();
    r.sim.setOperationData('ST10', 'Torque', 12.5);
    r.sim.setOperationData('ST10', 'Pass', true);
    r.sim.raiseRequest('ST10');
    await waitFor(() => r.operationData.length === 1, 'operation data');
    assert.deepEqual(
      { ...r.operationData[0], time: 0 },
      { stationId: 'ST10', serial: r.stations.ST10.issued[0], values: { torque: 12.5, pass: true }, time: 0 },
    );
    assert.ok(r.lines.some((l) => l.msg === 'operation data not readable' && l.node === 'ns=1;s=ST10.Nope'));
  });

  it('increments the heartbeat node while connected', async () => {
    rig = await makeRig(['ST10'], {
      sim: { operationData: { Heartbeat: { dataType: 'Int16', value: 0 } } },
      heartbeat: { node: 'ns=1;s=ST10.Heartbeat', everyMs: 50 },
    });
    const r = rig;
    await r.startGateway();
    await waitFor(() => r.sim.writes.filter((w) => w.node === 'Heartbeat').length >= 3, 'three beats');
    assert.deepEqual(
      r.sim.writes
        .filter((w) => w.node === 'Heartbeat')
        .slice(0, 3)
        .map((w) => w.value),
      [1, 2, 3],
    );
  });
});
