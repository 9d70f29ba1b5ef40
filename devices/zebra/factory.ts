/** Builds a ZebraPrinter from its configuration: the one place that maps config to a link's opener. */
import type { PrinterConfig } from '../../src/config/schema';
import type { DeviceContext } from '../../src/ports';
import { ZebraPrinter } from './printer';
import { SIM_PROFILES, type SimOptions } from './sim-engine';
import { VirtualZebra } from './simulator';
import { serialOpener, tcpOpener, usbOpener, type Link } from '../link';
import { printerLink } from './printer-link';

interface SimulatorConnection {
  type: 'simulator';
  options?: Record<string, unknown>;
}

/** Extra knobs not in the config schema (yet): tests and the composition root may set them. */
export interface ZebraPrinterTuning {
  watchIntervalMs?: number;
  writeTimeoutMs?: number;
  pollDelaysMs?: readonly number[];
}

/** The ZebraPrinter for one `printers.<name>` entry; a `simulator` connection embeds a VirtualZebra. */
export function createZebraPrinter(
  config: PrinterConfig,
  ctx: DeviceContext,
  tuning: ZebraPrinterTuning = {},
): ZebraPrinter {
  // The schema's TypeBox union type loses the `simulator` variant, which validation does accept.
  const conn = config.connection as PrinterConfig['connection'] | SimulatorConnection;
  const common = { writeTimeoutMs: tuning.writeTimeoutMs };
  let transport: Link;
  let companion: VirtualZebra | undefined;
  switch (conn.type) {
    case 'tcp':
      transport = printerLink(tcpOpener({ host: conn.host, port: conn.port, peer: 'printer' }), common);
      break;
    case 'serial':
      transport = printerLink(serialOpener({ path: conn.path, baudRate: conn.baudRate }), {
        ...common,
        name: `serial ${conn.path}@${conn.baudRate}`,
      });
      break;
    case 'usb':
      transport = printerLink(usbOpener({ path: conn.path }), common);
      break;
    case 'simulator': {
      const sim = new VirtualZebra({ historyLimit: 100, ...simulatorOptions(conn.options) });
      companion = sim;
      transport = printerLink(
        tcpOpener({ host: '127.0.0.1', port: () => sim.port, peer: 'printer' }),
        common,
      );
      break;
    }
  }
  return new ZebraPrinter({
    name: ctx.name,
    transport,
    log: ctx.log,
    clock: ctx.clock,
    statusTimeoutMs: config.statusTimeoutMs,
    confirmTimeoutMs: config.confirmTimeoutMs,
    watchIntervalMs: tuning.watchIntervalMs,
    statusFreshMs: config.statusFreshMs,
    pollDelaysMs: tuning.pollDelaysMs,
    companion,
  });
}

/** The simulator's `options`: a `profile` (SIM_PROFILES) and single settings over it. */
function simulatorOptions(options: Record<string, unknown> | undefined): SimOptions {
  const { profile, ...rest } = options ?? {};
  if (profile !== undefined && (typeof profile !== 'string' || !(profile in SIM_PROFILES)))
    throw new TypeError(`simulator option profile must be one of ${Object.keys(SIM_PROFILES).join(', ')}`);
  const out: SimOptions = { ...(profile !== undefined && SIM_PROFILES[profile as string]) };
  for (const [key, value] of Object.entries(rest)) {
    const type = SIM_OPTION_TYPES[key];
    if (!type) throw new TypeError(`unknown simulator option ${key}`);
    if (typeof value !== type) throw new TypeError(`simulator option ${key} must be a ${type}`);
    Object.assign(out, { [key]: value });
  }
  return out;
}

/** The simulator options a config may set, and their types. */
const SIM_OPTION_TYPES: Record<string, 'number' | 'boolean'> = {
  printMs: 'number',
  answerMs: 'number',
  silentWhenFaulted: 'boolean',
  errorStatus: 'boolean',
};
