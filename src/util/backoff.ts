/**
 * Exponential backoff with jitter, shared by everything that reconnects or retries (PLC
 * sessions, printers, serial devices, upstream sinks). The ceiling doubles from `minMs` to
 * `maxMs`; the delay is drawn below it so a line of gateways (or readers on one USB hub) that lost
 * the same peer do not retry in step (AWS Architecture Blog, "Exponential Backoff And Jitter").
 */

/** Backoff settings; all times in milliseconds. */
export interface BackoffOptions {
  /** ceiling of the first retry (default 250). */
  minMs?: number;
  /** largest ceiling (default 10000). */
  maxMs?: number;
  /**
   * 'full' (default): uniform in [0, ceiling), the best spread; 'equal': uniform in
   * [ceiling/2, ceiling), for peers that must not be hammered by back-to-back attempts.
   */
  jitter?: 'full' | 'equal';
  /** uniform random in [0, 1); injectable for tests. */
  random?: () => number;
}

/** The ceiling for a 0-based attempt: min * 2^attempt, capped at max. */
export function backoffCeiling(attempt: number, options: BackoffOptions = {}): number {
  const min = options.minMs ?? 250;
  const max = options.maxMs ?? 10_000;
  // 2^40 exceeds any sane max; capping the exponent avoids Infinity.
  return Math.min(max, min * 2 ** Math.min(Math.max(attempt, 0), 40));
}

/** The delay before retry `attempt` (0-based). */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const ceiling = backoffCeiling(attempt, options);
  const r = (options.random ?? Math.random)();
  return Math.round(options.jitter === 'equal' ? ceiling / 2 + (r * ceiling) / 2 : r * ceiling);
}

/** Counts consecutive failures and answers the delay before the next attempt. */
export class Backoff {
  private failures = 0;

  constructor(private readonly options: BackoffOptions = {}) {}

  /** consecutive failures so far. */
  get attempts(): number {
    return this.failures;
  }

  /** Records a failure; the delay (ms) before the next attempt, never below `floorMs` (e.g. Retry-After). */
  next(floorMs = 0): number {
    return Math.max(floorMs, backoffDelay(this.failures++, this.options));
  }

  /** Forgets the failures (after a success, or a connection that stayed up). */
  reset(): void {
    this.failures = 0;
  }
}
