/**
 * The byte pipe to one printer, whatever the wire: raw TCP, serial, USB printer device file.
 * A transport holds its connection exclusively, reconnects with backoff after a loss, and times
 * out writes. Subclasses only know how to open one link; the lifecycle lives here.
 */
import { EventEmitter } from 'node:events';
import { backoffDelay, type BackoffOptions } from '../../src/util/backoff';
import { LinegateError } from '../../src/errors';

/** Events of a transport. */
export interface TransportEvents {
  /** bytes from the printer. */
  data: [chunk: Buffer];
  connected: [];
  disconnected: [error: Error | undefined];
}

/** Shared interface of the TCP, serial and USB transports. */
export interface Transport extends EventEmitter<TransportEvents> {
  /** e.g. "tcp 10.0.0.5:9100", for logs. */
  readonly description: string;
  /** true while a link is open. */
  readonly connected: boolean;
  /** true when a new link cannot carry answers meant for an old one (TCP: a fresh socket). */
  readonly freshAfterReconnect: boolean;
  /**
   * Counts the links opened so far: a label is confirmed only by answers over the link that
   * carried it (a new connection's "0 formats" says nothing of bytes lost with the old one).
   */
  readonly generation: number;
  /** "connected", "connecting", "reconnecting in 4 s", "closed". */
  state(): string;
  /** Starts connecting; resolves after the first attempt (a failure schedules a retry). Idempotent. */
  open(): Promise<void>;
  /** Closes the link and stops reconnecting. Idempotent. */
  close(): Promise<void>;
  /** Drops the current link and connects again at once (to shed stale answers). */
  reconnect(): Promise<void>;
  /** Sends bytes; rejects PRINTER_OFFLINE when not connected, PRINTER_WRITE_FAILED on error or timeout. */
  write(data: Buffer): Promise<void>;
}

/** Settings common to all transports. */
export interface TransportOptions {
  /** a write not handed to the OS within this time fails and drops the link (default 5000). */
  writeTimeoutMs?: number;
  backoff?: BackoffOptions;
}

/** One open connection, made by a subclass. */
export interface Link {
  write(data: Buffer): Promise<void>;
  /** closes and releases the device or socket; resolves once it is released. */
  close(): Promise<void>;
}

/** Callbacks a subclass calls for its link. */
export interface LinkHandlers {
  data(chunk: Buffer): void;
  closed(error?: Error): void;
}

/** The lifecycle, reconnect and write-timeout logic shared by every transport. */
export abstract class ReconnectingTransport extends EventEmitter<TransportEvents> implements Transport {
  abstract readonly description: string;
  abstract readonly freshAfterReconnect: boolean;
  private link: Link | undefined;
  private opened = false;
  private attempts = 0;
  private timer: NodeJS.Timeout | undefined;
  private retryAt = 0;
  private connecting: Promise<void> | undefined;
  private links = 0;
  /** why the last connect attempt failed, until one succeeds. */
  private lastError: string | undefined;

  constructor(protected readonly options: TransportOptions) {
    super();
  }

  /** Opens one link; rejects when the device cannot be reached. */
  protected abstract connectOnce(handlers: LinkHandlers): Promise<Link>;

  get connected(): boolean {
    return this.link !== undefined;
  }

  get generation(): number {
    return this.links;
  }

  state(): string {
    if (this.link) return 'connected';
    if (!this.opened) return 'closed';
    const why = this.lastError ? ` (${this.attempts} failed: ${this.lastError})` : '';
    if (this.timer)
      return `reconnecting in ${Math.max(0, Math.ceil((this.retryAt - Date.now()) / 1000))} s${why}`;
    if (this.connecting) return `connecting${why}`;
    // Neither linked, nor connecting, nor a retry armed: nothing will bring it back by itself.
    return `not connecting${why}`;
  }

  async open(): Promise<void> {
    if (this.opened) return this.connecting;
    this.opened = true;
    await this.attempt();
  }

  async close(): Promise<void> {
    this.opened = false;
    this.clearTimer();
    await this.connecting?.catch(() => undefined);
    await this.dropLink();
  }

  async reconnect(): Promise<void> {
    if (!this.opened) return;
    this.clearTimer();
    await this.connecting;
    await this.dropLink();
    await this.attempt();
  }

  async write(data: Buffer): Promise<void> {
    const link = this.link;
    if (!link)
      throw new LinegateError('PRINTER_OFFLINE', `${this.description}: not connected (${this.state()})`);
    const timeoutMs = this.options.writeTimeoutMs ?? 5000;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`write not done within ${timeoutMs} ms`)), timeoutMs);
    });
    try {
      await Promise.race([link.write(data), timeout]);
    } catch (err) {
      // A stuck or failed write leaves the printer's parser in an unknown state: start over.
      void this.dropLink(err as Error).then(() => this.scheduleRetry());
      throw new LinegateError('PRINTER_WRITE_FAILED', `${this.description}: ${(err as Error).message}`, {
        cause: err,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  private attempt(): Promise<void> {
    this.connecting = (async () => {
      let failed = false;
      try {
        const link = await this.connectOnce({
          data: (chunk) => {
            if (this.link === link) this.emit('data', chunk);
          },
          closed: (error) => {
            if (this.link !== link) return;
            this.link = undefined;
            this.emit('disconnected', error);
            this.scheduleRetry();
          },
        });
        if (!this.opened) {
          await link.close();
          return;
        }
        this.link = link;
        this.links++;
        this.attempts = 0;
        this.lastError = undefined;
        this.emit('connected');
      } catch (err) {
        failed = true;
        this.lastError = (err as Error).message;
      } finally {
        this.connecting = undefined;
      }
      // Only now, with `connecting` cleared: scheduleRetry() arms nothing while an attempt is in
      // flight, so a retry scheduled from inside the attempt was never armed (issue 19.2).
      if (failed) this.scheduleRetry();
    })();
    return this.connecting;
  }

  private scheduleRetry(): void {
    if (!this.opened || this.link || this.timer || this.connecting) return;
    // Equal jitter: a printer's raw port must not see back-to-back connects.
    const delay = backoffDelay(this.attempts++, { maxMs: 30_000, jitter: 'equal', ...this.options.backoff });
    this.retryAt = Date.now() + delay;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.attempt();
    }, delay);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async dropLink(error?: Error): Promise<void> {
    const link = this.link;
    if (!link) return;
    this.link = undefined;
    this.emit('disconnected', error);
    await link.close().catch(() => undefined);
  }
}
