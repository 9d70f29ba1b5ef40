/**
 * Retry timing of CONTRACTS §5: exponential backoff with full jitter (a random delay between
 * 0 and a ceiling that starts at 0.5 s and doubles to 60 s), honouring Retry-After. Full jitter
 * spreads many gateways retrying against one recovering MES (AWS architecture blog, "Exponential
 * Backoff And Jitter").
 */
export interface BackoffOptions {
  /** first ceiling in ms (0.5 s by default in the config). */
  initialMs: number;
  /** the ceiling never exceeds this (60 s). */
  maxMs: number;
  /** a Retry-After is honoured up to this. */
  maxRetryAfterMs: number;
  /** [0, 1); injectable for tests. */
  random?: () => number;
}

/** The ceiling for a 0-based attempt number. */
export function backoffCeiling(attempt: number, o: Pick<BackoffOptions, 'initialMs' | 'maxMs'>): number {
  // 2 ** 40 already exceeds any sane maxMs; capping the exponent avoids Infinity.
  return Math.min(o.maxMs, o.initialMs * 2 ** Math.min(attempt, 40));
}

/**
 * Parses Retry-After (delta-seconds or an HTTP date) into ms from `now`; undefined when absent
 * or unreadable. A date in the past gives 0.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (text === undefined || text.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

/** Successive delays for one sink; reset() after a success. */
export class Backoff {
  private attempt = 0;

  constructor(private readonly opts: BackoffOptions) {}

  /** failed attempts since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next try: full jitter, but never sooner than a Retry-After. */
  next(retryAfterMs?: number): number {
    const random = this.opts.random ?? Math.random;
    const jitter = Math.floor(random() * backoffCeiling(this.attempt, this.opts));
    this.attempt += 1;
    if (retryAfterMs === undefined) return jitter;
    return Math.max(jitter, Math.min(retryAfterMs, this.opts.maxRetryAfterMs));
  }

  reset(): void {
    this.attempt = 0;
  }
}
