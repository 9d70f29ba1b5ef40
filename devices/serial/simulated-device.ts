/**
 * A serial device on its built-in simulator (`connection: { type: simulator }`): start() starts
 * the simulated device (in-process on the mock binding, or in its own process on a socat pty pair
 * with `pty: true`), then runs the ordinary serial driver against it, so the demo exercises the
 * same code as real hardware. Readers and scanners
 * differ only in which simulator, which driver and which events they forward.
 */
import { EventEmitter } from 'node:events';
import type { DeviceHealth, HasHealth, Lifecycle } from '../../src/ports';
import type { PortLike, SerialAddress } from '../link/serial-opener';
import type { SimulatorHandle } from './sim-handle';
import { LinegateError } from '../../src/errors';

/** A driver whose one event the simulated device forwards. */
export interface SerialDriver extends Lifecycle, HasHealth {
  on(event: string, listener: (value: never) => void): unknown;
  off(event: string, listener: (value: never) => void): unknown;
}

export interface SimulatedDeviceParts<S extends SimulatorHandle, D extends SerialDriver> {
  name: string;
  /** the driver events to forward ('tag', 'arrive', 'depart'; 'scan'). */
  events: readonly string[];
  simulator: () => S;
  /** the driver on `path`; `openPort` is set for an in-process device. */
  driver: (path: string, openPort: ((address: SerialAddress) => PortLike) | undefined) => D;
}

/** Runs a simulator and a driver against it; forwards the driver's event. */
export class SimulatedDevice<S extends SimulatorHandle, D extends SerialDriver> extends EventEmitter {
  private sim: S | undefined;
  protected driver: D | undefined;
  private failure: string | undefined;
  private readonly forwards = new Map<string, (value: never) => void>();

  constructor(private readonly parts: SimulatedDeviceParts<S, D>) {
    super();
    for (const event of parts.events) this.forwards.set(event, (value) => this.emit(event, value));
  }

  get name(): string {
    return this.parts.name;
  }

  /** The simulated device (after start). */
  get simulator(): S {
    if (!this.sim) throw new LinegateError('SIMULATOR_FAILED', `${this.name}: simulator not started`);
    return this.sim;
  }

  /** Starts the simulator, then the driver. Rejects SIMULATOR_UNAVAILABLE when a pty device has no socat. Idempotent. */
  async start(): Promise<void> {
    if (this.sim) return;
    const sim = this.parts.simulator();
    this.sim = sim;
    try {
      await sim.start();
    } catch (err) {
      this.sim = undefined;
      this.failure = (err as Error).message;
      throw err;
    }
    const driver = this.parts.driver(sim.gatewayPath, sim.openPort);
    this.driver = driver;
    for (const [event, forward] of this.forwards) driver.on(event, forward);
    await driver.start();
  }

  /** Stops the driver, then the simulator process. Idempotent. */
  async stop(): Promise<void> {
    const { driver, sim } = this;
    this.driver = undefined;
    this.sim = undefined;
    for (const [event, forward] of this.forwards) driver?.off(event, forward);
    await driver?.stop();
    await sim?.stop();
  }

  health(): DeviceHealth {
    if (!this.driver)
      return { ok: false, state: this.failure ? `simulator failed: ${this.failure}` : 'stopped' };
    const h = this.driver.health();
    return { ...h, detail: { ...h.detail, simulated: true } };
  }
}
