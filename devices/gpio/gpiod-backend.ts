/**
 * GPIO through the character device, driving Debian's gpiod tools as child processes (`apt-get
 * install gpiod`): gpiomon for inputs, gpioset for outputs, gpioget for a first level. Works on
 * Raspberry Pi OS Bookworm and the Pi 5, where sysfs GPIO is offset or gone. Line numbers are
 * offsets on the chip (on a Pi: the BCM number, chip `gpiochip0`; Pi 5 kernels before 6.6.45:
 * `gpiochip4`). Handles the tools of libgpiod v1 (Bookworm) and v2 (Trixie).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { parseGpiodVersion, parseGpiomonLine } from './gpiomon-parser';
import type { Edge, GpioBackend, GpioPin, Level } from './pin';

/** Process functions, injectable so the backend is testable without GPIO. */
export interface GpiodProcesses {
  spawn(command: string, args: string[]): ChildProcess;
  run(command: string, args: string[]): Promise<string>;
}

/** Which chip, and optionally fake processes. */
export interface GpiodOptions {
  /** chip name or path. Default `gpiochip0`. */
  chip?: string;
  processes?: GpiodProcesses;
  /** called when a gpiomon/gpioset child dies unexpectedly (stderr text). */
  onProcessError?: (line: number, message: string) => void;
}

const execFileP = promisify(execFile);
const realProcesses: GpiodProcesses = {
  spawn: (command, args) => spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] }),
  run: async (command, args) => (await execFileP(command, args, { timeout: 5000 })).stdout,
};

/** The command line of each tool for one major version (exported for tests). */
export function gpiodArgs(version: 1 | 2, chip: string) {
  const low = (activeLow?: boolean): string[] => (activeLow ? ['-l'] : []);
  return {
    monitor: (line: number, edge: Edge, activeLow?: boolean): string[] =>
      version === 1
        ? // -b: line-buffered stdout, or events sit in the pipe buffer
          [
            '-b',
            ...low(activeLow),
            ...(edge === 'both' ? [] : [edge === 'rising' ? '-r' : '-f']),
            '-F',
            '%o %e %s.%n',
            chip,
            String(line),
          ]
        : [...low(activeLow), '-e', edge, '-F', '%o %e %S', '-c', chip, String(line)],
    get: (line: number, activeLow?: boolean): string[] =>
      version === 1
        ? [...low(activeLow), chip, String(line)]
        : [...low(activeLow), '--numeric', '-c', chip, String(line)],
    // v1 releases the line when gpioset exits unless told to wait for a signal; v2 holds it until killed.
    set: (line: number, level: Level, activeLow?: boolean): string[] =>
      version === 1
        ? ['-m', 'signal', ...low(activeLow), chip, `${line}=${level}`]
        : [...low(activeLow), '-c', chip, `${line}=${level}`],
  };
}

function alive(child: ChildProcess | undefined): child is ChildProcess {
  return child !== undefined && child.exitCode === null && child.signalCode === null;
}

/** Stops a child and waits for it to release the line (SIGKILL after 1 s). */
async function stopAndWait(child: ChildProcess | undefined): Promise<void> {
  if (!alive(child)) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 1000);
  await exited;
  clearTimeout(timer);
}

/** The gpiod-tools backend. */
export function gpiodBackend(opts: GpiodOptions = {}): GpioBackend {
  const processes = opts.processes ?? realProcesses;
  const chip = opts.chip ?? 'gpiochip0';
  let version: Promise<1 | 2> | undefined;
  const args = async () => {
    version ??= processes.run('gpiomon', ['--version']).then(parseGpiodVersion, () => 1 as const);
    return gpiodArgs(await version, chip);
  };
  const reportExit = (line: number, child: ChildProcess, expected: () => boolean): void => {
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code, signal) => {
      if (!expected()) opts.onProcessError?.(line, stderr.trim() || `exited with ${code ?? signal}`);
    });
    child.on('error', (err) => opts.onProcessError?.(line, err.message));
  };

  return {
    name: 'gpiod',
    async openInput(line, { edge, activeLow }) {
      const a = await args();
      let level = Number((await processes.run('gpioget', a.get(line, activeLow))).trim()) === 1 ? 1 : 0;
      const listeners = new Set<(level: Level) => void>();
      let closed = false;
      const child = processes.spawn('gpiomon', a.monitor(line, edge, activeLow));
      reportExit(line, child, () => closed);
      if (child.stdout) {
        createInterface({ input: child.stdout }).on('line', (text) => {
          const event = parseGpiomonLine(text);
          if (!event || (event.offset !== undefined && event.offset !== line)) return;
          level = event.edge === 'rising' ? 1 : 0;
          for (const listener of [...listeners]) listener(level as Level);
        });
      }
      const pin: GpioPin = {
        read: async () => level as Level,
        write: async () => {
          throw new TypeError(`GPIO line ${line} is an input`);
        },
        onEdge(listener) {
          listeners.add(listener);
          return () => listeners.delete(listener);
        },
        async close() {
          closed = true;
          listeners.clear();
          await stopAndWait(child);
        },
      };
      return pin;
    },
    async openOutput(line, { initial, activeLow }) {
      const a = await args();
      let child: ChildProcess | undefined;
      let current: Level = initial;
      let closed = false;
      let queue: Promise<void> = Promise.resolve();
      // the line is held by one gpioset at a time: the old one must exit before the new one asks for it.
      const drive = (level: Level): Promise<void> =>
        (queue = queue.then(async () => {
          await stopAndWait(child);
          if (closed) return;
          const mine = processes.spawn('gpioset', a.set(line, level, activeLow));
          child = mine;
          reportExit(line, mine, () => closed || child !== mine);
          current = level;
        }));
      await drive(initial);
      return {
        read: async () => current,
        write: async (level) => {
          if (closed) throw new Error(`GPIO line ${line} is closed`);
          if (level !== current) await drive(level);
        },
        onEdge: () => () => undefined,
        async close() {
          closed = true;
          await queue;
          await stopAndWait(child);
        },
      };
    },
  };
}
