/**
 * Retry timing of docs/contracts.md §5 on the shared backoff (src/util/backoff.ts): exponential with
 * full jitter, the ceiling doubling from `retry.initialMs` (0.5 s) to `retry.maxMs` (60 s), and
 * never sooner than a Retry-After, which is honoured up to `retry.maxRetryAfterMs`.
 */
import { Backoff } from '../util/backoff';

/** The retry settings a sink or a block lease uses (upstream[].retry). */
export interface RetryTiming {
  initialMs: number;
  maxMs: number;
  maxRetryAfterMs: number;
}

/** Retries with the contract's timing; `random` in [0, 1) is injectable for tests. */
export class RetryBackoff {
  private readonly backoff: Backoff;

  constructor(
    private readonly timing: RetryTiming,
    random?: () => number,
  ) {
    this.backoff = new Backoff({ minMs: timing.initialMs, maxMs: timing.maxMs, jitter: 'full', random });
  }

  /** failed attempts since the last reset. */
  get attempts(): number {
    return this.backoff.attempts;
  }

  /** The delay before the next try: full jitter, but never sooner than a (capped) Retry-After. */
  next(retryAfterMs?: number): number {
    return this.backoff.next(Math.min(retryAfterMs ?? 0, this.timing.maxRetryAfterMs));
  }

  reset(): void {
    this.backoff.reset();
  }
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
