/**
 * The LabelPrinter contract (test/contract/printer.contract.ts) run against the Zebra driver with
 * its simulators: over real TCP to the virtual Zebra in each of its profiles, over a socat pty
 * (serial) to the virtual Zebra in its own process, and on the in-process simulator a config's
 * `connection: { type: simulator }` builds (the demo's printer).
 */
import { mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createZebraPrinter } from '../../../devices/zebra/factory';
import { SIM_PROFILES } from '../../../devices/zebra/sim-engine';
import { VirtualZebra } from '../../../devices/zebra/simulator';
import type { PrinterConfig } from '../../../devices/zebra/config';
import { systemClock, type DeviceContext } from '../../../src/ports';
import { silentLog } from '../../helpers/silent-log';
import { printerContract, type PrinterFault, type PrinterHarness } from '../../contract/printer.contract';
import { until } from '../../contract/support';
import { freePort } from '../upstream/helpers';
import { startPtyPrinter, type PtyPrinter } from '../zebra/pty.helper';

const ctx: DeviceContext = {
  name: 'printer-contract',
  log: silentLog,
  clock: systemClock,
  dataDir: '/nonexistent',
};

/** A printer entry as the config gives it (the timeouts are the only other keys the driver reads). */
function printerConfig(connection: Record<string, unknown>): PrinterConfig {
  return { connection, statusTimeoutMs: 1000, confirmTimeoutMs: 10_000 } as unknown as PrinterConfig;
}

/** A driver's printer as its family builds it, with the status watch every 200 ms. */
function zebraPrinter(connection: Record<string, unknown>) {
  return createZebraPrinter(printerConfig(connection), ctx, { watchIntervalMs: 200 });
}

/** The hands on an in-process VirtualZebra; goAway stops it (connections refused) until comeBack. */
function virtualZebraHands(
  sim: VirtualZebra,
): Pick<PrinterHarness, 'printed' | 'fault' | 'goAway' | 'comeBack'> {
  return {
    printed: async () => sim.printed().map((f) => f.toString('latin1')),
    fault: async (fault: PrinterFault, on: boolean) => sim.setFaults({ [fault]: on }),
    goAway: () => sim.stop(),
    comeBack: async () => void (await sim.start()),
  };
}

/** Resolves once a simulator-cli process has handled every command sent before; its output since. */
async function ptySync(pty: PtyPrinter): Promise<string> {
  const from = pty.output().length;
  const marker = `sync-${from}`;
  pty.send(marker); // answered "unknown command: sync-N" after the commands before it
  await until('the simulator in step', () => pty.output().includes(`unknown command: ${marker}`, from));
  return pty.output().slice(from);
}

/** The formats a simulator-cli process has printed, asked on its stdin. */
async function ptyPrinted(pty: PtyPrinter): Promise<string[]> {
  pty.send('printed');
  return (await ptySync(pty))
    .split('\n')
    .filter((l) => /^#\d+ /.test(l))
    .map((l) => l.replace(/^#\d+ /, ''));
}

describe('LabelPrinter contract', function () {
  this.timeout(30_000);

  for (const profile of Object.keys(SIM_PROFILES)) {
    describe(`zebra driver over TCP, virtual Zebra profile ${profile} (answers its faults)`, () =>
      printerContract(async (): Promise<PrinterHarness> => {
        const sim = new VirtualZebra({
          ...SIM_PROFILES[profile],
          silentWhenFaulted: false,
          port: await freePort(),
        });
        await sim.start();
        const printer = zebraPrinter({ type: 'tcp', host: '127.0.0.1', port: sim.port });
        return {
          printer,
          ...virtualZebraHands(sim),
          silentWhenFaulted: false,
          close: async () => {
            await printer.stop();
            await sim.stop();
          },
        };
      }));
  }

  describe('zebra driver over a socat pty (serial), virtual Zebra in its own process (silent when faulted)', () => {
    // One printer process for the group (it takes a second or two to spawn), a fresh driver per
    // test. The driver opens a link that goAway removes and comeBack points at a new pty pair.
    let dir: string;
    let link: string;
    let pty: PtyPrinter | undefined;
    const plugIn = async () => {
      pty = await startPtyPrinter();
      symlinkSync(pty.hostPath, link);
    };
    const ptyOn = () => {
      if (!pty) throw new Error('the printer is away');
      return pty;
    };
    const setFault = async (fault: PrinterFault, on: boolean) => {
      ptyOn().send(`${fault === 'paperOut' ? 'paper-out' : 'head-open'} ${on ? 'on' : 'off'}`);
      await ptySync(ptyOn());
    };
    before(async () => {
      dir = mkdtempSync(path.join(os.tmpdir(), 'linegate-printer-contract-'));
      link = path.join(dir, 'printer');
      await plugIn();
    });
    after(async () => {
      await pty?.stop();
      rmSync(dir, { recursive: true, force: true });
    });
    printerContract(async (): Promise<PrinterHarness> => {
      if (!pty) await plugIn();
      let before = (await ptyPrinted(ptyOn())).length; // what earlier tests printed
      const printer = zebraPrinter({ type: 'serial', path: link, baudRate: 9600 });
      return {
        printer,
        printed: async () => (await ptyPrinted(ptyOn())).slice(before),
        fault: setFault,
        silentWhenFaulted: true,
        goAway: async () => {
          unlinkSync(link);
          await pty?.stop();
          pty = undefined;
        },
        comeBack: async () => {
          await plugIn();
          before = 0; // a new printer process has printed nothing
        },
        close: async () => {
          await printer.stop();
          if (!pty) return;
          await setFault('paperOut', false);
          await setFault('headOpen', false);
        },
      };
    });
  });

  describe('zebra driver on the in-process simulator (config: connection simulator, the demo)', () =>
    printerContract(async (): Promise<PrinterHarness> => {
      const printer = zebraPrinter({ type: 'simulator', options: { profile: 'fast' } });
      const sim = () => {
        const companion = printer.companion;
        if (!(companion instanceof VirtualZebra)) throw new Error('no embedded virtual Zebra');
        return companion;
      };
      return {
        printer,
        printed: () => virtualZebraHands(sim()).printed(),
        fault: (fault, on) => virtualZebraHands(sim()).fault(fault, on),
        silentWhenFaulted: true,
        goAway: () => sim().stop(),
        comeBack: async () => void (await sim().start()),
        close: () => printer.stop(),
      };
    }));
});
