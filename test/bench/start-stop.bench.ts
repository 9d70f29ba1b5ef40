/**
 * Start and stop of a whole gateway process, as an operator sees them: from spawning
 * `node bin/linegate.js run --config <demo copy>` until the API answers /healthz (any status),
 * and from SIGTERM until the process has exited. The demo line runs on its simulators (OPC UA
 * PLC, virtual Zebra, local MES receiver), each run on a fresh data directory and free ports.
 *
 * Measured twice: from the TypeScript sources (tsx compiles on load, as `npm start` in a
 * checkout) and from the tsc build (LINEGATE_USE_DIST=1, as installed on a device; needs
 * `npm run build` first, skipped otherwise). Next to them, for the why: a bare `node` start and
 * the time to load node-opcua alone. Goals: ready within 1.5 s, stopped within 10 s.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { machine, percentile, report, scratch } from './bench-lib';
import { freePort } from '../helpers/free-port';

const ROOT = path.resolve(__dirname, '../..');
const BIN = path.join(ROOT, 'bin/linegate.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** The demo config with its own data directory, ports and absolute template path. */
async function demoCopy(dir: string, withPlc: boolean): Promise<{ file: string; api: string }> {
  const [api, plc, mes] = [await freePort(), await freePort(), await freePort()];
  const demo = YAML.parse(readFileSync(path.join(ROOT, 'config/demo.yaml'), 'utf8')) as DemoConfig;
  demo.gateway.dataDir = path.join(dir, 'data');
  demo.api.listen = `127.0.0.1:${api}`;
  for (const label of Object.values(demo.labels))
    label.template = path.resolve(ROOT, 'config', label.template);
  for (const sink of demo.upstream) sink.url = sink.url.replace(/:\d+\//, `:${mes}/`);
  if (withPlc) {
    for (const p of Object.values(demo.plcs)) p.endpoint = `opc.tcp://127.0.0.1:${plc}`;
  } else {
    // The same line with the simulated PLC replaced by a simulated timer trigger.
    delete (demo as Partial<DemoConfig>).plcs;
    for (const s of demo.stations) s.trigger = { type: 'interval', everyMs: 3000 };
  }
  const file = path.join(dir, 'demo.yaml');
  writeFileSync(file, YAML.stringify(demo));
  return { file, api: `http://127.0.0.1:${api}` };
}

/** The parts of config/demo.yaml this benchmark rewrites. */
interface DemoConfig {
  gateway: { dataDir: string };
  api: { listen: string };
  labels: Record<string, { template: string }>;
  plcs: Record<string, { endpoint: string }>;
  stations: Array<{ trigger?: unknown }>;
  upstream: Array<{ url: string }>;
}

/** Polls /healthz until any answer; resolves with the time of the first one. */
async function firstAnswer(url: string, exited: () => boolean): Promise<number> {
  for (;;) {
    if (exited()) throw new Error('gateway exited before its API answered');
    try {
      await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1000) });
      return performance.now();
    } catch {
      await new Promise((r) => setTimeout(r, 5));
    }
  }
}

interface Run {
  readyMs: number;
  /** CPU time the gateway process used until its API answered (all threads; Linux only). */
  readyCpuMs: number | undefined;
  stopMs: number;
  code: number | null;
}

async function once(env: NodeJS.ProcessEnv, withPlc: boolean): Promise<Run> {
  const tmp = scratch('start-stop');
  const { file, api } = await demoCopy(tmp.dir, withPlc);
  let stderr = '';
  const t0 = performance.now();
  const child = spawn(process.execPath, [BIN, 'run', '--config', file], {
    env: { ...process.env, LINEGATE_LOG_FORMAT: 'json', LINEGATE_LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (d) => (stderr += d));
  let done = false;
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    child.on('exit', (code) => {
      done = true;
      resolve({ code, at: performance.now() });
    }),
  );
  try {
    const ready = await firstAnswer(api, () => done);
    const readyCpuMs = cpuMs(child.pid);
    // Let the simulated PLC run a cycle or two, so the stop has real parts to close.
    await new Promise((r) => setTimeout(r, 500));
    const t1 = performance.now();
    child.kill('SIGTERM');
    const { code, at } = await exited;
    return { readyMs: ready - t0, readyCpuMs, stopMs: at - t1, code };
  } catch (err) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`${(err as Error).message}; stderr: ${stderr}`, { cause: err });
  } finally {
    tmp.cleanup();
  }
}

/**
 * CPU ms (user + system, every thread) a process has used so far, from /proc/PID/stat. Unlike
 * wall time it does not grow when other work shares the cores, so it tells what a start costs.
 */
function cpuMs(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // utime and stime are fields 14 and 15 of stat(5), in clock ticks (USER_HZ, 100 on Linux).
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return undefined;
  }
}

/** ms to run a one-line node script (median of 3). */
function nodeTime(script: string): number {
  const times: number[] = [];
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, ['-e', script], { cwd: ROOT, stdio: 'ignore' });
    if (r.status !== 0) throw new Error(`node -e ${script} failed`);
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[1];
}

async function variant(label: string, env: NodeJS.ProcessEnv, withPlc = true): Promise<void> {
  const runs: Run[] = [];
  for (let i = 0; i < RUNS; i++) runs.push(await once(env, withPlc));
  const bad = runs.filter((r) => r.code !== 0);
  if (bad.length > 0) console.log(`!! ${bad.length} run(s) exited with ${bad.map((r) => r.code).join(', ')}`);
  const ready = runs.map((r) => r.readyMs).sort((a, b) => a - b);
  const stop = runs.map((r) => r.stopMs).sort((a, b) => a - b);
  const cpu = runs.map((r) => r.readyCpuMs ?? NaN).sort((a, b) => a - b);
  console.log(
    `${label}: ready ${ready.map((t) => Math.round(t)).join(', ')} ms; stop ${stop.map((t) => Math.round(t)).join(', ')} ms`,
  );
  report({
    name: `start to API answering, ${label}, p50`,
    value: percentile(ready, 50),
    unit: 'ms',
    goal: '<= 1500',
  });
  report({
    name: `start to API answering, ${label}, max`,
    value: ready[ready.length - 1],
    unit: 'ms',
    goal: '<= 1500',
  });
  if (!Number.isNaN(cpu[0]))
    report({ name: `CPU used until API answering, ${label}, p50`, value: percentile(cpu, 50), unit: 'ms' });
  report({
    name: `SIGTERM to exit, ${label}, p50`,
    value: percentile(stop, 50),
    unit: 'ms',
    goal: '<= 10000',
  });
  report({
    name: `SIGTERM to exit, ${label}, max`,
    value: stop[stop.length - 1],
    unit: 'ms',
    goal: '<= 10000',
  });
}

async function main(): Promise<void> {
  console.log(`start/stop of the demo line, ${RUNS} runs each, on ${machine()}`);
  report({ name: 'bare node start (node -e 0)', value: nodeTime('0'), unit: 'ms' });
  report({ name: "require('node-opcua') alone", value: nodeTime("require('node-opcua')"), unit: 'ms' });
  await variant('sources via tsx', {});
  if (existsSync(path.join(ROOT, 'dist/src/cli/main.js'))) {
    await variant('dist build', { LINEGATE_USE_DIST: '1' });
    await variant('dist build, no simulated PLC', { LINEGATE_USE_DIST: '1' }, false);
  } else console.log('dist/ not built: run `npm run build` to measure the installed form too');
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
