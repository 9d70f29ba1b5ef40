import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export const BIN = path.resolve(__dirname, '../../bin/linegate.js');

/** A real gateway child process. */
export interface GatewayProcess {
  child: ChildProcess;
  /** the API base URL, once ready. */
  url: string;
  /** every stdout line (JSON logs). */
  lines: string[];
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `linegate` with arguments; resolves with exit code and output. */
export function runCli(
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, LINEGATE_LOG_FORMAT: 'json', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Starts `linegate run --config file` and waits for its ready log line. */
export function startGateway(
  configFile: string,
  env: NodeJS.ProcessEnv = {},
  timeoutMs = 45000,
): Promise<GatewayProcess> {
  const child = spawn(process.execPath, [BIN, 'run', '--config', configFile], {
    env: { ...process.env, LINEGATE_LOG_FORMAT: 'json', LINEGATE_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`gateway not ready within ${timeoutMs} ms; stderr: ${stderr}`));
    }, timeoutMs);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      lines.push(line);
      if (line.includes('"linegate ready"')) {
        clearTimeout(timer);
        resolve({
          child,
          url: (JSON.parse(line) as { api: string }).api,
          lines,
          stderr: () => stderr,
          exited,
        });
      }
    });
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code} before ready; stderr: ${stderr}`));
    });
  });
}
