/**
 * The parent's handle on pty-writer-cli.ts: N socat pty pairs whose device sides one child
 * process writes, each write at its planned time. Point serial drivers at `paths`, then play().
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

/** One planned write: at ms after t0, to port, these bytes. */
export type PlannedWrite = [at: number, port: number, bytes: Buffer];

/** A running writer. */
export class PtyWriter {
  private child: ChildProcess | undefined;
  private lines: string[] = [];
  private waiting: ((line: string) => void) | undefined;
  private readonly dir = mkdtempSync(path.join(os.tmpdir(), 'linegate-ptyw-'));
  paths: string[] = [];

  /** Starts the child with `ports` pty pairs. */
  async start(ports: number): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        '--require',
        require.resolve('tsx/cjs'),
        path.join(__dirname, 'pty-writer-cli.ts'),
        '--dir',
        this.dir,
        '--ports',
        String(ports),
      ],
      { stdio: ['pipe', 'pipe', 'inherit'] },
    );
    this.child = child;
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const w = this.waiting;
      this.waiting = undefined;
      if (w) w(line);
      else this.lines.push(line);
    });
    const ready = await this.next();
    if (!ready.startsWith('ready ')) throw new Error(`pty writer: ${ready}`);
    this.paths = JSON.parse(ready.slice(6)) as string[];
  }

  /**
   * Plays the writes, starting `leadMs` from now; resolves once the last is written, with t0 and
   * when each write began (epoch ms with sub-ms resolution, as performance.timeOrigin + now()).
   */
  async play(writes: PlannedWrite[], leadMs = 50): Promise<{ t0: number; written: number[] }> {
    const t0 = Date.now() + leadMs;
    const plan = { t0, writes: writes.map(([at, port, bytes]) => [at, port, bytes.toString('hex')]) };
    this.child!.stdin!.write(`play ${JSON.stringify(plan)}\n`);
    const answer = await this.next();
    if (!answer.startsWith('done ')) throw new Error(`pty writer: ${answer}`);
    return { t0, written: JSON.parse(answer.slice(5)) as number[] };
  }

  /** Stops the child (and its socat pairs) and removes its folder. */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }

  private next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => (this.waiting = resolve));
  }
}
