/**
 * Store-and-forward drain: N queued events (BENCH_DRAIN_EVENTS, default 1,000,000) forwarded
 * to the embedded MES receiver (its own process, fsync per batch) over HTTP, next to that
 * receiver's raw intake measured in the same run (a bare client posting pre-built batches of the
 * same size, one in flight): goal >= 50% of raw, peak RSS of the draining process < 150 MB.
 * Then the cost of a start cycle while a drain runs: p99 next to idle (goal: within 2x).
 *
 * The draining gateway runs in a child process (this file with --drain), so its peak RSS is its
 * own and not the prefill's or the receiver's.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { v7 as uuidv7 } from 'uuid';
import pino from 'pino';
import { Level } from 'level';
import type { Config } from '../../src/config/schema';
import { Journal } from '../../src/store/journal';
import { Sublevels, seqKey } from '../../src/store/layout';
import { openStore } from '../../src/store/store';
import { chunkEnd, chunkKey, chunkOf } from '../../src/upstream/ledger';
import { createUpstream } from '../../src/upstream/upstream';
import { fmt, machine, percentile, report, scratch } from './bench-lib';
import { benchLine } from './bench-line';

const N = Number(process.env.BENCH_DRAIN_EVENTS ?? 1_000_000);
const RAW = Math.min(N, Number(process.env.BENCH_RAW_EVENTS ?? 300_000));
const BATCH = 500;
const CYCLES = Number(process.env.BENCH_DRAIN_CYCLES ?? 5000);
/** events queued for the drain that start cycles run against. */
const BUSY_BACKLOG = 200_000;
/** idle and busy blocks of start cycles alternate this many times. */
const ROUNDS = 5;
const RECEIVER = path.resolve(__dirname, '../../devices/mes-receiver/cli.ts');

/** Private (RssAnon) and file-backed (RssFile) resident bytes, from /proc (Linux). */
function procRss(): { anon: number; file: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
  return { anon: kb('RssAnon'), file: kb('RssFile') };
}

/** An event shaped like a stored unit.started. */
function event(seq: number, gatewayId: string): string {
  return JSON.stringify({
    id: uuidv7(),
    seq,
    gatewayId,
    type: 'unit.started',
    time: new Date().toISOString(),
    station: 'ST10',
    serial: String(2647_000_000 + seq),
    partNumber: 'PN-100',
    workOrder: 'WO-55',
    data: { scheme: 'unit', trigger: 'opcua' },
  });
}

/**
 * Writes N events into a store as the journal would (same keys and JSON), with the outbox's
 * chunk checkpoints a running gateway would have saved, quickly.
 */
async function prefill(dir: string): Promise<void> {
  const store = await openStore(dir);
  const prefix = store.sub(Sublevels.events).prefix;
  const chunks = store.sub(Sublevels.outboxChunks).prefix;
  const db = store.db as unknown as Level<string, string>;
  let chunkBytes = 0;
  for (let seq = 1; seq <= N;) {
    const ops = [];
    for (let i = 0; i < 10_000 && seq <= N; i++, seq++) {
      const value = event(seq, 'gw-bench');
      ops.push({ type: 'put' as const, key: prefix + seqKey(seq), value });
      chunkBytes += Buffer.byteLength(value);
      if (seq === chunkEnd(seq)) {
        ops.push({ type: 'put' as const, key: chunks + chunkKey(chunkOf(seq)), value: String(chunkBytes) });
        chunkBytes = 0;
      }
    }
    await db.batch(ops, { valueEncoding: 'utf8', sync: seq > N });
  }
  await store.close();
}

/** Starts the receiver program; resolves with its URL and a way to read its figures. */
async function receiver(
  dir: string,
): Promise<{ url: string; child: ChildProcess; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    ['--require', 'tsx/cjs', RECEIVER, '--file', path.join(dir, 'mes.jsonl'), '--base', '/linegate'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  const lines = readline.createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolve) =>
    lines.on('line', (l) => {
      if (l.startsWith('ready ')) resolve(l.slice(6));
    }),
  );
  const exited = new Promise((r) => child.once('exit', r));
  return {
    url,
    child,
    stop: async () => {
      child.stdin!.end('quit\n');
      await exited;
    },
  };
}

/** Child mode --raw: the receiver's intake from a bare client (pre-built bodies, keep-alive, one request in flight). */
async function rawIntake(url: string): Promise<number> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const bodies: Buffer[] = [];
  for (let first = 1; first <= RAW; first += BATCH) {
    const events = [];
    for (let s = first; s < first + BATCH && s <= RAW; s++) events.push(event(s, 'gw-raw'));
    bodies.push(Buffer.from(`{"gatewayId":"gw-raw","events":[${events.join(',')}]}`));
  }
  const target = new URL(`${url}/events`);
  const t0 = performance.now();
  for (const body of bodies) {
    await new Promise<void>((resolve, reject) => {
      const req = http.request(target, {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      });
      req.on('response', (res) => {
        res.resume();
        res.on('end', () =>
          res.statusCode === 200 ? resolve() : reject(new Error(`HTTP ${res.statusCode}`)),
        );
      });
      req.on('error', reject);
      req.end(body);
    });
  }
  const rate = RAW / ((performance.now() - t0) / 1000);
  agent.destroy();
  return rate;
}

/** The hand-built config of the draining gateway: only the keys the upstream part reads. */
function drainConfig(dir: string, url: string): Config {
  return {
    gateway: { id: 'gw-bench', dataDir: dir },
    serials: {},
    stations: [],
    upstream: [{ name: 'mes', type: 'http', url, timeoutMs: 30_000 }],
  } as unknown as Config;
}

async function until(check: () => boolean): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, 10));
}

/** Child mode --drain: forwards the queued backlog; prints one JSON line of figures. */
async function drain(dir: string, url: string): Promise<void> {
  const log = pino({ level: 'silent' });
  const clock = { now: () => Date.now() };
  const store = await openStore(dir);
  const journal = new Journal(store, { gatewayId: 'gw-bench', clock });
  const upstream = createUpstream({ config: drainConfig(dir, url), store, journal, log, clock });
  let maxAnon = 0;
  let maxFile = 0;
  let ticks = 0;
  const sampler = setInterval(() => {
    const { anon, file } = procRss();
    maxAnon = Math.max(maxAnon, anon);
    maxFile = Math.max(maxFile, file);
    if (process.env.BENCH_DEBUG && ++ticks % 5 === 0)
      console.error(`anon ${anon >> 20} MiB, file ${file >> 20} MiB, depth ${upstream.stats().depth}`);
  }, 100);
  const t0 = performance.now();
  await upstream.start();
  const scanMs = performance.now() - t0;
  await until(() => upstream.stats().depth === 0);
  const seconds = (performance.now() - t0) / 1000;
  const { sent } = upstream.stats();
  clearInterval(sampler);
  await upstream.stop();
  await journal.close();
  await store.close();
  const maxRss = process.resourceUsage().maxRSS * 1024;
  console.log(JSON.stringify({ sent, seconds, scanMs, rate: sent / seconds, maxRss, maxAnon, maxFile }));
}

/** Child mode --cycles: blocks of start cycles idle, and while backlogs (BUSY_BACKLOG in all) drain. */
async function cyclesDuringDrain(dir: string, url: string): Promise<void> {
  const log = pino({ level: 'silent' });
  const clock = { now: () => Date.now() };
  const line = await benchLine('upstream-drain', undefined, dir);
  const { store, journal } = line;
  const station = line.station('ST10');
  const cycles = async (n: number, keepGoing: () => boolean, into: number[]) => {
    for (let i = 0; i < n && keepGoing(); i++) {
      const t = performance.now();
      const o = await station.start({ source: 'api' });
      if (o.result !== 0) throw new Error(`cycle failed: ${o.error}`);
      into.push(performance.now() - t);
    }
  };
  // Idle and busy blocks alternate, so the disk's own latency swings hit both sides alike.
  const idle: number[] = [];
  const busy: number[] = [];
  const upstream = createUpstream({ config: drainConfig(dir, url), store, journal, log, clock });
  const perRound = Math.ceil(CYCLES / ROUNDS);
  for (let round = 0; round < ROUNDS; round++) {
    await cycles(perRound, () => true, idle);
    for (let i = 0; i < BUSY_BACKLOG / ROUNDS; i += 1000)
      await journal.run((tx) => {
        for (let k = 0; k < 1000; k++)
          tx.appendEvent({ type: 'unit.started', station: 'ST99', serial: `B${i + k}` });
      });
    await upstream.start();
    await cycles(perRound, () => upstream.stats().depth > 0, busy);
    await until(() => upstream.stats().depth === 0);
    await upstream.stop();
  }
  await line.close();
  idle.sort((a, b) => a - b);
  busy.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      idleP99: percentile(idle, 99),
      idleP50: percentile(idle, 50),
      busyP99: percentile(busy, 99),
      busyP50: percentile(busy, 50),
      busyCycles: busy.length,
    }),
  );
}

/** Runs this file in a child mode; resolves with the JSON line it printed. */
async function child(mode: string, dir: string, url: string): Promise<Record<string, number>> {
  const c = spawn(process.execPath, ['--require', 'tsx/cjs', __filename, mode, dir, url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  c.stdout!.on('data', (d) => (out += d));
  const code = await new Promise((r) => c.once('exit', r));
  if (code !== 0) throw new Error(`${mode} process exited with ${code}`);
  return JSON.parse(out.trim().split('\n').pop()!) as Record<string, number>;
}

async function main(): Promise<void> {
  console.log(`upstream drain benchmark, ${fmt(N)} queued events, batches of ${BATCH}, on ${machine()}`);
  const tmp = scratch('drain');
  try {
    const storeDir = path.join(tmp.dir, 'store');
    const t = performance.now();
    await prefill(storeDir);
    console.log(`prefilled ${fmt(N)} events in ${((performance.now() - t) / 1000).toFixed(1)} s`);

    // The receiver's raw intake before and after the drain (each on a fresh receiver, fresh file):
    // the machine's load varies, and the mean of both brackets the drain.
    const raws: number[] = [];
    const measureRaw = async (name: string) => {
      const rawRx = await receiver(path.join(tmp.dir, name));
      raws.push((await child('--raw', '', rawRx.url)).rate);
      await rawRx.stop();
    };
    await measureRaw('raw-before');
    const rx = await receiver(path.join(tmp.dir, 'drain'));
    const r = await child('--drain', storeDir, rx.url);
    const c = await child('--cycles', storeDir, rx.url);
    await rx.stop();
    await measureRaw('raw-after');
    const raw = (raws[0] + raws[1]) / 2;
    console.log(
      `receiver raw intake: ${fmt(raws[0])} events/s before, ${fmt(raws[1])} events/s after the drain`,
    );
    console.log(
      `drained ${fmt(r.sent)} events in ${r.seconds.toFixed(1)} s (outbox scan at start ${fmt(r.scanMs)} ms); ` +
        `${c.busyCycles} start cycles during ${ROUNDS} more drains of ${fmt(BUSY_BACKLOG / ROUNDS)} events`,
    );
    report({
      name: 'drain to local HTTP receiver',
      value: r.rate,
      unit: 'events/s',
      peer: { name: `receiver raw intake (${fmt(RAW)} events)`, value: raw },
      goal: '>= 0.50',
    });
    report({ name: 'peak RSS while draining', value: r.maxRss / 2 ** 20, unit: 'MiB', goal: '< 150' });
    console.log(
      `  of which private (RssAnon) at most ${fmt(r.maxAnon / 2 ** 20)} MiB; file-backed (RssFile: the node ` +
        `binary and libraries, and LevelDB's memory-mapped table files) at most ${fmt(r.maxFile / 2 ** 20)} MiB`,
    );
    report({
      name: 'start cycle p99 during drain',
      value: c.busyP99,
      unit: 'ms',
      peer: { name: 'idle p99', value: c.idleP99 },
      goal: '<= 2.00',
    });
    console.log(`start cycle p50: idle ${c.idleP50.toFixed(2)} ms, during drain ${c.busyP50.toFixed(2)} ms`);
  } finally {
    tmp.cleanup();
  }
}

if (process.argv[2] === '--drain') void drain(process.argv[3], process.argv[4]);
else if (process.argv[2] === '--raw')
  void rawIntake(process.argv[4]).then((rate) => console.log(JSON.stringify({ rate })));
else if (process.argv[2] === '--cycles') void cyclesDuringDrain(process.argv[3], process.argv[4]);
else void main();
