/**
 * A scanner on the built-in simulator (`connection: { type: simulator }`): the simulated scanner
 * in-process (or in its own process on a socat pty pair), read by the ordinary serial driver. `simulator` gives
 * tests and the demo control over the simulated device.
 */
import type { BarcodeScanner } from '../../src/ports';
import { SimulatedDevice } from '../serial/simulated-device';
import { SerialScanner, type SerialScannerOptions } from './scanner';
import { ScannerSimulator, type ScannerSimulatorOptions } from './simulator';

/** The serial scanner's options without the address, plus the simulator's. */
export interface SimulatedScannerOptions extends Omit<SerialScannerOptions, 'address'> {
  simulator: ScannerSimulatorOptions;
}

/** A BarcodeScanner backed by a simulated scanner process. */
export class SimulatedScanner
  extends SimulatedDevice<ScannerSimulator, SerialScanner>
  implements BarcodeScanner
{
  constructor(options: SimulatedScannerOptions) {
    super({
      name: options.ctx.name,
      events: ['scan'],
      simulator: () => new ScannerSimulator(options.simulator),
      driver: (path, openPort) =>
        new SerialScanner({
          ...options,
          address: { path, baudRate: 9600 },
          tuning: { ...options.tuning, openPort: openPort ?? options.tuning?.openPort },
        }),
    });
  }
}
