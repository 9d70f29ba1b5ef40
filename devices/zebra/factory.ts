/** Builds a ZebraPrinter from its configuration: the one place that maps config to a link's opener. */
import type { DeviceContext } from '../../src/ports';
import { ZebraPrinter } from './printer';
import { throwAt, zebraSimulatorOptions, type PrinterConfig } from './config';
import { VirtualZebra } from './simulator';
import { serialOpener, tcpOpener, usbOpener, type Link } from '../link';
import { printerLink } from './printer-link';

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
  const conn = config.connection;
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
      const options = zebraSimulatorOptions(conn.options, throwAt(`printers.${ctx.name}.connection.options`));
      const sim = new VirtualZebra({ historyLimit: 100, ...options });
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
