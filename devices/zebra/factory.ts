/** Builds a ZebraPrinter from its configuration: the one place that maps config to transports. */
import type { DeviceContext } from '../../src/ports';
import { ZebraPrinter } from './printer';
import { throwAt, zebraSimulatorOptions, type PrinterConfig } from './config';
import { VirtualZebra } from './simulator';
import { SerialTransport } from './transport-serial';
import { TcpTransport } from './transport-tcp';
import { UsbTransport } from './transport-usb';
import type { Transport } from './transport';

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
      const options = zebraSimulatorOptions(conn.options, throwAt(`printers.${ctx.name}.connection.options`));
      const sim = new VirtualZebra({ historyLimit: 100, ...options });
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
    statusFreshMs: config.statusFreshMs,
    pollDelaysMs: tuning.pollDelaysMs,
    companion,
  });
}
