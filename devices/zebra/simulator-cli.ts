/**
 * The virtual Zebra as a small program, for manual tests and for the serial/USB integration
 * tests (the printer side of a pty pair must be another process):
 *   npx tsx devices/zebra/simulator-cli.ts --port 9101 [--host 127.0.0.1] [--print-ms 50]
 *   npx tsx devices/zebra/simulator-cli.ts --device /dev/pts/7
 * Commands on stdin, one a line: paper-out on|off, head-open on|off, paused on|off,
 * ribbon-out on|off, silent on|off, slow <ms>, disconnect, printed, quit.
 * Prints "ready <port|path>" once serving, and "printed <n> <bytes>" for each label.
 */
import * as readline from 'node:readline';
import { ZebraEngine, type SimFaults } from './sim-engine';
import { VirtualZebra } from './simulator';
import { usbOpener } from '../link';
import { printerLink } from './printer-link';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const FLAGS: Record<string, keyof SimFaults> = {
  'paper-out': 'paperOut',
  'head-open': 'headOpen',
  paused: 'paused',
  'ribbon-out': 'ribbonOut',
  silent: 'silent',
};

interface Target {
  setFaults(change: Partial<SimFaults>): void;
  printed(): Buffer[];
  disconnect(): void;
  stop(): Promise<void>;
}

async function serveTcp(printMs: number): Promise<Target> {
  const sim = new VirtualZebra({
    port: Number(arg('port') ?? 9101),
    host: arg('host') ?? '127.0.0.1',
    printMs,
  });
  sim.on('printed', (f) => console.log(`printed ${sim.printed().length} ${f.length}`));
  console.log(`ready ${await sim.start()}`);
  return sim;
}

async function serveDevice(path: string, printMs: number): Promise<Target> {
  const engine = new ZebraEngine({ printMs });
  // The non-blocking device file of the USB opener: a blocking read on a tty would keep this
  // process from exiting until the other side closes.
  const link = printerLink(usbOpener({ path }), { backoff: { minMs: 50, maxMs: 1000 } });
  link.on('data', (chunk) => engine.feed(chunk));
  engine.on('output', (bytes) => void link.write(bytes).catch(() => undefined));
  engine.on('printed', (f) => console.log(`printed ${engine.printed().length} ${f.length}`));
  await link.start();
  console.log(`ready ${path}`);
  return {
    setFaults: (c) => engine.setFaults(c),
    printed: () => engine.printed(),
    disconnect: () => undefined,
    stop: async () => {
      engine.stop();
      await link.stop();
    },
  };
}

function command(target: Target, line: string): void {
  const [word, value] = line.trim().split(/\s+/);
  const flag = FLAGS[word];
  if (flag) target.setFaults({ [flag]: value !== 'off' });
  else if (word === 'slow') target.setFaults({ slowMs: Number(value ?? 0) });
  else if (word === 'disconnect') target.disconnect();
  else if (word === 'printed')
    target.printed().forEach((f, i) => console.log(`#${i + 1} ${f.toString('utf8')}`));
  else if (word === 'quit') void target.stop().then(() => process.exit(0));
  else if (word) console.log(`unknown command: ${word}`);
}

async function main(): Promise<void> {
  const printMs = Number(arg('print-ms') ?? 50);
  const device = arg('device');
  const target = device ? await serveDevice(device, printMs) : await serveTcp(printMs);
  readline.createInterface({ input: process.stdin }).on('line', (line) => command(target, line));
  const quit = () => void target.stop().then(() => process.exit(0));
  process.on('SIGTERM', quit);
  process.on('SIGINT', quit);
}

void main();
