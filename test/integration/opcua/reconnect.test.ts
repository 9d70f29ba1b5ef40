import assert from 'node:assert/strict';
import { makeRig, nodesOf, type Rig } from './setup';
import { blackholeProxy, sleep, waitFor } from './helpers';

describe('OPC UA handshake across disconnects', function () {
  this.timeout(40_000);
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.stopAll();
    rig = undefined;
  });

  it('completes a cycle interrupted by a server restart with the same serial', async () => {
    rig = await makeRig(['ST10']);
    const r = rig;
    let restarted = false;
    r.stations.ST10.beforeAnswer = async () => {
      if (restarted) return;
      restarted = true;
      await r.sim.stop(); // the PLC's OPC UA server goes away between reservation and writes
    };
    await r.startGateway();
    await waitFor(() => r.connection.health().ok, 'first connection');
    r.sim.raiseRequest('ST10');
    await waitFor(() => restarted && !r.connection.health().ok, 'connection loss noticed');
    await r.sim.start();
    await waitFor(() => r.sim.handshakes.length === 1, 'the interrupted handshake to complete');
    const station = r.stations.ST10;
    assert.equal(station.issued.length, 1, 'no second serial issued');
    assert.equal(r.sim.handshakes[0].serial, station.issued[0]);
    assert.deepEqual(station.acknowledged, [station.issued[0]]);
    assert.ok(r.lines.some((l) => l.msg === 'PLC connection lost; re-creating session'));
    assert.ok(r.lines.filter((l) => l.msg === 'PLC connected').length >= 2);
  });

  it('serves a request raised while the server was unreachable for 10 s', async () => {
    rig = await makeRig(['ST10']);
    const r = rig;
    await r.startGateway();
    await waitFor(() => r.connection.health().ok, 'first connection');
    await r.sim.stop();
    r.sim.raiseRequest('ST10');
    await waitFor(() => /reconnecting/.test(r.connection.health().state), 'reconnecting state');
    await sleep(10_000);
    assert.equal(r.stations.ST10.requests.length, 0);
    await r.sim.start();
    await waitFor(() => r.sim.handshakes.length === 1, 'the request to be served');
    assert.equal(r.sim.handshakes[0].serial, r.stations.ST10.issued[0]);
    assert.equal(r.stations.ST10.issued.length, 1);
    assert.ok(r.connection.health().ok);
  });

  it('notices a subscription gone silent (cable pulled) and re-creates the session', async () => {
    let proxy: Awaited<ReturnType<typeof blackholeProxy>> | undefined;
    rig = await makeRig(['ST10'], {
      endpoint: async (url) => {
        proxy = await blackholeProxy(Number(new URL(url.replace('opc.tcp:', 'http:')).port));
        return `opc.tcp://127.0.0.1:${proxy.port}`;
      },
    });
    const r = rig;
    const p = proxy!;
    try {
      await r.startGateway();
      await waitFor(() => r.connection.health().ok, 'first connection');
      p.cut(); // no FIN, no RST: only the missing keep-alives tell
      r.sim.raiseRequest('ST10');
      await waitFor(() => !r.connection.health().ok, 'the silence to be noticed');
      const lost = r.lines.find((l) => l.msg === 'PLC connection lost; re-creating session');
      assert.match(String(lost?.reason), /no keep-alive/);
      p.restore();
      await waitFor(() => r.sim.handshakes.length === 1, 'the request to be served after reconnect');
      assert.equal(r.sim.handshakes[0].serial, r.stations.ST10.issued[0]);
    } finally {
      await p.close();
    }
  });

  it('clears an ack left set while request is false, acknowledging the serial it carries', async () => {
    rig = await makeRig(['ST10']);
    const r = rig;
    r.sim.setValues('ST10', { ack: true, serial: 'ST10-OLD', result: 0 });
    r.stations.ST10.pending = 'ST10-OLD';
    await r.startGateway();
    await waitFor(() => !r.sim.values('ST10').ack, 'stale ack cleared');
    await waitFor(() => r.stations.ST10.acknowledged.length === 1, 'acknowledge');
    assert.deepEqual(r.stations.ST10.acknowledged, ['ST10-OLD']);
    assert.deepEqual(
      r.sim.writes.map((w) => `${w.node}=${String(w.value)}`),
      ['Ack=false'],
    );
    assert.equal(r.stations.ST10.requests.length, 0);
  });

  it('serves a request seen again while its cycle is in flight only once', async () => {
    rig = await makeRig(['ST10']);
    const r = rig;
    let answer: (() => void) | undefined;
    r.stations.ST10.beforeAnswer = () => new Promise<void>((resolve) => (answer = resolve));
    await r.startGateway();
    r.sim.raiseRequest('ST10');
    await waitFor(() => answer !== undefined, 'the cycle to start');
    // the PLC toggles request, and a session re-creation re-reads it, while the station works
    r.sim.dropRequest('ST10');
    r.sim.raiseRequest('ST10');
    await r.sim.stop();
    await r.sim.start();
    await waitFor(() => r.lines.filter((l) => l.msg === 'PLC connected').length >= 2, 'reconnect');
    answer?.();
    await waitFor(() => r.sim.handshakes.length === 1, 'one handshake');
    assert.equal(r.stations.ST10.requests.length, 1, 'start called once');
    assert.equal(r.stations.ST10.issued.length, 1);
    assert.deepEqual(
      r.sim.writes.map((w) => `${w.node}=${String(w.value)}`),
      [`Serial=${r.stations.ST10.issued[0]}`, 'Result=0', 'Ack=true', 'Ack=false'],
    );
  });

  it('keeps the serial reserved when the PLC withdraws its request before the ack', async () => {
    rig = await makeRig(['ST10']);
    const r = rig;
    let answer: (() => void) | undefined;
    r.stations.ST10.beforeAnswer = () => new Promise<void>((resolve) => (answer = resolve));
    await r.startGateway();
    r.sim.raiseRequest('ST10');
    await waitFor(() => answer !== undefined, 'the cycle to start');
    // a second watcher of the same node is told after the trigger: when it sees the drop, so has the trigger
    const seen: unknown[] = [];
    const off = r.connection.watch(nodesOf('ST10').request, (v) => seen.push(v));
    r.sim.dropRequest('ST10');
    await waitFor(() => seen.includes(false), 'the drop notification');
    off();
    r.stations.ST10.beforeAnswer = undefined;
    answer?.();
    await waitFor(
      () => r.lines.some((l) => String(l.msg).startsWith('request withdrawn')),
      'withdrawal noticed',
    );
    assert.deepEqual(r.sim.writes, []);
    r.sim.raiseRequest('ST10');
    await waitFor(() => r.sim.handshakes.length === 1, 'the next request served');
    assert.equal(r.stations.ST10.issued.length, 1, 'the same serial');
    assert.equal(r.sim.handshakes[0].serial, r.stations.ST10.issued[0]);
  });
});
