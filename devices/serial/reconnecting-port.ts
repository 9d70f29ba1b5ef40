/**
 * A serial port that stays open: node-serialport does not reconnect by itself, so this wrapper
 * opens the device, notices when it disappears (USB unplug, pty closed: serialport closes the
 * stream with a DisconnectedError) and re-opens it with exponential backoff and jitter until it is
 * back. Only this file and the simulator host touch the serialport library.
 */
import { EventEmitter } from 'node:events';
import { SerialPortStream } from '@serialport/stream';
import { hangupAwareBinding } from './hangup-binding';
import { systemClock, type Clock, type DeviceHealth } from '../../src/ports';
import { backoffDelay, type BackoffOptions } from '../../src/util/backoff';
import { LinegateError } from '../../src/errors';

/** The part of a serialport stream this wrapper uses (SerialPort and SerialPortMock both fit). */
export interface PortLike {
  readonly isOpen: boolean;
  open(callback: (err: Error | null) => void): void;
  close(callback: (err: Error | null) => void): void;
  write(data: Buffer, callback: (err: Error | null | undefined) => void): boolean;
  drain(callback: (err: Error | null) => void): void;
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close', listener: (err?: Error | null) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeListener(event: 'data', listener: (chunk: Buffer) => void): unknown;
  removeListener(event: 'close', listener: (err?: Error | null) => void): unknown;
}

/** Where the device is; 8 data bits, no parity, 1 stop bit (what readers and scanners default to). */
export interface SerialAddress {
  /** device path; prefer /dev/serial/by-id/... (stable across replugs, see devices/serial/README.md). */
  path: string;
  baudRate: number;
}

/** Settings of the wrapper. */
export interface ReconnectingPortOptions extends SerialAddress {
  backoff?: BackoffOptions;
  /** a connection that stayed up this long resets the backoff (default 5000 ms). */
  stableMs?: number;
  /** a write not handed to the OS within this time fails (default 2000 ms). */
  writeTimeoutMs?: number;
  clock?: Clock;
  /** builds an unopened port; injectable so unit tests can use SerialPortMock or a fake. */
  openPort?: (address: SerialAddress) => PortLike;
}

/** Events of the wrapper. */
export interface ReconnectingPortEvents {
  /** bytes from the device. */
  data: [chunk: Buffer];
  /** the device is open (first time or after a reconnect). */
  open: [];
  /** the device went away or stop() closed it; a retry follows unless stopped. */
  close: [error: Error | undefined];
}

const binding = hangupAwareBinding();
const defaultOpenPort = (a: SerialAddress): PortLike =>
  new SerialPortStream({ binding, path: a.path, baudRate: a.baudRate, autoOpen: false });

/** A serial port that re-opens itself with backoff after the device disappears. */
export class ReconnectingSerialPort extends EventEmitter<ReconnectingPortEvents> {
  private port: PortLike | undefined;
  private detach: (() => void) | undefined;
  private running = false;
  private opening: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private retryAt = 0;
  /** retries scheduled since the last stable connection: the backoff exponent. */
  private step = 0;
  private failedOpens = 0;
  private openedAt = 0;
  private opens = 0;
  private disconnects = 0;
  private lastError: string | undefined;

  constructor(private readonly options: ReconnectingPortOptions) {
    super();
  }

  /** true while the device is open. */
  get isOpen(): boolean {
    return this.port !== undefined;
  }

  /** Starts opening; resolves after the first attempt (a failure schedules a retry). Idempotent. */
  async start(): Promise<void> {
    if (this.running) return this.opening;
    this.running = true;
    await this.attempt();
  }

  /** Closes the device and stops retrying; removes every listener it put on the port. Idempotent. */
  async stop(): Promise<void> {
    this.running = false;
    this.clearTimer();
    await this.opening;
    await this.closeCurrent();
  }

  /** Sends bytes; rejects SERIAL_NOT_OPEN while disconnected, SERIAL_WRITE_FAILED on error or timeout. */
  async write(data: Buffer): Promise<void> {
    const port = this.port;
    if (!port) throw new LinegateError('SERIAL_NOT_OPEN', `${this.options.path}: ${this.state()}`);
    const timeoutMs = this.options.writeTimeoutMs ?? 2000;
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error) =>
        reject(
          new LinegateError('SERIAL_WRITE_FAILED', `${this.options.path}: ${err.message}`, {
            cause: err,
          }),
        );
      const timer = setTimeout(() => fail(new Error(`write not done within ${timeoutMs} ms`)), timeoutMs);
      port.write(data, (err) => {
        if (err) {
          clearTimeout(timer);
          return fail(err);
        }
        port.drain((e) => {
          clearTimeout(timer);
          if (e) fail(e);
          else resolve();
        });
      });
    });
  }

  /** "connected", "connecting", "reconnecting in 4 s (ENOENT ...)" or "stopped". */
  state(): string {
    if (!this.running) return 'stopped';
    if (this.port) return 'connected';
    if (this.timer) {
      const s = Math.max(0, Math.ceil((this.retryAt - this.now()) / 1000));
      return `reconnecting in ${s} s${this.lastError ? ` (${this.lastError})` : ''}`;
    }
    return 'connecting';
  }

  /** Connection state and counters for /healthz and the dashboard. */
  health(): DeviceHealth {
    return {
      ok: this.port !== undefined,
      state: this.state(),
      detail: {
        path: this.options.path,
        opens: this.opens,
        disconnects: this.disconnects,
        failedOpens: this.failedOpens,
        ...(this.lastError ? { lastError: this.lastError } : {}),
      },
    };
  }

  private now(): number {
    return (this.options.clock ?? systemClock).now();
  }

  private attempt(): Promise<void> {
    const opening = this.openOnce().then(
      (port) => {
        if (this.running) this.adopt(port);
        else port.close(() => undefined); // stopped while opening: release the device at once
      },
      (err: Error) => {
        this.lastError = err.message;
        this.failedOpens++;
        this.scheduleRetry();
      },
    );
    this.opening = opening;
    void opening.then(() => {
      if (this.opening === opening) this.opening = undefined;
    });
    return opening;
  }

  private openOnce(): Promise<PortLike> {
    return new Promise<PortLike>((resolve, reject) => {
      const port = (this.options.openPort ?? defaultOpenPort)(this.options);
      // Errors after the port is abandoned (a write racing a disconnect) must not crash the gateway.
      port.on('error', (err: Error) => (this.lastError = err.message));
      port.open((err) => (err ? reject(err) : resolve(port)));
    });
  }

  private adopt(port: PortLike): void {
    const onData = (chunk: Buffer) => this.emit('data', chunk);
    const onClose = (err?: Error | null) => this.lost(port, err ?? undefined);
    port.on('data', onData);
    port.on('close', onClose);
    this.detach = () => {
      port.removeListener('data', onData);
      port.removeListener('close', onClose);
    };
    this.port = port;
    this.openedAt = this.now();
    this.opens++;
    this.lastError = undefined;
    this.emit('open');
  }

  private lost(port: PortLike, err: Error | undefined): void {
    if (this.port !== port) return;
    this.detach?.();
    this.detach = undefined;
    this.port = undefined;
    this.disconnects++;
    if (err) this.lastError = err.message;
    if (this.now() - this.openedAt >= (this.options.stableMs ?? 5000)) this.step = 0;
    this.emit('close', err);
    this.scheduleRetry();
  }

  private scheduleRetry(): void {
    if (!this.running || this.port || this.timer) return;
    // Equal jitter: never back-to-back opens of a device that just vanished.
    const delay = backoffDelay(this.step++, { jitter: 'equal', ...this.options.backoff });
    this.retryAt = this.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.running) void this.attempt();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async closeCurrent(): Promise<void> {
    const port = this.port;
    if (!port) return;
    this.detach?.();
    this.detach = undefined;
    this.port = undefined;
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
    this.emit('close', undefined);
  }
}
