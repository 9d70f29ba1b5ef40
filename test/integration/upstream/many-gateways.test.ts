/**
 * Many gateways, one broker: three real gateway processes publish to one mosquitto; two MES
 * consumers share one subscription ($share/mes/…, QoS 1, subscribed again on every connect). In the middle the broker is restarted and one gateway is SIGKILLed and started again.
 * After dedupe by event id, every event of every gateway has arrived, gap-free per gateway (seq
 * 1..last, one id per seq).
 *
 * mosquitto 2.0 does not keep shared subscriptions over a restart (plain persistent ones it
 * does): events published after it is back and before the consumers have subscribed again reach
 * no one. The MES closes such a gap the way docs/scale-out.md says: it sees the hole in that
 * gateway's seqs and reads the missing events back from the gateway (GET /api/outbox/events).
 * The test asserts that read-backs are needed only inside the restart window.
 */
import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';
import mqtt, { type MqttClient } from 'mqtt';
import type { GatewayEvent } from '../../../src/events/event';
import type { OutboxStatus } from '../../../src/upstream/admin';
import { gatewayYaml, TEST_TOKEN } from '../../helpers/gateway-config';
import { startGateway, type GatewayProcess } from '../../helpers/gateway-process';
import { tempDir } from '../../helpers/tmp';
import { waitFor } from '../../unit/upstream/rig';
import { freePort, mosquittoBinary, startMosquitto, type Mosquitto } from './helpers';

const IDS = ['gw-a', 'gw-b', 'gw-c'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('upstream MQTT: three gateways, one broker, shared subscription', function () {
  this.timeout(90_000);
  const binary = mosquittoBinary();
  let tmp: ReturnType<typeof tempDir>;
  let port = 0;
  let broker: Mosquitto | undefined;
  const gateways = new Map<string, GatewayProcess>();
  const consumers: MqttClient[] = [];
  /** by gateway: seq -> ids seen for it (a set: duplicates collapse, a second id is a defect). */
  const received = new Map<string, Map<number, Set<string>>>(IDS.map((id) => [id, new Map()]));
  let deliveries = 0;

  const brokerConf = (dir: string) => `user ${os.userInfo().username}
per_listener_settings false
listener ${port} 127.0.0.1
allow_anonymous true
persistence true
persistence_location ${dir}/
max_queued_messages 0
log_dest stderr
`;
  const startBroker = async () => {
    broker = await startMosquitto(binary!, tmp.dir, brokerConf(path.join(tmp.dir, 'broker')), port);
  };

  const configFile = (id: string) => {
    const dir = path.join(tmp.dir, id);
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'linegate.yaml');
    const yaml = gatewayYaml(
      dir,
      `upstream:
  - name: plant
    type: mqtt
    url: mqtt://127.0.0.1:${port}
    timeoutMs: 2000
    batch: { maxEvents: 50, lingerMs: 5 }
    retry: { initialMs: 20, maxMs: 300 }
`,
    ).replace('id: gw-test', `id: ${id}`);
    writeFileSync(file, yaml);
    return file;
  };

  before(async () => {
    assert.ok(binary, 'mosquitto is not installed: apt-get install -y mosquitto');
    tmp = tempDir('linegate-many-');
    mkdirSync(path.join(tmp.dir, 'broker'));
    port = await freePort();
    await startBroker();
  });
  after(async () => {
    for (const c of consumers) await c.endAsync(true).catch(() => undefined);
    for (const gw of gateways.values()) {
      gw.child.kill('SIGKILL');
      await gw.exited;
    }
    await broker?.stop();
    tmp?.cleanup();
  });

  /** by gateway: the seqs that came through MQTT (the rest were read back). */
  const viaMqtt = new Map<string, Set<number>>(IDS.map((id) => [id, new Set()]));
  const subscribed = new Set<string>();

  function record(e: GatewayEvent, source: 'mqtt' | 'api'): void {
    const bySeq = received.get(e.gatewayId)!;
    const ids = bySeq.get(e.seq) ?? new Set<string>();
    ids.add(e.id);
    bySeq.set(e.seq, ids);
    if (source === 'mqtt') {
      deliveries++;
      viaMqtt.get(e.gatewayId)!.add(e.seq);
    }
  }

  /** A consumer of the MES: QoS 1, one of the shared group, subscribing on every connect. */
  async function consumer(n: number): Promise<MqttClient> {
    const name = `mes-${n}`;
    const client = mqtt.connect(`mqtt://127.0.0.1:${port}`, {
      clientId: name,
      // mosquitto 2.0 restores a persistent session without its shared subscription, and then
      // ignores a new SUBSCRIBE to it: clean sessions that subscribe on every connect work.
      clean: true,
      reconnectPeriod: 100,
      connectTimeout: 2000,
    });
    client.on('error', () => undefined);
    client.on('close', () => subscribed.delete(name));
    client.on('connect', () => {
      client.subscribe('$share/mes/linegate/+/events', { qos: 1 }, (err) => {
        if (!err) subscribed.add(name);
      });
    });
    client.on('message', (_topic, payload) =>
      record(JSON.parse(payload.toString('utf8')) as GatewayEvent, 'mqtt'),
    );
    await waitFor(() => subscribed.has(name));
    return client;
  }

  /** The highest seq up to which every event of `id` arrived. */
  const contiguous = (id: string) => {
    let n = 0;
    while (received.get(id)!.has(n + 1)) n++;
    return n;
  };

  /** Reads the missing seqs of each gateway back from it; returns them by gateway. */
  async function backfill(last: Map<string, number>): Promise<Map<string, number[]>> {
    const filled = new Map<string, number[]>();
    for (const id of IDS) {
      const missing = Array.from({ length: last.get(id)! }, (_, i) => i + 1).filter(
        (s) => !received.get(id)!.has(s),
      );
      filled.set(id, missing);
      for (const seq of missing) {
        const res = await fetch(`${gateways.get(id)!.url}/api/outbox/events?from=${seq}&limit=1`);
        const { events } = (await res.json()) as { events: GatewayEvent[] };
        for (const e of events) record(e, 'api');
      }
    }
    return filled;
  }

  /** Starts units on a gateway about every 20 ms until `stop.done` (or the gateway dies). */
  function produce(id: string, stop: { done: boolean }): Promise<void> {
    return (async () => {
      while (!stop.done) {
        const gw = gateways.get(id);
        if (gw)
          await fetch(`${gw.url}/api/stations/ST10/start`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TEST_TOKEN}` },
          }).catch(() => undefined);
        await sleep(20);
      }
    })();
  }

  const status = async (id: string) =>
    (await (await fetch(`${gateways.get(id)!.url}/api/outbox`)).json()) as OutboxStatus;

  it('delivers every event of every gateway, gap-free per gateway, across a broker restart and a SIGKILL', async () => {
    consumers.push(await consumer(1), await consumer(2));
    const files = new Map(IDS.map((id) => [id, configFile(id)]));
    const started = await Promise.all(IDS.map((id) => startGateway(files.get(id)!, {}, 60_000)));
    IDS.forEach((id, i) => gateways.set(id, started[i]));
    const stop = { done: false };
    const producers = IDS.map((id) => produce(id, stop));

    await waitFor(() => deliveries > 30);
    // The broker goes away (state saved, as on a planned restart) and comes back on the same port.
    const before = new Map(IDS.map((id) => [id, contiguous(id)]));
    await broker!.stop();
    await sleep(500);
    await startBroker();
    await waitFor(() => subscribed.size === 2);
    const resubscribed = new Map<string, number>();
    for (const id of IDS) resubscribed.set(id, (await status(id)).lastSeq);
    const mark = deliveries;
    await waitFor(() => deliveries > mark + 60);

    // One gateway dies hard and is started again on the same data folder.
    const victim = gateways.get('gw-b')!;
    gateways.delete('gw-b');
    victim.child.kill('SIGKILL');
    await victim.exited;
    gateways.set('gw-b', await startGateway(files.get('gw-b')!, {}, 60_000));
    await sleep(1000);

    stop.done = true;
    await Promise.all(producers);
    const last = new Map<string, number>();
    for (const id of IDS) {
      await waitFor(async () => (await status(id)).sinks[0].depth === 0, 50);
      last.set(id, (await status(id)).lastSeq);
    }
    // What the broker acknowledged has reached the consumers once nothing more arrives for a while.
    let quiet = -1;
    while (quiet !== deliveries) {
      quiet = deliveries;
      await sleep(500);
    }
    const filled = await backfill(last);

    for (const id of IDS) {
      const bySeq = received.get(id)!;
      const n = last.get(id)!;
      assert.ok(n > 10, `${id} produced events (${n})`);
      const missing = Array.from({ length: n }, (_, i) => i + 1).filter((s) => !bySeq.has(s));
      assert.deepEqual(missing, [], `${id}: every seq 1..${n} arrived`);
      assert.equal(bySeq.size, n, `${id}: nothing beyond the last seq`);
      const twoIds = [...bySeq].filter(([, ids]) => ids.size !== 1).map(([s]) => s);
      assert.deepEqual(twoIds, [], `${id}: one id per seq`);
      // Read-backs only for events the broker took while the shared subscription was gone.
      const outside = filled.get(id)!.filter((s) => s <= before.get(id)! || s > resubscribed.get(id)!);
      assert.deepEqual(outside, [], `${id}: read back only inside the restart window`);
      assert.ok(viaMqtt.get(id)!.size > n / 2, `${id}: most events came through MQTT`);
      process.stderr.write(
        `      ${id}: ${n} events, ${viaMqtt.get(id)!.size} via MQTT, ${filled.get(id)!.length} read back\n`,
      );
    }
  });
});
