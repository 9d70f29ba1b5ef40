/**
 * Handshake latency at the PLC (request raised → ack seen by the simulated PLC), through the
 * gateway's PlcConnection + HandshakeTrigger, next to the bare OPC UA cost measured in the same run
 * on the same server: a plain node-opcua client that answers the change notification with the three
 * writes (serial, result, ack) and nothing else. Cycles of both alternate; each request is raised
 * after a random pause so it falls anywhere within a publishing interval.
 *
 *   npx tsx test/bench/opcua-handshake.bench.ts [cycles=200]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { HandshakeTrigger } from '../../devices/opcua/handshake-trigger';
import { PlcSimulator } from '../../devices/opcua/simulator';
import { systemClock, type StartPort } from '../../src/ports';
import { machine, report, runBench } from './bench-lib';
import { bareHandshake, nodes, plcConnection, sleep, timedCycle } from './plc-bench';

const cycles = Number(process.argv[2] ?? 200);
/** A station that answers at once (the station's own cost is not what this measures). */
function instantStation(id: string): StartPort {
  let n = 0;
  let pending: string | undefined;
  return {
    stationId: id,
    async start() {
      pending ??= `${id}-${++n}`;
      return { result: 0, serial: pending };
    },
    async recordOperation() {},
    async acknowledge(serial) {
      if (pending === serial) pending = undefined;
    },
  };
}

function stats(values: number[]) {
  const s = [...values].sort((a, b) => a - b);
  const q = (p: number) => s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)];
  const mean = s.reduce((a, b) => a + b, 0) / s.length;
  return { p50: q(0.5), p99: q(0.99), mean };
}

async function run(publishingIntervalMs: number) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'linegate-bench-'));
  const log = pino({ level: 'silent' });
  const sim = new PlcSimulator({
    stations: ['GW', 'BARE'],
    pkiDir: path.join(dir, 'sim'),
    minPublishingIntervalMs: 10,
  });
  const endpoint = await sim.start();
  const connection = plcConnection(endpoint, publishingIntervalMs, log, path.join(dir, 'gw'));
  const trigger = new HandshakeTrigger({
    station: instantStation('GW'),
    connection,
    nodes: nodes('GW'),
    ctx: { name: 'GW', log, clock: systemClock, dataDir: path.join(dir, 'gw') },
  });
  await connection.start();
  await trigger.start();
  const bare = await bareHandshake({
    endpoint,
    pki: path.join(dir, 'bare'),
    id: 'BARE',
    publishingIntervalMs,
    serial: (n) => `BARE-${n}`,
  });
  while (!connection.health().ok) await sleep(20);

  const cycle = timedCycle(sim, publishingIntervalMs);
  // warm-up
  for (let i = 0; i < 5; i++) {
    await cycle('GW');
    await cycle('BARE');
  }
  const gw: number[] = [];
  const raw: number[] = [];
  for (let i = 0; i < cycles; i++) {
    const g = await cycle('GW');
    gw.push(g.ackAt - g.requestedAt);
    const b = await cycle('BARE');
    raw.push(b.ackAt - b.requestedAt);
  }
  await trigger.stop();
  await connection.stop();
  await bare.close();
  await sim.stop();
  rmSync(dir, { recursive: true, force: true });
  return { gateway: stats(gw), bare: stats(raw) };
}

async function main() {
  console.log(`opcua-handshake: request raised -> ack seen at the PLC, ${cycles} cycles per path`);
  console.log(`machine: ${machine()}`);
  const f = (n: number) => n.toFixed(1).padStart(6);
  console.log('interval   path      p50 ms  p99 ms  mean ms   ratio p50/p99');
  for (const interval of [10, 50]) {
    const r = await run(interval);
    const ratio = `${(r.gateway.p50 / r.bare.p50).toFixed(2)} / ${(r.gateway.p99 / r.bare.p99).toFixed(2)}`;
    console.log(
      `${String(interval).padStart(5)} ms   gateway ${f(r.gateway.p50)}  ${f(r.gateway.p99)}  ${f(r.gateway.mean)}   ${ratio}`,
    );
    console.log(
      `${String(interval).padStart(5)} ms   bare    ${f(r.bare.p50)}  ${f(r.bare.p99)}  ${f(r.bare.mean)}`,
    );
    for (const q of ['p50', 'p99'] as const) {
      report({
        name: `OPC UA handshake ${q}, publishing ${interval} ms (request -> ack at the PLC)`,
        value: r.gateway[q],
        unit: 'ms',
        peer: { name: 'bare notification + 3 writes', value: r.bare[q] },
        goal: '<= 1.5x bare',
      });
    }
  }
}

runBench(main, true);
