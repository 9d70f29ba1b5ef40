/**
 * A reader on the built-in simulator (`connection: { type: simulator }`): start() launches the
 * simulated reader in its own process on a socat pty pair, then runs the ordinary serial driver
 * against it, so the demo exercises the same code as a real reader. `simulator` gives tests and
 * the whole-line demo control over the simulated device.
 */
import { EventEmitter } from 'node:events';
import type { DeviceHealth, TagReader } from '../../src/ports';
import { SerialDeviceError } from '../serial/errors';
import { SerialTagReader, type SerialTagReaderOptions, type TagReaderEvents } from './reader';
import { RfidSimulator, type RfidSimulatorOptions } from './simulator';
import type { RfidTagRead } from './types';

/** The serial reader's options without the address, plus the simulator's. */
export interface SimulatedTagReaderOptions extends Omit<SerialTagReaderOptions, 'address'> {
  simulator: RfidSimulatorOptions;
}

/** A TagReader backed by a simulated reader process. */
export class SimulatedTagReader extends EventEmitter<TagReaderEvents> implements TagReader {
  private sim: RfidSimulator | undefined;
  private reader: SerialTagReader | undefined;
  private failure: string | undefined;
  private readonly forward = (read: RfidTagRead) => this.emit('tag', read);

  constructor(private readonly options: SimulatedTagReaderOptions) {
    super();
  }

  get name(): string {
    return this.options.ctx.name;
  }

  /** The simulated device (after start). */
  get simulator(): RfidSimulator {
    if (!this.sim) throw new SerialDeviceError('SIMULATOR_FAILED', `${this.name}: simulator not started`);
    return this.sim;
  }

  /** Starts the simulator, then the driver. Rejects SIMULATOR_UNAVAILABLE when socat is missing. Idempotent. */
  async start(): Promise<void> {
    if (this.sim) return;
    const sim = new RfidSimulator(this.options.simulator);
    this.sim = sim;
    try {
      await sim.start();
    } catch (err) {
      this.sim = undefined;
      this.failure = (err as Error).message;
      throw err;
    }
    const reader = new SerialTagReader({
      ...this.options,
      address: { path: sim.gatewayPath, baudRate: 115200 },
    });
    this.reader = reader;
    reader.on('tag', this.forward);
    await reader.start();
  }

  /** Stops the driver, then the simulator process. Idempotent. */
  async stop(): Promise<void> {
    const { reader, sim } = this;
    this.reader = undefined;
    this.sim = undefined;
    reader?.off('tag', this.forward);
    await reader?.stop();
    await sim?.stop();
  }

  /** Tags being read now, most recently seen first. */
  present(): Array<RfidTagRead & { lastSeen: number }> {
    return this.reader?.present() ?? [];
  }

  health(): DeviceHealth {
    if (!this.reader)
      return { ok: false, state: this.failure ? `simulator failed: ${this.failure}` : 'stopped' };
    const h = this.reader.health();
    return { ...h, detail: { ...h.detail, simulated: true } };
  }
}
