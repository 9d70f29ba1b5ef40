/** Reconnect delays: exponential backoff with jitter, so a line of gateways does not reconnect in step. */

/** Backoff settings; all times in milliseconds. */
export interface BackoffOptions {
  /** first delay (default 250). */
  minMs?: number;
  /** ceiling (default 30000). */
  maxMs?: number;
  /** source of randomness in [0, 1), injectable for tests. */
  random?: () => number;
}

/** Delay before reconnect attempt `attempt` (0-based): min * 2^attempt capped at max, then a random 50-100 % of it. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const min = options.minMs ?? 250;
  const max = options.maxMs ?? 30_000;
  const ceiling = Math.min(max, min * 2 ** Math.min(attempt, 30));
  const random = options.random ?? Math.random;
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
