/**
 * The barcode scanner family for the registry (devices/index.ts): one driver per `scanners`
 * entry, on a serial port or on the built-in simulator.
 */
import type { ScannerConfig } from '../../src/config/schema';
import type { BarcodeScanner, DeviceContext } from '../../src/ports';
import type { DeviceFamily } from '../../src/ports/devices';
import { SimOptionsReader } from '../serial/sim-options';
import { SerialScanner, type ScannerTuning } from './scanner';
import { SimulatedScanner } from './simulated-scanner';
import type { ScannerSimulatorOptions } from './simulator';

/** The simulator settings in `connection.options`: scans, everyMs, delayMs, eol, pty. */
export function scannerSimulatorOptions(cfg: ScannerConfig, where: string): ScannerSimulatorOptions {
  const options = cfg.connection.type === 'simulator' ? (cfg.connection.options ?? {}) : {};
  const o = new SimOptionsReader(options, `${where}.connection.options`).only([
    'scans',
    'everyMs',
    'delayMs',
    'eol',
    'pty',
  ]);
  return {
    autoScans: o.strings('scans', /^[^\r\n]+$/, 'scans (text without CR or LF)'),
    autoEveryMs: o.positiveInt('everyMs'),
    autoDelayMs: o.positiveInt('delayMs'),
    eol: o.oneOf('eol', ['crlf', 'cr', 'lf'] as const),
    pty: o.bool('pty'),
  };
}

/** Builds the driver for one `scanners` entry (nothing is opened until start()); throws TypeError on bad settings. */
export function createScanner(
  cfg: ScannerConfig,
  ctx: DeviceContext,
  tuning?: ScannerTuning,
): SerialScanner | SimulatedScanner {
  if (cfg.connection.type === 'serial') {
    return new SerialScanner({
      ctx,
      tuning,
      address: { path: cfg.connection.path, baudRate: cfg.connection.baudRate },
    });
  }
  return new SimulatedScanner({
    ctx,
    tuning,
    simulator: scannerSimulatorOptions(cfg, `scanners.${ctx.name}`),
  });
}

/** The scanner family. */
export const scannerFamily: DeviceFamily = {
  name: 'scanner',
  scanners(config, ctx): Map<string, BarcodeScanner> {
    const scanners = new Map<string, BarcodeScanner>();
    for (const [name, cfg] of Object.entries(config.scanners ?? {})) {
      scanners.set(name, createScanner(cfg, ctx('scanner', name)));
    }
    return scanners;
  },
};
