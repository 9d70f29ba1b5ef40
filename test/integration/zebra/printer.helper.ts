/** Test helpers: a ZebraPrinter on a VirtualZebra over real TCP sockets. */
import pino from 'pino';
import { systemClock, type DeviceContext } from '../../../src/ports';
import type { PrinterConfig } from '../../../devices/zebra/config';
import { createZebraPrinter, type ZebraPrinterTuning } from '../../../devices/zebra/factory';
import type { ZebraPrinter } from '../../../devices/zebra/printer';
import { VirtualZebra, type VirtualZebraOptions } from '../../../devices/zebra/simulator';

export const ctx: DeviceContext = {
  name: 'zebra1',
  log: pino({ level: 'silent' }),
  clock: systemClock,
  dataDir: '/tmp',
};

/** A PrinterConfig from the fields the Zebra driver reads (the rest belongs to the core). */
export function printerConfig(
  fields: Pick<PrinterConfig, 'connection' | 'statusTimeoutMs' | 'confirmTimeoutMs'> &
    Partial<Pick<PrinterConfig, 'statusFreshMs'>>,
): PrinterConfig {
  return fields as PrinterConfig;
}

/** A started VirtualZebra and a started ZebraPrinter connected to it. */
export async function printerOnSimulator(
  simOptions: VirtualZebraOptions = {},
  config: Partial<Pick<PrinterConfig, 'statusTimeoutMs' | 'confirmTimeoutMs' | 'statusFreshMs'>> = {},
  tuning: ZebraPrinterTuning = { watchIntervalMs: 0 },
): Promise<{ sim: VirtualZebra; printer: ZebraPrinter; stop: () => Promise<void> }> {
  const sim = new VirtualZebra(simOptions);
  const port = await sim.start();
  const printer = createZebraPrinter(
    printerConfig({
      connection: { type: 'tcp', host: '127.0.0.1', port },
      statusTimeoutMs: 300,
      confirmTimeoutMs: 3000,
      ...config,
    }),
    ctx,
    tuning,
  );
  await printer.start();
  return { sim, printer, stop: async () => (await printer.stop(), await sim.stop()) };
}

/** Resolves when `cond` holds, polling every 5 ms (no timing assertion: mocha's timeout bounds it). */
export async function until(cond: () => boolean): Promise<void> {
  while (!cond()) await new Promise((r) => setTimeout(r, 5));
}

/**
 * printerOnSimulator for the tests of the enclosing describe: every pair opened in a test is
 * stopped after it. Call once in the describe body.
 */
export function simulatorPerTest(): typeof printerOnSimulator {
  const stops: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });
  return async (...args) => {
    const env = await printerOnSimulator(...args);
    stops.push(env.stop);
    return env;
  };
}
