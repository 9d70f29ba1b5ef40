/**
 * The whole PLC cycle with confirmed printing, on two stations at once: the simulated PLC raises
 * request → the gateway (PlcConnection + HandshakeTrigger + StartStation with its durable journal
 * and LabelService → Zebra driver → virtual Zebra) reserves a serial, prints and confirms the label,
 * writes serial, result, ack → the PLC sees ack. Beside it, in the same run and on the same server
 * and printers, a bare client per station that is not durable: change notification, one label write
 * plus one ~HS round trip on a plain socket, three writes. Blocks of the two alternate. Prints p50,
 * p99 and the worst cycle of each. Goals: worst gateway cycle < 250 ms, p50 <= 1.3x the bare client.
 *
 *   npx tsx test/bench/plc-cycle.bench.ts [cycles=1000]   (cycles over both stations)
 */
import * as net from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { HandshakeTrigger } from '../../devices/opcua/handshake-trigger';
import { PlcConnection } from '../../devices/opcua/plc-connection';
import { PlcSimulator } from '../../devices/opcua/simulator';
import { VirtualZebra } from '../../devices/zebra/simulator';
import { systemClock } from '../../src/ports';
import { LabelService } from '../../src/printing/label-service';
import { machine, percentile, report, runBench, scratch } from './bench-lib';
import { benchLine } from './bench-line';
import { bareHandshake, nodes, plcConnection, sleep, timedCycle } from './plc-bench';
import { labelAndStatus, sampleLabel, zebra } from './printer-bench';

const CYCLES = Number(process.argv[2] ?? 1000);
const PUBLISHING_MS = 10;
const log = pino({ level: process.env.BENCH_LOG ?? 'silent' });

/** A bare station: notification → label + ~HS on a plain socket → serial, result, ack. Not durable. */
async function bareStation(endpoint: string, pki: string, id: string, printerPort: number) {
  const sock = net.connect({ host: '127.0.0.1', port: printerPort });
  sock.setNoDelay(true);
  await new Promise((r) => sock.once('connect', r));
  const client = await bareHandshake({
    endpoint,
    pki,
    id,
    publishingIntervalMs: PUBLISHING_MS,
    serial: (n) => `${id}-${n}`,
    before: (serial) => labelAndStatus(sock, sampleLabel(serial)),
  });
  return {
    close: async () => {
      sock.destroy();
      await client.close();
    },
  };
}

/** The gateway side of one station, built as the gateway builds it (durable journal, confirmed print). */
async function gatewayStation(id: string, printerPort: number, connection: PlcConnection, dir: string) {
  const line = await benchLine(`plc-cycle-${id}`, '{seq:9}', dir);
  // the printer's idle status watch stays at its default: a label must never wait behind it.
  const printer = zebra(printerPort, dir, {}, {});
  await printer.start();
  const labels = new LabelService({
    station: id,
    printer,
    copies: 1,
    render: (u) => sampleLabel(u.serial),
    journal: line.journal,
    store: line.store,
    clock: systemClock,
    log,
  });
  const ctx = { name: id, log, clock: systemClock, dataDir: dir };
  const trigger = new HandshakeTrigger({
    station: line.station(id, [labels]),
    connection,
    nodes: nodes(id),
    ctx,
  });
  await trigger.start();
  return {
    trigger,
    close: async () => {
      await trigger.stop();
      await printer.stop();
      await line.close();
    },
  };
}

function summary(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  return { p50: percentile(s, 50), p99: percentile(s, 99), worst: s[s.length - 1] };
}

async function main(): Promise<void> {
  const tmp = scratch('plc-cycle');
  const stations = ['ST10', 'ST20'];
  const bares = ['BARE1', 'BARE2'];
  const sim = new PlcSimulator({
    stations: [...stations, ...bares],
    pkiDir: path.join(tmp.dir, 'sim'),
    minPublishingIntervalMs: PUBLISHING_MS,
  });
  const endpoint = await sim.start();
  // one virtual printer per station and path (a Zebra serves one TCP client at a time).
  const zebras = [0, 1, 2, 3].map(() => new VirtualZebra({ printMs: 0 }));
  const ports = await Promise.all(zebras.map((z) => z.start()));
  const connection = plcConnection(endpoint, PUBLISHING_MS, log, path.join(tmp.dir, 'gw'));
  await connection.start();
  const gw = await Promise.all(
    stations.map((id, i) => gatewayStation(id, ports[i], connection, path.join(tmp.dir, id))),
  );
  const bare = await Promise.all(
    bares.map((id, i) => bareStation(endpoint, path.join(tmp.dir, `pki-${id}`), id, ports[2 + i])),
  );
  while (!connection.health().ok) await sleep(20);

  // the request falls anywhere within a publishing interval
  const cycle = timedCycle(sim, PUBLISHING_MS);
  const pair = async (ids: string[], into?: number[], at?: number[]) => {
    const done = await Promise.all(ids.map((id) => cycle(id)));
    if (into) for (const h of done) into.push(h.ackAt - h.requestedAt);
    if (at) for (const h of done) at.push(h.requestedAt);
  };
  for (let i = 0; i < 10; i++) {
    await pair(stations);
    await pair(bares);
  }
  const ours: number[] = [];
  const oursAt: number[] = [];
  const raw: number[] = [];
  const started = performance.now();
  for (let i = 0; i < CYCLES / 2; i++) {
    await pair(stations, ours, oursAt);
    await pair(bares, raw);
  }
  const seconds = (performance.now() - started) / 1000;
  for (const s of gw) await s.close();
  for (const b of bare) await b.close();
  await connection.stop();
  await sim.stop();
  for (const z of zebras) await z.stop();
  tmp.cleanup();

  const g = summary(ours);
  const b = summary(raw);
  console.log(
    `plc-cycle: request raised -> ack seen at the PLC, label printed and confirmed, ${ours.length} cycles on ` +
      `2 stations (and ${raw.length} bare) in ${seconds.toFixed(0)} s, publishing interval ${PUBLISHING_MS} ms`,
  );
  console.log(`machine: ${machine()}`);
  const f = (n: number) => n.toFixed(1).padStart(7);
  console.log('path                      p50 ms   p99 ms  worst ms');
  console.log(`gateway (durable, ~HS)  ${f(g.p50)}  ${f(g.p99)}  ${f(g.worst)}`);
  console.log(`bare client             ${f(b.p50)}  ${f(b.p99)}  ${f(b.worst)}`);
  const over = (xs: number[]) => xs.filter((x) => x > 250).length;
  console.log(`cycles over 250 ms: gateway ${over(ours)}, bare ${over(raw)}`);
  // when the slowest gateway cycles happened (s from the start): a period would point at a timer
  const slowest = ours
    .map((ms, i) => ({ ms, at: (oursAt[i] - started) / 1000 }))
    .sort((x, y) => y.ms - x.ms)
    .slice(0, 5);
  console.log(
    `slowest gateway cycles: ${slowest.map((c) => `${c.ms.toFixed(0)} ms at ${c.at.toFixed(1)} s`).join(', ')}`,
  );
  const peer = 'bare notification + label write + 3 writes';
  report({
    name: 'PLC cycle with confirmed printing, p50',
    value: g.p50,
    unit: 'ms',
    peer: { name: peer, value: b.p50 },
    goal: '<= 1.3x bare',
  });
  report({
    name: 'PLC cycle with confirmed printing, p99',
    value: g.p99,
    unit: 'ms',
    peer: { name: peer, value: b.p99 },
  });
  report({
    name: 'PLC cycle with confirmed printing, worst',
    value: g.worst,
    unit: 'ms',
    peer: { name: peer, value: b.worst },
    goal: '< 250 ms',
  });
}

runBench(main, true);
