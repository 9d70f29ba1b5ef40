/**
 * A sink's condition between attempts: fine, backing off after a retryable failure, or held
 * (401/403, a refused login) with an alarm. Decides how long to wait before the next attempt
 * and what /healthz says; raises and clears the SINK_HELD alarm.
 */
import type { SinkRetryConfig } from '../config/schema';
import type { DeviceHealth, Logger } from '../ports';
import { RetryBackoff } from './backoff';
import type { SinkFailure, UpstreamAlarm } from './types';

export interface SinkConditionOptions {
  sink: string;
  retry: Required<SinkRetryConfig>;
  log: Logger;
  onAlarm: (alarm: UpstreamAlarm) => void;
  /** [0, 1) for the jitter; injectable for tests. */
  random?: () => number;
}

/** Backoff, hold and health of one sink. */
export class SinkCondition {
  private readonly backoff: RetryBackoff;
  private held: string | undefined;
  private failing: string | undefined;

  constructor(private readonly opts: SinkConditionOptions) {
    this.backoff = new RetryBackoff(opts.retry, opts.random);
  }

  get isHeld(): boolean {
    return this.held !== undefined;
  }

  /** An attempt succeeded: resets the backoff and clears a hold (and its alarm). */
  succeeded(): void {
    this.backoff.reset();
    this.failing = undefined;
    if (this.held === undefined) return;
    this.held = undefined;
    this.opts.log.info('sink accepted again; hold cleared');
    this.opts.onAlarm({
      code: 'SINK_HELD',
      source: this.opts.sink,
      message: 'sink accepted again',
      active: false,
    });
  }

  /** An attempt failed: returns the ms to wait before the next one. */
  failed(f: SinkFailure): number {
    const { retry, log, onAlarm, sink } = this.opts;
    if (f.kind === 'hold') {
      if (this.held === undefined) {
        const message = `sink held: ${f.reason}; nothing is dead-lettered, retrying every ${retry.authRetryMs} ms`;
        log.error({ reason: f.reason }, message);
        onAlarm({ code: 'SINK_HELD', source: sink, message, active: true });
      }
      this.held = f.reason;
      return retry.authRetryMs;
    }
    return this.trouble(f.reason, f.retryAfterMs);
  }

  /** Something other than the sink failed (a store read): back off the same way. */
  trouble(reason: string, retryAfterMs?: number): number {
    const delay = this.backoff.next(retryAfterMs);
    this.failing = `retrying in ${delay} ms: ${reason}`;
    this.opts.log.warn(
      { reason, delayMs: delay, attempt: this.backoff.attempts },
      'delivery failed; backing off',
    );
    return delay;
  }

  health(): DeviceHealth | undefined {
    if (this.held !== undefined) return { ok: false, state: `held: ${this.held}` };
    if (this.failing !== undefined) return { ok: false, state: this.failing };
    return undefined;
  }
}
