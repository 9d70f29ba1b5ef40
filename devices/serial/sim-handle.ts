/**
 * A simulated serial device as its owner sees it, whichever way it runs: in its own process on a
 * socat pty pair (SimulatorProcess, what the pty tests need) or in this process on serialport's
 * mock binding (InProcessSimulator, what the demo needs: no system package). Device handles
 * (RfidSimulator, ScannerSimulator) extend SimulatorFront and add their commands.
 */
import type { PortLike, SerialAddress } from '../link/serial-opener';

/** What both ways of running a simulated device offer. */
export interface SimulatorHandle {
  /** the path the gateway opens (valid after start). */
  readonly gatewayPath: string;
  /** the folder of the pty links (pty only). */
  readonly folder: string | undefined;
  /** how the driver must open the port (in-process only; undefined: the real serialport). */
  readonly openPort: ((address: SerialAddress) => PortLike) | undefined;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** runs one command line; resolves `ok OP`, rejects SIMULATOR_FAILED. */
  command(line: string): Promise<string>;
  /** the first event line matching `re` from event number `from`. */
  waitFor(re: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<string>;
  eventLines(): readonly string[];
  eventCount(): number;
  /** the device is unplugged. */
  disappear(): Promise<void>;
  /** the device is plugged in again, freshly powered. */
  reappear(): Promise<void>;
}

/** Settings shared by every simulated serial device. */
export interface SimulatorFrontOptions {
  /** the first automatic command (the demo's `auto …`), sent once the device is up. */
  autoCommand?: string;
  /** wait this long after start before the automatic command (a station further down the line). */
  autoDelayMs?: number;
}

/** A device handle over either way of running it; subclasses add typed commands. */
export class SimulatorFront implements SimulatorHandle {
  private autoTimer: NodeJS.Timeout | undefined;

  constructor(
    protected readonly host: SimulatorHandle,
    private readonly front: SimulatorFrontOptions = {},
  ) {}

  get gatewayPath(): string {
    return this.host.gatewayPath;
  }

  get folder(): string | undefined {
    return this.host.folder;
  }

  get openPort(): ((address: SerialAddress) => PortLike) | undefined {
    return this.host.openPort;
  }

  /** Starts the device, then (after autoDelayMs) its automatic command. Idempotent. */
  async start(): Promise<void> {
    await this.host.start();
    const auto = this.front.autoCommand;
    if (!auto || this.autoTimer) return;
    this.autoTimer = setTimeout(() => {
      void this.host.command(auto).catch(() => undefined); // stopped meanwhile: nothing to do
    }, this.front.autoDelayMs ?? 0);
  }

  /** Stops the automatic command and the device. Idempotent. */
  async stop(): Promise<void> {
    clearTimeout(this.autoTimer);
    this.autoTimer = undefined;
    await this.host.stop();
  }

  command(line: string): Promise<string> {
    return this.host.command(line);
  }

  waitFor(re: RegExp, options?: { from?: number; timeoutMs?: number }): Promise<string> {
    return this.host.waitFor(re, options);
  }

  eventLines(): readonly string[] {
    return this.host.eventLines();
  }

  eventCount(): number {
    return this.host.eventCount();
  }

  disappear(): Promise<void> {
    return this.host.disappear();
  }

  reappear(): Promise<void> {
    return this.host.reappear();
  }
}
