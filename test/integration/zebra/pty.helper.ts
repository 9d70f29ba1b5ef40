/**
 * A real pseudo-terminal pair from socat, with the printer side served by simulator-cli.ts in a
 * child process (a blocking pty write in this process could deadlock). Needs socat installed
 * (apt-get install -y socat).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { until } from './printer.helper';

/** The gateway side path, the printer process's output so far, and a stop function. */
export interface PtyPrinter {
  hostPath: string;
  output: () => string;
  send: (line: string) => void;
  stop: () => Promise<void>;
}

function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

/** Starts socat and the printer simulator on the far end of the pty pair. */
export async function startPtyPrinter(): Promise<PtyPrinter> {
  if (spawnSync('socat', ['-V']).error) throw new Error('socat is missing: apt-get install -y socat');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linegate-pty-'));
  const host = path.join(dir, 'host');
  const dev = path.join(dir, 'printer');
  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${host}`, `pty,raw,echo=0,link=${dev}`], {
    stdio: 'ignore',
  });
  await until(() => fs.existsSync(host) && fs.existsSync(dev));
  const cli = path.join(__dirname, '..', '..', '..', 'devices', 'zebra', 'simulator-cli.ts');
  const sim = spawn(
    process.execPath,
    ['--require', require.resolve('tsx/cjs'), cli, '--device', dev, '--print-ms', '10'],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  let out = '';
  sim.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await until(() => out.includes('ready') || sim.exitCode !== null);
  return {
    hostPath: host,
    output: () => out,
    send: (line) => sim.stdin?.write(`${line}\n`),
    stop: async () => {
      await kill(sim);
      await kill(socat);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
