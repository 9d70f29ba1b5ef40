/**
 * A scanner on the built-in simulator (`connection: { type: simulator }`): start() launches the
 * simulated scanner in its own process on a socat pty pair and runs the ordinary serial driver
 * against it. `simulator` gives tests and the demo control over the simulated device.
 */
import { EventEmitter } from 'node:events';
import type { BarcodeScanner, DeviceHealth, Scan } from '../../src/ports';
import { SerialDeviceError } from '../serial/errors';
import { SerialScanner, type ScannerEvents, type SerialScannerOptions } from './scanner';
import { ScannerSimulator, type ScannerSimulatorOptions } from './simulator';

/** The serial scanner's options without the address, plus the simulator's. */
export interface SimulatedScannerOptions extends Omit<SerialScannerOptions, 'address'> {
  simulator: ScannerSimulatorOptions;
}

/** A BarcodeScanner backed by a simulated scanner process. */
export class SimulatedScanner extends EventEmitter<ScannerEvents> implements BarcodeScanner {
  private sim: ScannerSimulator | undefined;
  private scanner: SerialScanner | undefined;
  private failure: string | undefined;
  private readonly forward = (scan: Scan) => this.emit('scan', scan);

  constructor(private readonly options: SimulatedScannerOptions) {
    super();
  }

  get name(): string {
    return this.options.ctx.name;
  }

  /** The simulated device (after start). */
  get simulator(): ScannerSimulator {
    if (!this.sim) throw new SerialDeviceError('SIMULATOR_FAILED', `${this.name}: simulator not started`);
    return this.sim;
  }

  /** Starts the simulator, then the driver. Rejects SIMULATOR_UNAVAILABLE when socat is missing. Idempotent. */
  async start(): Promise<void> {
    if (this.sim) return;
    const sim = new ScannerSimulator(this.options.simulator);
    this.sim = sim;
    try {
      await sim.start();
    } catch (err) {
      this.sim = undefined;
      this.failure = (err as Error).message;
      throw err;
    }
    const scanner = new SerialScanner({
      ...this.options,
      address: { path: sim.gatewayPath, baudRate: 9600 },
    });
    this.scanner = scanner;
    scanner.on('scan', this.forward);
    await scanner.start();
  }

  /** Stops the driver, then the simulator process. Idempotent. */
  async stop(): Promise<void> {
    const { scanner, sim } = this;
    this.scanner = undefined;
    this.sim = undefined;
    scanner?.off('scan', this.forward);
    await scanner?.stop();
    await sim?.stop();
  }

  health(): DeviceHealth {
    if (!this.scanner)
      return { ok: false, state: this.failure ? `simulator failed: ${this.failure}` : 'stopped' };
    const h = this.scanner.health();
    return { ...h, detail: { ...h.detail, simulated: true } };
  }
}
