/**
 * The barcode scanner family for the registry (devices/index.ts): one driver per `scanners`
 * entry, on a serial port or on the built-in simulator.
 */
import type { BarcodeScanner, DeviceContext } from '../../src/ports';
import type { DeviceFamily } from '../../src/ports/devices';
import {
  checkScannerConfig,
  scannerConfig,
  scannersOf,
  scannerSimulatorOptions,
  type ScannerConfig,
} from './config';
import { SerialScanner, type ScannerTuning } from './scanner';
import { SimulatedScanner } from './simulated-scanner';

export { scannerSimulatorOptions } from './config';

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
  config: scannerConfig,
  checkConfig: checkScannerConfig,
  scanners(config, ctx): Map<string, BarcodeScanner> {
    const scanners = new Map<string, BarcodeScanner>();
    for (const [name, cfg] of Object.entries(scannersOf(config))) {
      scanners.set(name, createScanner(cfg, ctx('scanner', name)));
    }
    return scanners;
  },
};
