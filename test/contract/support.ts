/**
 * What the contract suites share: a wait on a condition (a hang guard, never a timing assertion)
 * and a clock the suite sets by hand, injected into the part under test through its context.
 */
import assert from 'node:assert/strict';
import type { Clock, HasHealth, Lifecycle } from '../../src/ports';

/** Resolves once `cond` holds; rejects naming `what` after `ms` (default 15 s). */
export async function until(what: string, cond: () => boolean, ms = 15_000): Promise<void> {
  for (const end = Date.now() + ms; !cond();) {
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

/**
 * Fails the test in which the part under test left a promise rejection unhandled: in a gateway
 * process that is an uncaught exception (Node's default), so it is a contract breach of every port.
 * Call once in the suite's body.
 */
export function noUnhandledRejections(): void {
  const seen: unknown[] = [];
  const note = (reason: unknown) => seen.push(reason);
  before(() => process.on('unhandledRejection', note));
  after(() => process.off('unhandledRejection', note));
  afterEach(() => {
    const found = seen.splice(0);
    if (found.length > 0) {
      const text = found.map((r) => (r instanceof Error ? r.stack : String(r))).join('\n');
      throw new Error(`the part under test left a rejection unhandled: ${text}`);
    }
  });
}

/**
 * What the Lifecycle and HasHealth ports promise, checked on a part that was never started: not
 * ok before start, start idempotent (twice at once), healthy once started, stop idempotent, and
 * then not ok and 'stopped'.
 */
export async function checkLifecycle(part: Lifecycle & HasHealth, what: string): Promise<void> {
  assert.equal(part.health().ok, false, `${what} is not ok before start`);
  await Promise.all([part.start(), part.start()]);
  await until(`the ${what} healthy`, () => part.health().ok);
  assert.equal(typeof part.health().state, 'string');
  await part.stop();
  await part.stop();
  assert.equal(part.health().ok, false);
  assert.equal(part.health().state, 'stopped');
}
