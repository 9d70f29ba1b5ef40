/**
 * The whole line under abuse: a real gateway child process runs a line on simulators (an OPC UA
 * PLC with two start stations, two virtual Zebras, an assembly station fed by two scanners on
 * pseudo-terminals, a MES that answers 503s, drops connections and has an outage) and is
 * SIGKILLed at random moments, again and again. Afterwards the PLC's, the printers', the MES's and
 * the store's records must agree. `runSoak` returns the figures; `npm run soak` prints them.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PlcSimulator } from '../../devices/opcua/simulator';
import { ScannerSimulator } from '../../devices/scanner/simulator';
import { VirtualZebra } from '../../devices/zebra/simulator';
import type { GatewayEvent } from '../../src/events/event';
import { openStore } from '../../src/store/store';
import { Sublevels } from '../../src/store/layout';
import { startGateway, type GatewayProcess } from '../helpers/gateway-process';
import { TEST_TOKEN, UNIT_TEMPLATE, handshakeNodesYaml } from '../helpers/gateway-config';
import { SoakMes } from './mes';

export interface SoakOptions {
  dir: string;
  kills: number;
  /** ms a gateway lives between kills: uniform in [min, max]. */
  lifeMs?: [number, number];
  log?: (line: string) => void;
}

export interface SoakReport {
  kills: number;
  handshakes: number;
  serialsIssuedTwice: number;
  serialsBurned: number;
  acknowledgedMissingUpstream: number;
  upstreamSeqGaps: number;
  acknowledgedWithoutLabel: number;
  eventsDeliveredTwice: number;
  componentsInstalledTwice: number;
  componentsConsumed: number;
  cycleMs: { p50: number; p99: number };
  seconds: number;
}

const STATIONS = ['ST10', 'ST11'];
const nodes = handshakeNodesYaml;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs the soak; resolves with its figures (all but eventsDeliveredTwice and cycleMs must be 0). */
export async function runSoak(opts: SoakOptions): Promise<SoakReport> {
  const say = opts.log ?? (() => undefined);
  const t0 = Date.now();
  mkdirSync(opts.dir, { recursive: true });
  const plc = new PlcSimulator({
    stations: STATIONS,
    pkiDir: path.join(opts.dir, 'plc-pki'),
    autoCycleMs: 30,
  });
  const printers = [new VirtualZebra({ printMs: 10 }), new VirtualZebra({ printMs: 10 })];
  const printed = new Set<string>();
  const scanId = new ScannerSimulator({ pty: true });
  const scanCmp = new ScannerSimulator({ pty: true });
  const mes = new SoakMes();
  let gw: GatewayProcess | undefined;
  try {
    const endpoint = await plc.start();
    const ports = await Promise.all(printers.map((p) => p.start()));
    printers.forEach((p) => p.on('received', (f) => printed.add(f.toString('latin1'))));
    await Promise.all([scanId.start(), scanCmp.start()]);
    const url = await mes.start();
    const config = path.join(opts.dir, 'soak.yaml');
    writeFileSync(
      config,
      soakYaml({ dir: opts.dir, endpoint, ports, url, scanners: [scanId.gatewayPath, scanCmp.gatewayPath] }),
    );

    // The assembly station gets every acknowledged unit: its serial, then one component.
    const toAssemble: string[] = [];
    plc.onHandshake((h) => h.result === 0 && toAssemble.push(h.serial));
    let feeding = true;
    const feeder = (async () => {
      while (feeding) {
        const serial = toAssemble.shift();
        if (serial === undefined) await sleep(20);
        else {
          await scanId.sendScan(serial).catch(() => undefined);
          await scanCmp.sendScan(`CMP-${serial}`).catch(() => undefined);
        }
      }
    })();

    const [minLife, maxLife] = opts.lifeMs ?? [300, 2500];
    for (let kill = 0; kill < opts.kills; kill++) {
      // Faults upstream: 10% 503s and 5% dropped connections all along, and one outage.
      mes.faults.error503 = 0.1;
      mes.faults.drop = 0.05;
      mes.faults.outage = kill >= opts.kills / 3 && kill < opts.kills / 2;
      gw = await startGateway(config, {}, 30_000);
      // Kill at a random moment of the line's work, not of the process's start-up (which a
      // loaded machine can stretch to seconds): wait for the PLC session first.
      await plcConnected(gw.url);
      await sleep(minLife + Math.random() * (maxLife - minLife));
      gw.child.kill('SIGKILL');
      await gw.exited;
      gw = undefined;
      say(
        `kill ${kill + 1}/${opts.kills}: ${plc.handshakes.length} handshakes, ${mes.events.size} events upstream`,
      );
    }

    // Last run: faults off, no new parts, everything drains.
    mes.faults.error503 = 0;
    mes.faults.drop = 0;
    mes.faults.outage = false;
    gw = await startGateway(config, {}, 30_000);
    plc.stopCycling();
    await sleep(1500);
    feeding = false;
    await feeder;
    await waitForDrain(gw.url, mes);
    gw.child.kill('SIGTERM');
    await gw.exited;
    gw = undefined;

    return await verify({
      dir: opts.dir,
      plc,
      mes,
      printed,
      kills: opts.kills,
      seconds: (Date.now() - t0) / 1000,
    });
  } finally {
    if (gw) {
      gw.child.kill('SIGKILL');
      await gw.exited;
    }
    await mes.stop();
    await Promise.all([scanId.stop(), scanCmp.stop(), ...printers.map((p) => p.stop()), plc.stop()]);
  }
}

/** Resolves once the gateway's PLC connection is up (or after 15 s: a kill then is fine too). */
async function plcConnected(url: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    const health = (await (await fetch(`${url}/healthz`)).json().catch(() => ({}))) as {
      parts?: Record<string, { ok: boolean }>;
    };
    if (health.parts?.['plc:plc1']?.ok) return;
    await sleep(100);
  }
}

/** Waits until the outbox is empty (the gateway's own view) and the MES has stopped receiving. */
async function waitForDrain(url: string, mes: SoakMes): Promise<void> {
  let last = -1;
  for (let quiet = 0, i = 0; quiet < 10 && i < 600; i++) {
    await sleep(200);
    const health = (await (await fetch(`${url}/healthz`)).json().catch(() => ({}))) as {
      parts?: Record<string, { state: string }>;
    };
    const size = mes.events.size;
    const idle = Object.entries(health.parts ?? {}).every(
      ([k, p]) => !k.startsWith('upstream') || !/behind|retry|failing|held/i.test(p.state),
    );
    quiet = size === last && idle ? quiet + 1 : 0;
    last = size;
  }
}

async function verify(r: {
  dir: string;
  plc: PlcSimulator;
  mes: SoakMes;
  printed: Set<string>;
  kills: number;
  seconds: number;
}): Promise<SoakReport> {
  const store = await openStore(path.join(r.dir, 'data'));
  try {
    const events = (await store.sub(Sublevels.events).values().all()) as GatewayEvent[];
    const started = events.filter((e) => e.type === 'unit.started').map((e) => e.serial!);
    const labelled = new Set(events.filter((e) => e.type === 'label.printed').map((e) => e.serial!));
    const acked = r.plc.handshakes.filter((h) => h.result === 0).map((h) => h.serial);
    const ackedSet = new Set(acked);
    const pending = (await store.sub(Sublevels.reservations).values().all()) as Array<{ serial: string }>;
    const pendingSet = new Set(pending.map((p) => p.serial));
    const upstreamStarted = new Set(
      [...r.mes.events.values()].filter((e) => e.type === 'unit.started').map((e) => e.serial),
    );
    const installed = new Map<string, number>();
    for (const e of events.filter((ev) => ev.type === 'component.consumed')) {
      const c = (e.data.component as { serial?: string }).serial;
      if (c) installed.set(c, (installed.get(c) ?? 0) + 1);
    }
    const latencies = r.plc.handshakes
      .filter((h) => h.result === 0)
      .map((h) => h.ackAt - h.requestedAt)
      .sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
    return {
      kills: r.kills,
      handshakes: acked.length,
      serialsIssuedTwice: started.length - new Set(started).size + (acked.length - ackedSet.size),
      serialsBurned: started.filter((s) => !ackedSet.has(s) && !pendingSet.has(s)).length,
      acknowledgedMissingUpstream: acked.filter((s) => !upstreamStarted.has(s)).length,
      upstreamSeqGaps: r.mes.seqs().gaps,
      acknowledgedWithoutLabel: acked.filter(
        (s) => !labelled.has(s) || ![...r.printed].some((f) => f.includes(`^FD${s}^FS`)),
      ).length,
      eventsDeliveredTwice: r.mes.duplicates,
      componentsInstalledTwice: [...installed.values()].filter((n) => n > 1).length,
      componentsConsumed: installed.size,
      cycleMs: { p50: pct(50), p99: pct(99) },
      seconds: r.seconds,
    };
  } finally {
    await store.close();
  }
}

function soakYaml(o: {
  dir: string;
  endpoint: string;
  ports: number[];
  url: string;
  scanners: string[];
}): string {
  const template = UNIT_TEMPLATE;
  return `gateway: { id: gw-soak, dataDir: ${path.join(o.dir, 'data')}, timeZone: UTC }
api: { listen: "127.0.0.1:0", token: ${TEST_TOKEN} }
plcs:
  plc1: { endpoint: "${o.endpoint}", publishingIntervalMs: 10 }
printers:
${o.ports.map((port, i) => `  zebra${i + 1}: { connection: { type: tcp, host: 127.0.0.1, port: ${port} }, statusTimeoutMs: 1000, confirmTimeoutMs: 5000 }`).join('\n')}
labels:
  unit: { template: ${template} }
serials:
  unit: { format: "{YY}{seq:8}{check:gs1}" }
stations:
${STATIONS.map((id, i) => `  - { id: ${id}, kind: start, partNumber: PN-${i + 1}00, serial: unit, label: unit, printer: zebra${i + 1}, trigger: { type: opcua-handshake, plc: plc1, nodes: ${nodes(id)} } }`).join('\n')}
  - { id: ST20, kind: assembly, identify: { scanner: scanId }, consume: { scanner: scanCmp } }
scanners:
  scanId: { connection: { type: serial, path: ${o.scanners[0]}, baudRate: 9600 } }
  scanCmp: { connection: { type: serial, path: ${o.scanners[1]}, baudRate: 9600 } }
upstream:
  - { name: mes, type: http, url: "${o.url}", timeoutMs: 2000 }
`;
}
