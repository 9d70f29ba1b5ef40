/**
 * The MQTT sink against an in-process aedes broker: QoS 1 in seq order on
 * {topicPrefix}/{gatewayId}/events, delivered only on PUBACK, a broker restart mid-stream
 * (at least once, no gap), and username/password with a refused login holding the sink.
 */
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { upstreamRig, waitFor, type UpstreamRig } from '../../unit/upstream/rig';
import { startAedes, type TestBroker } from './aedes';

const sinkYaml = (url: string, extra = '') => `upstream:
  - name: plant
    type: mqtt
    url: ${url}
    topicPrefix: plant1/linegate
    timeoutMs: 2000
    batch: { maxEvents: 50, lingerMs: 0 }
    retry: { initialMs: 20, maxMs: 200, authRetryMs: 100 }
${extra}`;

describe('upstream MQTT: aedes in-process', function () {
  this.timeout(30_000);
  let broker: TestBroker | undefined;
  let rig: UpstreamRig | undefined;
  afterEach(async () => {
    await rig?.dispose();
    await broker?.stop();
    rig = undefined;
    broker = undefined;
  });

  it('publishes each event as its JSON, QoS 1, in seq order, to {topicPrefix}/{gatewayId}/events', async () => {
    broker = await startAedes();
    const sub = await mqtt.connectAsync(broker.url, { clientId: 'mes-subscriber' });
    const got: Array<{ topic: string; seq: number; qos: number; payload: string }> = [];
    sub.on('message', (topic, payload, packet) =>
      got.push({
        topic,
        seq: (JSON.parse(payload.toString()) as { seq: number }).seq,
        qos: packet.qos,
        payload: payload.toString(),
      }),
    );
    await sub.subscribeAsync('plant1/linegate/+/events', { qos: 1 });
    rig = await upstreamRig({ yaml: sinkYaml(broker.url) });
    await rig.append(300, 37);
    await waitFor(() => got.length === 300);
    await sub.endAsync();
    assert.deepEqual(
      got.map((g) => g.seq),
      Array.from({ length: 300 }, (_, i) => i + 1),
    );
    assert.ok(got.every((g) => g.topic === 'plant1/linegate/gw-test/events' && g.qos === 1));
    const stored = await rig.events();
    assert.deepEqual(JSON.parse(got[0].payload), stored[0]);
  });

  it('counts an event delivered only when its PUBACK arrives', async () => {
    const held: Array<() => void> = [];
    let holding = true;
    broker = await startAedes({
      authorizePublish: (_client, _packet, callback) =>
        holding ? held.push(() => callback(null)) : callback(null),
    });
    rig = await upstreamRig({ yaml: sinkYaml(broker.url) });
    await rig.append(10, 10);
    await waitFor(() => held.length === 10);
    assert.equal(rig.upstream.stats().sinks.plant.cursor, 0, 'published but not acknowledged');
    holding = false;
    held.splice(0).forEach((release) => release());
    await waitFor(() => rig!.upstream.stats().sinks.plant.cursor === 10);
    assert.equal(rig.upstream.stats().sinks.plant.sent, 10);
  });

  it('survives a broker restart mid-stream: at least once, nothing missing, in order', async () => {
    broker = await startAedes();
    const port = broker.port;
    const seen: Array<{ id: string; seq: number }> = [];
    const collect = (b: TestBroker) =>
      b.broker.on('publish', (packet, client) => {
        if (client) seen.push(JSON.parse(packet.payload.toString()) as { id: string; seq: number });
      });
    collect(broker);
    rig = await upstreamRig({ yaml: sinkYaml(broker.url) });
    await rig.append(200, 20);
    await waitFor(() => seen.length >= 50);
    await broker.stop();
    await rig.append(200, 20);
    broker = await startAedes({}, port);
    collect(broker);
    await waitFor(() => rig!.upstream.stats().depth === 0);
    const firstSeen: number[] = [];
    const ids = new Set<string>();
    for (const e of seen) if (!ids.has(e.id) && ids.add(e.id)) firstSeen.push(e.seq);
    assert.deepEqual(
      firstSeen,
      Array.from({ length: 400 }, (_, i) => i + 1),
      'every event, in order',
    );
    process.stdout.write(`      ${seen.length - ids.size} duplicates across the restart\n`);
  });

  it('logs in with username and password; a refused login holds the sink with an alarm', async () => {
    let password = 'right';
    broker = await startAedes({
      authenticate: (_client, username, pw, done) => {
        const ok = username === 'gw-test' && pw?.toString() === password;
        done(ok ? null : Object.assign(new Error('bad login'), { returnCode: 4 }), ok);
      },
    });
    rig = await upstreamRig({ yaml: sinkYaml(broker.url, '    username: gw-test\n    password: wrong\n') });
    await rig.append(3);
    await waitFor(() => rig!.alarms.some((a) => a.code === 'SINK_HELD' && a.active));
    assert.equal(rig.upstream.health()['upstream:plant'].ok, false);
    assert.ok(!rig.lines.some((l) => l.includes('wrong')), 'the password is never logged');
    password = 'wrong';
    await waitFor(() => rig!.upstream.stats().depth === 0);
    assert.equal(rig.alarms.at(-1)?.active, false);
  });
});
