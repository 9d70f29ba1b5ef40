/**
 * A bad config given to real `linegate check-config` and `linegate run` processes: both must exit
 * 78 (EX_CONFIG, so systemd does not restart-loop) with a located message. Anything else, a crash
 * (exit 1), an `ok`, a run that starts, or no answer in time, counts in badConfigNot78.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN } from '../helpers/gateway-process';
import { gatewayYaml } from '../helpers/gateway-config';
import { tempDir } from '../helpers/tmp';
import type { FaultOutcome } from './fault';

/** How long a command may take to refuse: a config check is well under a second of work. */
const ANSWER_MS = 30_000;

/** A bad config: the file's content (given the case's folder) and the environment. */
export interface BadConfig {
  /** the config file's bytes, built in `dir` (which the case may fill with files first). */
  content: (dir: string) => string | Buffer;
  env?: NodeJS.ProcessEnv;
}

interface Exit {
  code: number | null;
  firstLine: string;
  ms: number;
}

function linegate(args: string[], env: NodeJS.ProcessEnv): Promise<Exit> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, LINEGATE_LOG_FORMAT: 'json', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), ANSWER_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      const firstLine = out.split('\n').find((l) => l.trim() !== '') ?? '';
      resolve({ code, firstLine, ms: Date.now() - started });
    });
  });
}

const describeExit = (e: Exit) => (e.code === null ? `no answer in ${ANSWER_MS} ms` : `exit ${e.code}`);

/** Runs check-config and run on the bad config; each that does not exit 78 counts once. */
export async function badConfigCase(injected: string, bad: BadConfig): Promise<FaultOutcome> {
  const tmp = tempDir('linegate-fault-config-');
  try {
    const file = path.join(tmp.dir, 'linegate.yaml');
    writeFileSync(file, bad.content(tmp.dir));
    const env = bad.env ?? {};
    const check = await linegate(['check-config', file], env);
    const run = await linegate(['run', '--config', file], env);
    const not78 = (check.code === 78 ? 0 : 1) + (run.code === 78 ? 0 : 1);
    const message = (check.code === 78 ? check.firstLine : run.firstLine).replace(tmp.dir + path.sep, '');
    return {
      injected,
      answered: `check-config ${describeExit(check)}, run ${describeExit(run)} (${check.ms}+${run.ms} ms): ${message.slice(0, 140)}`,
      false: { badConfigNot78: not78 },
    };
  } finally {
    tmp.cleanup();
  }
}

/** The test gateway's config with `extra` appended. */
export function withExtra(extra: string): (dir: string) => string {
  return (dir) => gatewayYaml(dir) + extra;
}

/** The test gateway's config with `from` replaced by `to`. */
export function replaced(from: string, to: string): (dir: string) => string {
  return (dir) => gatewayYaml(dir).replace(from, to);
}

/** A folder inside the case's folder, made before the config is written. */
export function folder(dir: string, name: string): string {
  const p = path.join(dir, name);
  mkdirSync(p, { recursive: true });
  return p;
}
