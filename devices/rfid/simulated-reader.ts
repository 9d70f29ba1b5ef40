/**
 * A reader on the built-in simulator (`connection: { type: simulator }`): the simulated reader
 * in-process on the mock binding (or in its own process on a socat pty pair with `pty: true`),
 * read by the ordinary serial driver. `simulator` gives
 * tests and the whole-line demo control over the simulated device.
 */
import type { TagReader } from '../../src/ports';
import { SimulatedDevice } from '../serial/simulated-device';
import { SerialTagReader, type SerialTagReaderOptions } from './reader';
import { RfidSimulator, type RfidSimulatorOptions } from './simulator';
import type { RfidTagRead } from './types';

/** The serial reader's options without the address, plus the simulator's. */
export interface SimulatedTagReaderOptions extends Omit<SerialTagReaderOptions, 'address'> {
  simulator: RfidSimulatorOptions;
}

/** A TagReader backed by a simulated reader process. */
export class SimulatedTagReader extends SimulatedDevice<RfidSimulator, SerialTagReader> implements TagReader {
  constructor(options: SimulatedTagReaderOptions) {
    super({
      name: options.ctx.name,
      events: ['tag', 'arrive', 'depart'],
      simulator: () => new RfidSimulator(options.simulator),
      driver: (path, openPort) =>
        new SerialTagReader({
          ...options,
          address: { path, baudRate: 115200 },
          tuning: { ...options.tuning, openPort: openPort ?? options.tuning?.openPort },
        }),
    });
  }

  /** Tags being read now, most recently seen first. */
  present(): Array<RfidTagRead & { lastSeen: number }> {
    return this.driver?.present() ?? [];
  }
}
