/**
 * Injectable timers, so backoff and linger logic can be driven by sinon's fake clock in unit
 * tests while real sockets keep real time.
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** The process's timers; handles are unref'd so a pending retry never keeps Node alive. */
export const realTimers: Timers = {
  setTimeout(fn, ms) {
    const t = setTimeout(fn, ms);
    t.unref();
    return t;
  },
  clearTimeout(handle) {
    clearTimeout(handle as NodeJS.Timeout);
  },
};

/** A sleep that can be cut short: `wake()` resolves it early and clears its timer. */
export interface Sleep {
  readonly done: Promise<void>;
  wake(): void;
}

/** Sleeps `ms` on `timers`; wake() ends it early. */
export function sleep(timers: Timers, ms: number): Sleep {
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const handle = timers.setTimeout(() => resolve(), Math.max(0, ms));
  return {
    done,
    wake() {
      timers.clearTimeout(handle);
      resolve();
    },
  };
}
