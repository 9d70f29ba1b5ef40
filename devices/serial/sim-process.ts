/**
 * The parent's handle on a simulator program (see sim-cli.ts): starts it in its own process with
 * a fresh folder for the pty links, gives back the gateway-side path, sends commands and awaits
 * their answers, watches its event lines, and stops it cleanly (the program kills its socat).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as readline from 'node:readline';
import type { SimulatorHandle } from './sim-handle';
import { LinegateError } from '../../src/errors';

/** How to run the simulator program. */
export interface SimulatorProcessOptions {
  /** the program: a .ts file (run through tsx, development) or a compiled .js file. */
  script: string;
  /** device options, e.g. ['--protocol', 'uhf-bb7e']. */
  args?: string[];
  /** longest wait for `ready` and for a command's answer (default 10000 ms). */
  timeoutMs?: number;
  /** the program's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
}

/** A simulator program in `dir` of the running build: the .ts source under tsx, the .js when compiled. */
export function simulatorScript(dir: string, base = 'simulator-cli'): string {
  return path.join(dir, base + path.extname(__filename));
}

interface Pending {
  resolve: (line: string) => void;
  reject: (err: Error) => void;
}

/** A running simulator program. */
export class SimulatorProcess implements SimulatorHandle {
  /** the driver opens the pty with the real serialport. */
  readonly openPort = undefined;
  private child: ChildProcess | undefined;
  private dir: string | undefined;
  private lastDir: string | undefined;
  private path: string | undefined;
  private readonly pending: Pending[] = [];
  private readonly events: string[] = [];
  private readonly watchers = new Set<() => void>();
  private stderr = '';
  private dropped = 0;

  constructor(private readonly options: SimulatorProcessOptions) {}

  /** The path the gateway opens (valid after start). */
  get gatewayPath(): string {
    if (!this.path) throw new LinegateError('SIMULATOR_FAILED', 'the simulator is not started');
    return this.path;
  }

  /** The folder of the pty links of the latest start (kept after stop, to look for leftovers). */
  get folder(): string | undefined {
    return this.lastDir;
  }

  /** The most recent event lines (`polling on`, `rx ...`, `gone`, `back ...`). */
  eventLines(): readonly string[] {
    return this.events;
  }

  /** Number of event lines printed so far. */
  eventCount(): number {
    return this.dropped + this.events.length;
  }

  /** Starts the program and waits for its pty pair. Idempotent. */
  async start(): Promise<void> {
    if (this.child) return;
    this.dir = mkdtempSync(path.join(os.tmpdir(), 'linegate-sim-'));
    this.lastDir = this.dir;
    const execArgv = this.options.script.endsWith('.ts') ? ['--require', require.resolve('tsx/cjs')] : [];
    const child = spawn(
      process.execPath,
      [...execArgv, this.options.script, '--dir', this.dir, ...(this.options.args ?? [])],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
        env: this.options.env ?? process.env,
      },
    );
    this.child = child;
    child.stderr?.on('data', (c: Buffer) => (this.stderr = (this.stderr + c.toString()).slice(-2000)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => this.line(line));
    child.once('exit', (code) => this.exited(code));
    child.on('error', (err) => this.exited(null, err));
    try {
      // Starting node (and tsx) on a loaded machine can take far longer than a command's answer.
      const ready = await this.waitFor(/^ready /, {
        timeoutMs: Math.max(30_000, this.options.timeoutMs ?? 0),
      });
      this.path = ready.slice('ready '.length);
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  /** Sends one command line; resolves with `ok ...`, rejects SIMULATOR_FAILED on `error ...`. */
  command(line: string): Promise<string> {
    const child = this.child;
    if (!child?.stdin || child.exitCode !== null) {
      return Promise.reject(new LinegateError('SIMULATOR_FAILED', 'the simulator is not running'));
    }
    const timeoutMs = this.options.timeoutMs ?? 10_000;
    return new Promise<string>((resolve, reject) => {
      // On a timeout the entry stays queued (answers come in order) but no longer settles anything.
      const timer = setTimeout(() => {
        entry.resolve = entry.reject = () => undefined;
        reject(this.failure(`gave no answer to ${JSON.stringify(line)} within ${timeoutMs} ms`));
      }, timeoutMs);
      const entry: Pending = {
        resolve: (answer) => (clearTimeout(timer), resolve(answer)),
        reject: (err) => (clearTimeout(timer), reject(err)),
      };
      this.pending.push(entry);
      child.stdin!.write(`${line}\n`);
    });
  }

  /**
   * Resolves with the first event line matching `re`, counting from event number `from` (default
   * 0: past lines count too; pass eventCount() to wait for a new one).
   */
  waitFor(re: RegExp, options: { from?: number; timeoutMs?: number } = {}): Promise<string> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 10_000;
    return new Promise<string>((resolve, reject) => {
      const check = () => {
        const hit = this.events
          .slice(Math.max(0, (options.from ?? 0) - this.dropped))
          .find((l) => re.test(l));
        if (hit !== undefined) done(() => resolve(hit));
        else if (!this.child) done(() => reject(this.failure(`exited before printing ${re}`)));
      };
      const timer = setTimeout(
        () => done(() => reject(this.failure(`no ${re} within ${timeoutMs} ms`))),
        timeoutMs,
      );
      const done = (settle: () => void) => {
        clearTimeout(timer);
        this.watchers.delete(check);
        settle();
      };
      this.watchers.add(check);
      check();
    });
  }

  /** The device disappears (pty pair gone), as when a USB adapter is pulled. */
  async disappear(): Promise<void> {
    await this.command('disappear');
  }

  /** The device comes back under the same path, freshly powered. */
  async reappear(): Promise<void> {
    await this.command('reappear');
  }

  /** Quits the program (it kills its socat), waits for it, removes the folder. Idempotent. */
  async stop(): Promise<void> {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) {
      const gone = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.stdin?.end(); // the program quits at the end of stdin, killing socat first
      const timer = setTimeout(() => this.kill(child), 5000);
      await gone;
      clearTimeout(timer);
    }
    this.exited(child?.exitCode ?? null);
    if (this.dir) rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
    this.path = undefined;
  }

  /** Last resort for a hung program: kill it and the socat it would have killed. */
  private kill(child: ChildProcess): void {
    child.kill('SIGKILL');
    const socat = [...this.events].reverse().find((l) => /^socat \d+$/.test(l));
    if (!socat) return;
    try {
      process.kill(Number(socat.slice('socat '.length)), 'SIGTERM');
    } catch {
      // already gone
    }
  }

  private line(line: string): void {
    if (line.startsWith('ok ') || line.startsWith('error ')) {
      const p = this.pending.shift();
      if (line.startsWith('ok ')) p?.resolve(line);
      else p?.reject(new LinegateError('SIMULATOR_FAILED', line.slice('error '.length)));
      return;
    }
    this.events.push(line);
    if (this.events.length > 1000) this.dropped += this.events.splice(0, 500).length;
    for (const w of [...this.watchers]) w();
  }

  private exited(code: number | null, err?: Error): void {
    if (!this.child) return;
    this.child.removeAllListeners();
    this.child.stdout?.removeAllListeners();
    this.child.stderr?.removeAllListeners();
    this.child = undefined;
    const failure = this.failure(err ? err.message : `exited with ${code}`);
    for (const p of this.pending.splice(0)) p.reject(failure);
    for (const w of [...this.watchers]) w();
  }

  private failure(what: string): LinegateError {
    const fatal = /^fatal (SIMULATOR_UNAVAILABLE|SIMULATOR_FAILED) (.*)$/.exec(
      this.events.find((l) => l.startsWith('fatal ')) ?? '',
    );
    if (fatal)
      return new LinegateError(
        fatal[1] as 'SIMULATOR_UNAVAILABLE' | 'SIMULATOR_FAILED',
        `simulator: ${fatal[2]}`,
      );
    const tail = this.stderr.trim().split('\n').slice(-3).join(' | ');
    return new LinegateError('SIMULATOR_FAILED', `simulator ${what}${tail ? `: ${tail}` : ''}`);
  }
}
