/** Builds a ZebraPrinter from its configuration: the one place that maps config to transports. */
import type { PrinterConfig } from '../../src/config/schema';
import type { DeviceContext } from '../../src/ports';
import { ZebraPrinter } from './printer';
import { VirtualZebra } from './simulator';
import { SerialTransport } from './transport-serial';
import { TcpTransport } from './transport-tcp';
import { UsbTransport } from './transport-usb';
import type { Transport } from './transport';

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
  let transport: Transport;
  let companion: VirtualZebra | undefined;
  switch (conn.type) {
    case 'tcp':
      transport = new TcpTransport({ ...common, host: conn.host, port: conn.port });
      break;
    case 'serial':
      transport = new SerialTransport({ ...common, path: conn.path, baudRate: conn.baudRate });
      break;
    case 'usb':
      transport = new UsbTransport({ ...common, path: conn.path });
      break;
    case 'simulator': {
      const sim = new VirtualZebra({ historyLimit: 100, ...simulatorOptions(conn.options) });
      companion = sim;
      transport = new TcpTransport({ ...common, host: '127.0.0.1', port: () => sim.port });
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
    pollDelaysMs: tuning.pollDelaysMs,
    companion,
  });
}

function simulatorOptions(options: Record<string, unknown> | undefined): {
  printMs?: number;
  silentWhenFaulted?: boolean;
} {
  const printMs = options?.printMs;
  const silent = options?.silentWhenFaulted;
  if (printMs !== undefined && typeof printMs !== 'number')
    throw new TypeError('simulator option printMs must be a number');
  if (silent !== undefined && typeof silent !== 'boolean')
    throw new TypeError('simulator option silentWhenFaulted must be a boolean');
  return { printMs, silentWhenFaulted: silent };
}
