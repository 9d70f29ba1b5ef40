/**
 * Helpers for the serial integration tests on real socat pty pairs: waiting for a condition (a
 * wait, never a timing assertion), and checking that no process is left behind.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { SimulatorHandle } from '../../../devices/serial/sim-handle';
import type { DeviceContext } from '../../../src/ports';
import { silentLog } from '../../helpers/silent-log';

/** Resolves once `cond` holds; rejects with `what` after `timeoutMs` (default 10 s). */
export async function until(cond: () => boolean, what = 'condition', timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Pids of live processes whose command line mentions `text` (e.g. a simulator's folder). */
export function processesMentioning(text: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (cmdline.includes(text) && !/\) Z /.test(stat)) pids.push(Number(entry));
    } catch {
      // the process ended while we looked
    }
  }
  return pids;
}

/** A DeviceContext for tests. */
export function testCtx(name: string): DeviceContext {
  return { name, log: silentLog, clock: { now: () => Date.now() }, dataDir: '/nonexistent' };
}

/** Fast reconnects for tests. */
export const FAST_BACKOFF = { minMs: 50, maxMs: 200 };

/** The folder of a simulator's pty links (to look for leftover processes), if it was started. */
export function simDir(sim: SimulatorHandle | undefined): string | undefined {
  return sim?.folder;
}
