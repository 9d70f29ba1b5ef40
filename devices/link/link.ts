/**
 * The one reconnecting link for every wire (serial port, TCP socket, USB device file): it holds
 * one connection exclusively, notices when it goes away, opens it again with exponential backoff
 * and equal jitter (never back-to-back attempts at a device that just vanished), resets the
 * backoff once a connection stayed up `stableMs`, times out writes, and counts the connections it
 * opened (`generation`) so an answer is credited only to the connection that carried the request.
 * Openers (opener.ts) know how to open one connection; everything else lives here.
 */
import { EventEmitter } from 'node:events';
import { systemClock, type Clock, type DeviceHealth } from '../../src/ports';
import { backoffDelay, type BackoffOptions } from '../../src/util/backoff';
import { LinegateError } from '../../src/errors';
import type { Connection, ConnectionHandlers, Opener } from './opener';

/** Events of a link. */
export interface LinkEvents {
  /** bytes from the device, only from the current connection. */
  data: [chunk: Buffer];
  /** a connection is open (the first, or again after a loss). */
  open: [];
  /** the connection ended (lost, dropped, or stop()); a retry follows unless stopped. */
  close: [error: Error | undefined];
}

/** What a protocol on top of a link uses (the printer's status channel, print jobs). */
export interface Link extends EventEmitter<LinkEvents> {
  /** e.g. "tcp 10.0.0.5:9100" or "/dev/serial/by-id/...", for logs and errors. */
  readonly description: string;
  /** true while a connection is open. */
  readonly isOpen: boolean;
  /** true when a new connection cannot carry answers meant for an old one (a fresh TCP socket). */
  readonly freshAfterReconnect: boolean;
  /**
   * How many connections were opened so far: a label is confirmed only by answers over the
   * connection that carried it (a new connection's "0 formats" says nothing of bytes lost with the
   * old one).
   */
  readonly generation: number;
  /** "connected", "connecting", "reconnecting in 4 s (why)", "not connecting (why)", "stopped". */
  state(): string;
  /** Starts connecting; resolves after the first attempt (a failure arms a retry). Idempotent. */
  start(): Promise<void>;
  /** Closes the connection and stops retrying; removes what it put on the device. Idempotent. */
  stop(): Promise<void>;
  /** Drops the current connection and connects again at once (to shed stale answers). */
  reconnect(): Promise<void>;
  /** Sends bytes; rejects `errors.notOpen` while disconnected, `errors.writeFailed` on error or timeout. */
  write(data: Buffer): Promise<void>;
}

/** The errors a link's writes reject with, so each device family keeps its own codes. */
export interface LinkErrors {
  /** a write while no connection is open. */
  notOpen(description: string, state: string): Error;
  /** a write that failed or did not finish within writeTimeoutMs. */
  writeFailed(description: string, cause: Error): Error;
}

/** Serial readers' and scanners' codes: SERIAL_NOT_OPEN, SERIAL_WRITE_FAILED. */
export const serialLinkErrors: LinkErrors = {
  notOpen: (description, state) => new LinegateError('SERIAL_NOT_OPEN', `${description}: ${state}`),
  writeFailed: (description, cause) =>
    new LinegateError('SERIAL_WRITE_FAILED', `${description}: ${cause.message}`, { cause }),
};

/** Settings of a link; times in milliseconds. */
export interface LinkOptions {
  opener: Opener;
  /** the name in logs, errors and health (default: the opener's description). */
  name?: string;
  /** retry delays (default 250 ms doubling to 10 s, equal jitter: each a random 50-100 % of that). */
  backoff?: BackoffOptions;
  /** a connection that stayed up this long resets the backoff when it ends (default 5000; 0: any). */
  stableMs?: number;
  /** a write not handed to the OS within this time fails (default 2000). */
  writeTimeoutMs?: number;
  /** a failed or stuck write also drops the connection (its peer's parser is in an unknown state). */
  dropOnWriteFailure?: boolean;
  /** the state text counts the attempts that failed since the last connection: "(4 failed: why)". */
  countFailures?: boolean;
  /** what writes reject with (default serialLinkErrors). */
  errors?: LinkErrors;
  clock?: Clock;
}

/** A link that re-opens its connection with backoff whenever it goes away, until stopped. */
export class ReconnectingLink extends EventEmitter<LinkEvents> implements Link {
  private conn: Connection | undefined;
  private running = false;
  private opening: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private retryAt = 0;
  /** retries armed since the last stable connection: the backoff exponent. */
  private step = 0;
  private openedAt = 0;
  private opens = 0;
  private failedOpens = 0;
  private disconnects = 0;
  /** the last trouble of any kind (failed open, lost connection, device error). */
  private lastError: string | undefined;
  /** why the last attempt failed, until one succeeds. */
  private openError: string | undefined;

  constructor(private readonly options: LinkOptions) {
    super();
  }

  get description(): string {
    return this.options.name ?? this.options.opener.description;
  }

  get isOpen(): boolean {
    return this.conn !== undefined;
  }

  get freshAfterReconnect(): boolean {
    return this.options.opener.freshAfterReconnect;
  }

  get generation(): number {
    return this.opens;
  }

  async start(): Promise<void> {
    if (this.running) return this.opening;
    this.running = true;
    await this.attempt();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.clearTimer();
    await this.opening;
    await this.release(undefined, false);
  }

  async reconnect(): Promise<void> {
    if (!this.running) return;
    this.clearTimer();
    await this.opening;
    await this.release(undefined, false);
    await this.attempt();
  }

  /**
   * Ends the current connection because of `error` ('close' carries it); the link reconnects with
   * backoff, as after a pulled cable. With `generation`, only when that connection is still the one.
   */
  drop(error: Error, generation?: number): void {
    if (!this.conn || (generation !== undefined && generation !== this.opens)) return;
    void this.release(error, true).then(() => this.scheduleRetry());
  }

  async write(data: Buffer): Promise<void> {
    const conn = this.conn;
    const errors = this.options.errors ?? serialLinkErrors;
    if (!conn) throw errors.notOpen(this.description, this.state());
    const timeoutMs = this.options.writeTimeoutMs ?? 2000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`write not done within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([conn.write(data), timeout]);
    } catch (err) {
      if (this.options.dropOnWriteFailure && this.conn === conn) this.drop(err as Error);
      throw errors.writeFailed(this.description, err as Error);
    } finally {
      clearTimeout(timer);
    }
  }

  state(): string {
    if (!this.running) return 'stopped';
    if (this.conn) return 'connected';
    const why = this.why();
    if (this.timer) {
      const s = Math.max(0, Math.ceil((this.retryAt - this.now()) / 1000));
      return `reconnecting in ${s} s${why}`;
    }
    if (this.opening) return `connecting${why}`;
    // Neither connected, nor connecting, nor a retry armed: nothing will bring it back by itself.
    return `not connecting${why}`;
  }

  /** Connection state and counters for /healthz and the dashboard. */
  health(): DeviceHealth {
    return {
      ok: this.conn !== undefined,
      state: this.state(),
      detail: {
        path: this.description,
        opens: this.opens,
        disconnects: this.disconnects,
        failedOpens: this.failedOpens,
        ...(this.lastError ? { lastError: this.lastError } : {}),
      },
    };
  }

  private why(): string {
    if (!this.options.countFailures) return this.lastError ? ` (${this.lastError})` : '';
    return this.openError ? ` (${this.step} failed: ${this.openError})` : '';
  }

  private now(): number {
    return (this.options.clock ?? systemClock).now();
  }

  private attempt(): Promise<void> {
    let failed = false;
    const opened = this.openOnce().then(
      (conn) => {
        if (this.running) return this.adopt(conn);
        return conn.close().catch(() => undefined); // stopped while opening: release it at once
      },
      (err: Error) => {
        failed = true;
        this.lastError = this.openError = err.message;
        this.failedOpens++;
      },
    );
    // The retry is armed only once `opening` is cleared: scheduleRetry() arms nothing while an
    // attempt is in flight, so one armed from inside the attempt would be lost (issue 19.2).
    const opening: Promise<void> = opened.then(() => {
      if (this.opening === opening) this.opening = undefined;
      if (failed) this.scheduleRetry();
    });
    this.opening = opening;
    return opening;
  }

  private openOnce(): Promise<Connection> {
    let conn: Connection | undefined;
    const handlers: ConnectionHandlers = {
      data: (chunk) => {
        if (conn && this.conn === conn) this.emit('data', chunk);
      },
      closed: (error) => {
        if (conn && this.conn === conn) this.lost(error);
      },
      // Errors after the connection is abandoned (a write racing a disconnect) must not crash.
      error: (error) => (this.lastError = error.message),
    };
    return Promise.resolve()
      .then(() => this.options.opener.open(handlers))
      .then((c) => (conn = c));
  }

  private adopt(conn: Connection): void {
    this.conn = conn;
    this.openedAt = this.now();
    this.opens++;
    this.lastError = this.openError = undefined;
    this.emit('open');
  }

  private lost(error: Error | undefined): void {
    void this.release(error, true);
    this.scheduleRetry();
  }

  /** Forgets the connection at once (emitting 'close'), then closes it. */
  private release(error: Error | undefined, lost: boolean): Promise<void> {
    const conn = this.conn;
    if (!conn) return Promise.resolve();
    this.conn = undefined;
    if (lost) {
      this.disconnects++;
      if (error) this.lastError = error.message;
      if (this.now() - this.openedAt >= (this.options.stableMs ?? 5000)) this.step = 0;
    }
    this.emit('close', error);
    return conn.close().catch(() => undefined);
  }

  private scheduleRetry(): void {
    if (!this.running || this.conn || this.timer || this.opening) return;
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
}
