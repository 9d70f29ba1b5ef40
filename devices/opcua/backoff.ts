/**
 * Exponential backoff with full jitter (delay drawn uniformly from 0 to the capped exponential),
 * so that many gateways that lost the same PLC do not reconnect in lockstep.
 */
export interface BackoffOptions {
  /** the cap of the first retry, ms. Default 250. */
  minDelayMs?: number;
  /** the largest delay, ms. Default 10000. */
  maxDelayMs?: number;
  /** uniform random in [0, 1); injectable for tests. */
  random?: () => number;
}

/** Tracks consecutive failures and answers the delay before the next attempt. */
export class Backoff {
  private failures = 0;

  constructor(private readonly options: BackoffOptions = {}) {}

  /** number of consecutive failures so far. */
  get attempts(): number {
    return this.failures;
  }

  /** records one failure and returns the delay (ms) to wait before the next attempt. */
  next(): number {
    const min = this.options.minDelayMs ?? 250;
    const max = this.options.maxDelayMs ?? 10_000;
    const cap = Math.min(max, min * 2 ** Math.min(this.failures, 30));
    this.failures += 1;
    return Math.round(cap * (this.options.random ?? Math.random)());
  }

  /** forgets the failures (after a connection that stayed up). */
  reset(): void {
    this.failures = 0;
  }
}
