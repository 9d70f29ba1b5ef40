/**
 * The main loop shared by the simulator programs (devices/rfid/simulator-cli.ts,
 * devices/scanner/simulator-cli.ts), which run as child processes of the gateway or a test:
 *   node simulator-cli --dir DIR [--baud N] [device options]
 * It creates the pty pair (PtyHost), prints `ready <gateway path>` (or `fatal CODE message` and
 * exits), then reads commands on stdin,
 * one a line, and answers each in order with `ok <op>` or `error <op> <message>`. Other lines
 * on stdout are events (`polling on`, `rx <hex>` ...). Built-in commands: `disappear`,
 * `reappear`, `quit`. The program quits when stdin closes, so it never outlives its parent.
 */
import * as readline from 'node:readline';
import { PtyHost } from './pty-host';
import { hasCode, type ErrorCode } from '../../src/errors';

/** The codes a serial device or its simulator fails with (the rest are reported as SIMULATOR_FAILED). */
const SERIAL_DEVICE_CODES: ErrorCode[] = [
  'SERIAL_NOT_OPEN',
  'SERIAL_WRITE_FAILED',
  'SIMULATOR_UNAVAILABLE',
  'SIMULATOR_FAILED',
];

/** What a simulated device gets to talk through. */
export interface SimIo {
  /** writes bytes to the gateway (rejects while the device is gone). */
  write(data: Buffer): Promise<void>;
  /** prints an event line for the parent. */
  say(line: string): void;
  /** the value of `--name` on the command line, if given. */
  arg(name: string): string | undefined;
}

/** A simulated device: answers the gateway's bytes and the parent's commands. */
export interface SimDevice {
  /** bytes the gateway wrote. */
  received(chunk: Buffer): void;
  /** runs one command; throws to answer `error`. Unknown ops must throw too. */
  command(op: string, args: string[]): Promise<void> | void;
  /** called after reappear() (a power-cycled device starts from scratch). */
  reset?(): void;
  /** clears the device's own timers before exit. */
  stop?(): void;
}

function argOf(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

/** Runs a simulator program until `quit`, SIGTERM or the end of stdin. */
export async function runSimulatorCli(build: (io: SimIo) => SimDevice): Promise<void> {
  const dir = argOf('dir');
  if (!dir) throw new TypeError('simulator: --dir DIR is required');
  const host = new PtyHost({ dir, baudRate: Number(argOf('baud') ?? 115200) });
  const io: SimIo = { write: (d) => host.write(d), say: (l) => process.stdout.write(`${l}\n`), arg: argOf };
  const device = build(io);
  host.on('data', (chunk) => device.received(chunk));
  let quitting = false;
  const quit = async (): Promise<void> => {
    if (quitting) return;
    quitting = true;
    device.stop?.();
    await host.stop();
    process.exit(0);
  };
  const builtIn: Record<string, () => Promise<void>> = {
    disappear: () => host.stop().then(() => io.say('gone')),
    reappear: () =>
      host.start().then(() => {
        device.reset?.();
        io.say(`socat ${host.socatPid}`);
        io.say(`back ${host.gatewayPath}`);
      }),
    quit,
  };
  let queue = Promise.resolve();
  const run = async (line: string): Promise<void> => {
    const [op, ...args] = line.trim().split(/\s+/);
    if (!op) return;
    try {
      await (builtIn[op] ? builtIn[op]() : device.command(op, args));
      io.say(`ok ${op}`);
    } catch (err) {
      io.say(`error ${op} ${(err as Error).message}`);
    }
  };
  readline
    .createInterface({ input: process.stdin })
    .on('line', (line) => (queue = queue.then(() => run(line))))
    .on('close', () => void queue.then(quit));
  process.on('SIGTERM', () => void quit());
  process.on('SIGINT', () => void quit());
  try {
    await host.start();
  } catch (err) {
    // `fatal CODE message` tells the parent why, with the stable code (e.g. SIMULATOR_UNAVAILABLE).
    const code = hasCode(err, ...SERIAL_DEVICE_CODES) ? err.code : 'SIMULATOR_FAILED';
    io.say(`fatal ${code} ${(err as Error).message}`);
    process.exit(1);
  }
  io.say(`socat ${host.socatPid}`);
  io.say(`ready ${host.gatewayPath}`);
}
