/**
 * How a station's handshake reacts to a failed step: a node mismatch is a commissioning error
 * (said once, the station refuses to serve and looks again now and then), a lost session waits for
 * the reconnect, anything else is logged with its code; every one is retried after a backoff.
 */
import type { DeviceContext } from '../../src/ports';
import { Backoff } from '../../src/util/backoff';
import { errorText } from './errors';
import { isCode } from '../../src/errors';

/** Options of the retry after a failed step, ms (doubling, full jitter). Default 1000 … 30000. */
export interface RetryOptions {
  minMs?: number;
  maxMs?: number;
}

/** The failure state of one station's handshake: refusal, last error, and the pending retry. */
export class HandshakeFaults {
  /** the node mismatch last logged (logged once, not at every retry); '' when the nodes match. */
  mismatch = '';
  /** the last step error other than a mismatch or a lost session; cleared by a served cycle. */
  lastError = '';
  private retryTimer: NodeJS.Timeout | undefined;
  private readonly backoff: Backoff;

  constructor(
    private readonly ctx: DeviceContext,
    retry: RetryOptions = {},
  ) {
    this.backoff = new Backoff({ minMs: retry.minMs ?? 1000, maxMs: retry.maxMs ?? 30_000 });
  }

  /** A retry is pending: the handshake takes no step until it fires. */
  get waiting(): boolean {
    return this.retryTimer !== undefined;
  }

  /** The node check passed: a refusal logged before is lifted (and said so). */
  nodesMatch(): void {
    if (this.mismatch) this.ctx.log.info('handshake nodes now match the configuration');
    this.mismatch = '';
  }

  /** A cycle was served: the error and the backoff are reset. */
  served(): void {
    this.lastError = '';
    this.backoff.reset();
  }

  /** Drops a pending retry (on reconnect, or stop). */
  cancelRetry(): void {
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /**
   * Logs a failed step and schedules `retry` after the backoff; with no session (or stopped) it
   * only logs, since the reconnect resumes the handshake. Returns true for a node mismatch, after
   * which the node declarations must be read and checked again.
   */
  failed(err: unknown, connected: boolean, retry: () => void): boolean {
    const code = isCode(err, 'OPCUA_') ? err.code : undefined;
    if (!connected) {
      this.ctx.log.warn({ err: errorText(err) }, 'handshake interrupted; resumes after reconnect');
      return false;
    }
    const delay = this.backoff.next();
    if (code === 'OPCUA_NODE_MISMATCH') {
      // a commissioning error: say it once, refuse to serve, and look again now and then (a PLC
      // download may fix it without a reconnect).
      const text = errorText(err);
      if (text !== this.mismatch)
        this.ctx.log.error(
          { code, err: text },
          `station refuses the PLC handshake: the PLC's nodes do not match the configuration: ${text}`,
        );
      this.mismatch = text;
    } else if (code === 'OPCUA_NOT_CONNECTED') {
      // usually the connection is going down and onUp() restarts us sooner; retry in case it is not.
      this.ctx.log.warn({ err: errorText(err), retryInMs: delay }, 'handshake interrupted');
    } else {
      this.lastError = errorText(err);
      this.ctx.log.error({ err: this.lastError, code, retryInMs: delay }, 'handshake step failed');
    }
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      retry();
    }, delay);
    return code === 'OPCUA_NODE_MISMATCH';
  }
}
