/**
 * Reconnect delays for serial devices: exponential backoff with "equal jitter" (a random 50-100 %
 * of the capped exponential), so a line of readers that lost the same USB hub does not retry in
 * step, yet never hammers the kernel with back-to-back opens.
 */

/** Backoff settings; all times in milliseconds. */
export interface BackoffOptions {
  /** ceiling of the first retry (default 250). */
  minMs?: number;
  /** largest ceiling (default 10000): reopening a device path is cheap, a replugged scanner should come back fast. */
  maxMs?: number;
  /** uniform random in [0, 1); injectable for tests. */
  random?: () => number;
}

/** Delay before retry `attempt` (0-based): min * 2^attempt capped at max, then a random 50-100 % of it. */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const min = options.minMs ?? 250;
  const max = options.maxMs ?? 10_000;
  const ceiling = Math.min(max, min * 2 ** Math.min(Math.max(attempt, 0), 30));
  const random = options.random ?? Math.random;
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}
