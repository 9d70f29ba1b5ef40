/**
 * `linegate sim plc|printer|mes|reader|scanner [options]`: the built-in simulators as programs, for
 * commissioning a line before (or without) the real part. Each runs in the foreground with its
 * own options and takes commands (its fault switches) on stdin; see docs/commissioning.md.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Command } from 'commander';

/** Simulator programs by name: folder under devices/ and file name. */
const SIMULATORS: Record<string, { dir: string; file: string; what: string }> = {
  plc: { dir: 'opcua', file: 'simulator-cli', what: 'an OPC UA PLC serving the station handshake' },
  printer: { dir: 'zebra', file: 'simulator-cli', what: 'a Zebra printer on TCP 9100 (or a device path)' },
  mes: { dir: 'mes-receiver', file: 'cli', what: 'an MES receiving events (and leasing serial blocks)' },
  reader: { dir: 'rfid', file: 'simulator-cli', what: 'an RFID reader on a pty pair (needs socat)' },
  scanner: { dir: 'scanner', file: 'simulator-cli', what: 'a barcode scanner on a pty pair (needs socat)' },
};

/** The program of a simulator in the running build (the .ts source under tsx, the .js when compiled). */
function programOf(name: string): { file: string; execArgv: string[] } {
  const sim = SIMULATORS[name];
  const file = path.join(__dirname, sim.dir, sim.file + path.extname(__filename));
  return { file, execArgv: file.endsWith('.ts') ? ['--require', require.resolve('tsx/cjs')] : [] };
}

/** Runs a simulator in the foreground; resolves with its exit code. */
export function runSimulator(name: string, args: string[]): Promise<number> {
  const { file, execArgv } = programOf(name);
  const child = spawn(process.execPath, [...execArgv, file, ...args], { stdio: 'inherit' });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward).on('SIGTERM', forward);
  return new Promise((resolve) =>
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward).off('SIGTERM', forward);
      resolve(code ?? (signal ? 0 : 1));
    }),
  );
}

/** Registers `linegate sim`. */
export function registerSimCommand(program: Command, run: (result: Promise<number>) => void): void {
  const list = Object.entries(SIMULATORS)
    .map(([n, s]) => `  ${n.padEnd(8)} ${s.what}`)
    .join('\n');
  program
    .command('sim')
    .description('run a built-in simulator for commissioning (docs/commissioning.md)')
    .argument('<device>', Object.keys(SIMULATORS).join('|'))
    .argument('[options...]', "the simulator's own options, e.g. --port 9101")
    .allowUnknownOption()
    .helpOption(false)
    .addHelpText('after', `\nsimulators:\n${list}`)
    .action((device: string, options: string[]) => {
      if (!SIMULATORS[device]) {
        process.stderr.write(
          `linegate sim: unknown simulator ${device} (one of ${Object.keys(SIMULATORS).join(', ')})\n`,
        );
        run(Promise.resolve(64));
        return;
      }
      run(runSimulator(device, options));
    });
}
