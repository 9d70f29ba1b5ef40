/**
 * The upstream Sink contract (test/contract/sink.contract.ts) run against every sink type the
 * registry builds, each with a real receiver on loopback: http against the MES receiver
 * (devices/mes-receiver, bearer token), epcis against an EPCIS capture endpoint (token checked),
 * mqtt against aedes in-process and against mosquitto (password login). A receiver that is down
 * refuses connections on its address and comes back on the same one.
 */
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { MesReceiver } from '../../../devices/mes-receiver/receiver';
import type { Config, UpstreamConfig } from '../../../src/config/schema';
import type { GatewayEvent } from '../../../src/events/event';
import { Journal } from '../../../src/store/journal';
import { Sublevels } from '../../../src/store/layout';
import { openStore, type Store } from '../../../src/store/store';
import { createSink, type BuiltSink } from '../../../src/upstream/sinks';
import type { Batch, Sink } from '../../../src/upstream/types';
import { CaptureReceiver } from '../../helpers/epcis-capture';
import { gatewayConfig } from '../../helpers/gateway-config';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';
import { sinkContract, type SinkHarness } from '../../contract/sink.contract';
import { startAedes, type TestBroker } from '../upstream/aedes';
import { freePort, mosquittoBinary, passwordFile, startMosquitto, type Mosquitto } from '../upstream/helpers';

const SECRET = 'good-secret-0123456789';
const TOPIC = 'linegate/gw-test/events';

/** A gateway's config, store and journal with one sink entry: the batches a sink is handed. */
interface Bed {
  config: Config;
  store: Store;
  sink(entry?: Partial<UpstreamConfig>): Sink;
  batch(n: number): Promise<Batch>;
  close(): Promise<void>;
}

async function bed(sinkYaml: string): Promise<Bed> {
  const tmp = tempDir('linegate-sink-contract-');
  const config = gatewayConfig(tmp.dir, `upstream:\n${sinkYaml}`);
  const store = await openStore(config.gateway.dataDir);
  const journal = new Journal(store, { gatewayId: config.gateway.id, clock: { now: () => Date.now() } });
  const built: BuiltSink[] = [];
  let last = 0;
  let serial = 0;
  return {
    config,
    store,
    sink(entry = {}) {
      const ctx = { config, store, clock: { now: () => Date.now() }, log: silentLog };
      const one = createSink({ ...config.upstream[0], ...entry } as UpstreamConfig, ctx);
      built.push(one);
      return one.sink;
    },
    async batch(n) {
      await journal.run((tx) => {
        for (let i = 0; i < n; i++)
          tx.appendEvent({
            type: 'unit.started',
            station: 'ST10',
            serial: `U${++serial}`,
            partNumber: 'PN-100',
          });
      });
      const all = (await store.sub(Sublevels.events).values().all()) as GatewayEvent[];
      const events = all.filter((e) => e.seq > last).map((e) => JSON.stringify(e));
      const first = last + 1;
      last += n;
      return { first, last, events, bytes: events.reduce((s, e) => s + Buffer.byteLength(e), 0) };
    },
    async close() {
      for (const b of built) {
        await b.sink.stop();
        b.client?.close();
      }
      await journal.close();
      await store.close();
      tmp.cleanup();
    },
  };
}

/** A TCP forwarder on a fixed port to `target`: down() closes it (connections refused), up() listens again. */
async function gate(target: number): Promise<{ port: number; down(): Promise<void>; up(): Promise<void> }> {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | undefined;
  const up = async () => {
    const s = net.createServer((client) => {
      const upstream = net.connect(target, '127.0.0.1');
      for (const sock of [client, upstream]) {
        sockets.add(sock);
        sock.on('close', () => sockets.delete(sock));
        sock.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
    server = s;
  };
  const down = async () => {
    const s = server;
    server = undefined;
    for (const sock of sockets) sock.destroy();
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  };
  await up();
  return { port, down, up };
}

/** A subscriber that records the id of every event published on the gateway's topic. */
async function subscriber(url: string, arrivals: string[]): Promise<MqttClient> {
  const client = await mqtt.connectAsync(url, { username: 'gw', password: SECRET, reconnectPeriod: 0 });
  client.on('error', () => undefined);
  client.on('message', (_topic, payload) =>
    arrivals.push((JSON.parse(payload.toString()) as GatewayEvent).id),
  );
  await client.subscribeAsync(TOPIC, { qos: 1 });
  return client;
}

/** The harness of an MQTT sink on a broker that `start` (re)starts on `port` with user gw / SECRET. */
async function mqttHarness(
  port: number,
  start: () => Promise<{ stop(): Promise<void> }>,
): Promise<SinkHarness> {
  let broker: { stop(): Promise<void> } | undefined = await start();
  const url = `mqtt://127.0.0.1:${port}`;
  const b = await bed(
    `  - { name: plant, type: mqtt, url: "${url}", username: gw, password: ${SECRET}, timeoutMs: 3000 }\n`,
  );
  const arrivals: string[] = [];
  let sub: MqttClient | undefined = await subscriber(url, arrivals);
  const sink = b.sink();
  return {
    sink,
    batch: (n) => b.batch(n),
    arrivals: () => arrivals,
    down: async () => {
      await sub?.endAsync(true);
      sub = undefined;
      await broker?.stop();
      broker = undefined;
    },
    up: async () => {
      broker = await start();
      sub = await subscriber(url, arrivals);
    },
    wrongCredentials: async () => ({
      sink: b.sink({ password: 'wrong-password-9876' } as Partial<UpstreamConfig>),
      secret: 'wrong-password-9876',
    }),
    close: async () => {
      await sub?.endAsync(true);
      await b.close();
      await broker?.stop();
    },
  };
}

describe('upstream Sink contract', function () {
  this.timeout(30_000);

  describe('http sink, MES receiver (bearer token)', () =>
    sinkContract(async (): Promise<SinkHarness> => {
      const tmp = tempDir('linegate-mes-contract-');
      const arrivals: string[] = [];
      const receiver = new MesReceiver({
        file: path.join(tmp.dir, 'mes.jsonl'),
        port: await freePort(),
        token: SECRET,
        fsync: false,
        intercept: (req) => {
          if (req.route === 'events')
            arrivals.push(...(req.body as { events: GatewayEvent[] }).events.map((e) => e.id));
          return undefined;
        },
      });
      const url = await receiver.start();
      const b = await bed(
        `  - { name: mes, type: http, url: "${url}", token: ${SECRET}, timeoutMs: 3000 }\n`,
      );
      const ids = new Map<number, string>();
      return {
        sink: b.sink(),
        batch: async (n) => {
          const batch = await b.batch(n);
          batch.events.forEach((e, i) => ids.set(batch.first + i, (JSON.parse(e) as GatewayEvent).id));
          return batch;
        },
        arrivals: () => arrivals,
        stored: async () => (receiver.order.get('gw-test') ?? []).map((seq) => ids.get(seq) ?? `seq ${seq}`),
        down: () => receiver.stop(),
        up: async () => void (await receiver.start()),
        wrongCredentials: async () => ({
          sink: b.sink({ token: 'wrong-token-9876' } as Partial<UpstreamConfig>),
          secret: 'wrong-token-9876',
        }),
        close: async () => {
          await b.close();
          await receiver.stop();
          tmp.cleanup();
        },
      };
    }));

  describe('epcis sink, EPCIS capture endpoint (bearer token)', () =>
    sinkContract(async (): Promise<SinkHarness> => {
      const receiver = new CaptureReceiver();
      const base = new URL(await receiver.start());
      const arrivals: string[] = [];
      receiver.answer = (req) => {
        if (req.headers.authorization !== `Bearer ${SECRET}`) return { status: 401 };
        for (const e of req.doc?.epcisBody?.eventList ?? [])
          arrivals.push(String(e.eventID).replace(/^urn:uuid:/, ''));
        return undefined;
      };
      const door = await gate(Number(base.port));
      const url = `http://127.0.0.1:${door.port}${base.pathname}`;
      const b = await bed(
        `  - { name: repo, type: epcis, url: "${url}", token: ${SECRET}, timeoutMs: 3000, readPoint: "urn:epc:id:sgln:4012345.00001.0" }\n`,
      );
      return {
        sink: b.sink(),
        batch: (n) => b.batch(n),
        arrivals: () => arrivals,
        down: door.down,
        up: door.up,
        wrongCredentials: async () => ({
          sink: b.sink({ token: 'wrong-token-9876' } as Partial<UpstreamConfig>),
          secret: 'wrong-token-9876',
        }),
        close: async () => {
          await b.close();
          await door.down();
          await receiver.stop();
        },
      };
    }));

  describe('mqtt sink, aedes in-process (password login)', () =>
    sinkContract(async (): Promise<SinkHarness> => {
      const port = await freePort();
      const start = (): Promise<TestBroker> =>
        startAedes(
          {
            authenticate: (_client, username, password, done) =>
              done(null, username === 'gw' && password?.toString() === SECRET),
          },
          port,
        );
      return mqttHarness(port, start);
    }));

  describe('mqtt sink, mosquitto (password login)', () => {
    const binary = mosquittoBinary();
    let tmp: ReturnType<typeof tempDir>;
    before(function () {
      if (!binary) throw new Error('mosquitto is not installed: apt-get install -y mosquitto');
      tmp = tempDir('linegate-mosquitto-contract-');
    });
    after(() => tmp?.cleanup());
    sinkContract(async (): Promise<SinkHarness> => {
      const port = await freePort();
      const conf = `user ${os.userInfo().username}
allow_anonymous false
password_file ${passwordFile(tmp.dir, 'gw', SECRET)}
persistence false
listener ${port} 127.0.0.1
`;
      const start = (): Promise<Mosquitto> => startMosquitto(binary!, tmp.dir, conf, port);
      return mqttHarness(port, start);
    });
  });
});
