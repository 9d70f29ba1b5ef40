/**
 * What the contract suites share: a wait on a condition (a hang guard, never a timing assertion)
 * and a clock the suite sets by hand, injected into the part under test through its context.
 */
import type { Clock } from '../../src/ports';

/** Resolves once `cond` holds; rejects naming `what` after `ms` (default 15 s). */
export async function until(what: string, cond: () => boolean, ms = 15_000): Promise<void> {
  for (const end = Date.now() + ms; !cond(); ) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A clock that says what the suite set, and counts how often it was read. */
export class ManualClock implements Clock {
  /** what now() answers; starts at the real time so logs stay readable. */
  value = Date.now();
  /** calls of now() so far. */
  reads = 0;

  now(): number {
    this.reads += 1;
    return this.value;
  }
}
