/**
 * The independent high-water mark of every number the store hands out: event seq and each serial
 * counter key. The journal asks it before each synced batch (`reserve`): numbers beyond the
 * reserved mark are reserved a block ahead in a durable file first, so the cost is one fsync per
 * block, not per unit. After the batch it records the exact numbers (`committed`). At open the
 * mark is compared with the store (integrity.ts); a store that holds less than was committed is
 * damaged, and numbering continues above the mark instead of handing out a number again.
 */
import { LinegateError } from '../errors';
import { judge, type Integrity } from './integrity';
import {
  EXACT_FILE,
  ExactFile,
  RESERVED_FILE,
  currentBootId,
  readMarkFile,
  writeReserved,
  type ExactRecord,
  type MarkValues,
} from './mark-file';

/** Event seqs reserved at a time: one fsync of the mark per this many events. */
export const EVENT_BLOCK = 1024;
/** Numbers of one counter key reserved at a time (the most a power-off can skip). */
export const COUNTER_BLOCK = 64;

/** The numbers one commit takes: its highest event seq and the new value of each counter it moved. */
export interface Claims {
  events: number;
  counters: Map<string, number>;
}

/** A problem found after open (a sink cursor ahead of the store): reported like the verdict. */
export interface IntegrityProblem {
  at: string;
  message: string;
}

export interface WatermarkOptions {
  /** the boot id to compare with the exact mark's (tests); default the kernel's. */
  boot?: string;
  clock?: () => number;
  /** the highest seq a sink acknowledged (read from the store's cursors). */
  acked?: number;
}

/** The mark of one open store. */
export class Watermark {
  /** the verdict at open. */
  readonly integrity: Integrity;
  /** problems found later, in order. */
  readonly problems: IntegrityProblem[] = [];
  private reserved: MarkValues;
  private exact: MarkValues;
  private readonly file: ExactFile;
  private readonly boot: string;
  private touched = false;

  private constructor(
    private readonly dir: string,
    store: MarkValues,
    private readonly opts: WatermarkOptions,
  ) {
    this.boot = opts.boot ?? currentBootId();
    const reserved = readMarkFile<MarkValues>(dir, RESERVED_FILE);
    const exact = readMarkFile<ExactRecord>(dir, EXACT_FILE);
    this.integrity = judge({ store, exact, reserved, boot: this.boot, acked: opts.acked });
    this.reserved = reserved.state === 'ok' ? reserved.value : { events: 0, counters: {} };
    // Nothing at or below the floors is ever handed out again, even if the repair is not written.
    const { floors } = this.integrity;
    this.exact = { events: floors.events, counters: { ...floors.counters } };
    this.file = new ExactFile(dir);
  }

  /** Reads the mark in `dir` and judges the store's numbers against it. */
  static open(dir: string, store: MarkValues, opts: WatermarkOptions = {}): Watermark {
    return new Watermark(dir, store, opts);
  }

  /** false while the store is damaged or the mark unreadable, or a later problem was found. */
  get ok(): boolean {
    return (this.integrity.state === 'ok' || this.integrity.state === 'gap') && this.problems.length === 0;
  }

  /** The numbers committed (or skipped to), event seq and counters. */
  get committed(): MarkValues {
    return this.exact;
  }

  /** Records a problem found after open; it makes the store unhealthy until the next start. */
  flag(message: string): void {
    const at = new Date((this.opts.clock ?? Date.now)()).toISOString();
    if (!this.problems.some((p) => p.message === message)) this.problems.push({ at, message });
  }

  /** Throws STORE_DAMAGED when a number at or below the committed mark would be handed out. */
  check(key: string, value: number): void {
    const mark = this.exact.counters[key] ?? 0;
    if (value <= mark) {
      throw new LinegateError(
        'STORE_DAMAGED',
        `counter ${key.replace('\x00', '/')} would hand out ${value}, at or below its high-water mark ${mark}; refused`,
      );
    }
  }

  /** Reserves (durably) whatever `claims` takes beyond the reserved mark; resolves at once when nothing. */
  async reserve(claims: Claims): Promise<void> {
    let next: MarkValues | undefined;
    if (claims.events > this.reserved.events) {
      next = { events: claims.events + EVENT_BLOCK, counters: { ...this.reserved.counters } };
    }
    for (const [k, n] of claims.counters) {
      if (n <= (this.reserved.counters[k] ?? 0)) continue;
      next ??= { events: this.reserved.events, counters: { ...this.reserved.counters } };
      next.counters[k] = n + COUNTER_BLOCK;
    }
    if (!next) return;
    try {
      // The exact record exists before any reservation: a reserved mark without it reads as an
      // unprovable store (a gap) after a crash between the two.
      if (!this.touched) this.write(false);
      await writeReserved(this.dir, next);
    } catch (cause) {
      throw new LinegateError(
        'STORE_WRITE_FAILED',
        `the high-water mark cannot be written: ${(cause as Error).message}`,
        { cause },
      );
    }
    this.reserved = next;
  }

  /** After a synced batch: records its numbers as the exact mark (in place, no fsync). */
  commit(claims: Claims): void {
    let changed = false;
    if (claims.events > this.exact.events) [this.exact.events, changed] = [claims.events, true];
    for (const [k, n] of claims.counters) {
      if (n > (this.exact.counters[k] ?? 0)) [this.exact.counters[k], changed] = [n, true];
    }
    if (changed) this.write(false);
  }

  /** On a clean close: the exact mark, fsynced, so it holds across a power-off too. */
  close(): void {
    try {
      if (this.touched) this.write(true);
    } finally {
      this.file.close();
    }
  }

  private write(clean: boolean): void {
    this.touched = true;
    this.file.write({ ...this.exact, boot: this.boot, clean }, clean);
  }
}
