/**
 * A simulated serial device in this process, on serialport's mock binding: the gateway's driver
 * opens a real SerialPortStream (the mock binding underneath), so every byte goes through the same
 * stream, framing and driver code as on hardware, and the simulated device (the same SimDevice
 * class the pty program runs) answers in-process. No socat, no child process: what the demo uses
 * so that `npm start` needs Node and npm only. Unplugging is simulated by closing the port and
 * refusing opens until `reappear`.
 */
import { SerialPortMock } from 'serialport';
import type { PortLike, SerialAddress } from '../link/serial-opener';
import type { SimDevice, SimIo } from './sim-cli';
import type { SimulatorHandle } from './sim-handle';
import { LinegateError } from '../../src/errors';

/** The binding's port, as far as the device side uses it. */
interface MockPort {
  isOpen: boolean;
  emitData(data: Buffer): void;
}

/** How to build the device. */
export interface InProcessSimulatorOptions {
  /** names the mock port (`sim:NAME:N`). */
  name: string;
  /** builds the device on its I/O (the same classes the pty program runs). */
  device: (io: SimIo) => SimDevice;
  /** answers io.arg() (the pty program's command-line options). */
  args?: Record<string, string>;
  /** longest wait in waitFor (default 10000 ms). */
  timeoutMs?: number;
}

let ports = 0;
const EVENTS_KEPT = 1000;

/** A simulated device on the mock binding; see the module comment. */
export class InProcessSimulator implements SimulatorHandle {
  readonly folder = undefined;
  private path: string | undefined;
  private device: SimDevice | undefined;
  private stream: SerialPortMock | undefined;
  private gone = false;
  private readonly events: string[] = [];
  private dropped = 0;
  private readonly watchers = new Set<() => void>();

  constructor(private readonly options: InProcessSimulatorOptions) {}

  get gatewayPath(): string {
    if (!this.path) throw new LinegateError('SIMULATOR_FAILED', `${this.options.name}: not started`);
    return this.path;
  }

  /** The driver's port factory: a SerialPortStream on the mock binding, watched for writes. */
  readonly openPort = (address: SerialAddress): PortLike => {
    const stream = new SerialPortMock({ path: address.path, baudRate: address.baudRate, autoOpen: false });
    return new WatchedPort(stream, {
      opening: () => (this.gone ? new Error(`${address.path}: no such device (unplugged)`) : undefined),
      opened: () => (this.stream = stream),
      written: (data) => this.device?.received(data),
    });
  };

  /** Creates the mock port and the device. Idempotent. */
  async start(): Promise<void> {
    if (this.device) return;
    this.path ??= `sim:${this.options.name}:${++ports}`;
    SerialPortMock.binding.createPort(this.path);
    const io: SimIo = {
      write: async (data) => this.deliver(data),
      say: (line) => this.say(line),
      arg: (name) => this.options.args?.[name],
    };
    this.device = this.options.device(io);
  }

  /** Stops the device's timers and closes the gateway's port. Idempotent. */
  async stop(): Promise<void> {
    const device = this.device;
    this.device = undefined;
    device?.stop?.();
    await this.closeStream();
  }

  async command(line: string): Promise<string> {
    const [op, ...args] = line.trim().split(/\s+/);
    const device = this.device;
    if (!device || !op) throw new LinegateError('SIMULATOR_FAILED', 'the simulator is not running');
    try {
      if (op === 'disappear') await this.disappear();
      else if (op === 'reappear') await this.reappear();
      else await device.command(op, args);
    } catch (err) {
      throw new LinegateError('SIMULATOR_FAILED', `${op} ${(err as Error).message}`, { cause: err });
    }
    return `ok ${op}`;
  }

  waitFor(re: RegExp, options: { from?: number; timeoutMs?: number } = {}): Promise<string> {
    const timeoutMs = options.timeoutMs ?? this.options.timeoutMs ?? 10_000;
    return new Promise<string>((resolve, reject) => {
      const check = (): void => {
        const hit = this.events
          .slice(Math.max(0, (options.from ?? 0) - this.dropped))
          .find((l) => re.test(l));
        if (hit !== undefined) done(() => resolve(hit));
      };
      const timer = setTimeout(
        () =>
          done(() =>
            reject(new LinegateError('SIMULATOR_FAILED', `simulator: no ${re} within ${timeoutMs} ms`)),
          ),
        timeoutMs,
      );
      const done = (settle: () => void): void => {
        clearTimeout(timer);
        this.watchers.delete(check);
        settle();
      };
      this.watchers.add(check);
      check();
    });
  }

  eventLines(): readonly string[] {
    return this.events;
  }

  eventCount(): number {
    return this.dropped + this.events.length;
  }

  /** Unplugged: the gateway's port closes and opens fail until reappear(). */
  async disappear(): Promise<void> {
    this.gone = true;
    await this.closeStream();
    this.say('gone');
  }

  /** Plugged in again, freshly powered. */
  async reappear(): Promise<void> {
    this.gone = false;
    this.device?.reset?.();
    this.say(`back ${this.gatewayPath}`);
  }

  /** Bytes from the device; lost, as on a wire, while the gateway has the port closed. */
  private deliver(data: Buffer): void {
    const port = this.stream?.port as MockPort | undefined;
    if (port?.isOpen && !this.gone) port.emitData(data);
  }

  private say(line: string): void {
    this.events.push(line);
    if (this.events.length > EVENTS_KEPT) this.dropped += this.events.splice(0, EVENTS_KEPT / 2).length;
    for (const w of [...this.watchers]) w();
  }

  private async closeStream(): Promise<void> {
    const stream = this.stream;
    this.stream = undefined;
    if (stream?.isOpen) await new Promise<void>((resolve) => stream.close(() => resolve()));
  }
}

/** Hooks of a WatchedPort. */
interface PortWatch {
  /** an Error refuses the open (the device is unplugged). */
  opening(): Error | undefined;
  opened(): void;
  written(data: Buffer): void;
}

/** The driver's view of the stream: the stream itself, plus the device seeing what was written. */
class WatchedPort implements PortLike {
  constructor(
    private readonly stream: SerialPortMock,
    private readonly watch: PortWatch,
  ) {}

  get isOpen(): boolean {
    return this.stream.isOpen;
  }

  open(callback: (err: Error | null) => void): void {
    const refused = this.watch.opening();
    if (refused) return void setImmediate(() => callback(refused));
    this.stream.open((err) => {
      if (!err) this.watch.opened();
      callback(err);
    });
  }

  close(callback: (err: Error | null) => void): void {
    this.stream.close(callback);
  }

  write(data: Buffer, callback: (err: Error | null | undefined) => void): boolean {
    const copy = Buffer.from(data);
    return this.stream.write(data, (err) => {
      if (!err) this.watch.written(copy);
      callback(err);
    });
  }

  drain(callback: (err: Error | null) => void): void {
    this.stream.drain(callback);
  }

  on(event: 'data' | 'close' | 'error', listener: (arg: never) => void): this {
    this.stream.on(event, listener as (...args: unknown[]) => void);
    return this;
  }

  removeListener(event: 'data' | 'close', listener: (arg: never) => void): this {
    this.stream.removeListener(event, listener as (...args: unknown[]) => void);
    return this;
  }
}
