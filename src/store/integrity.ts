/**
 * The store's verdict at open: does the store hold every number the gateway ever issued? The
 * high-water mark (mark-file.ts) is compared with what LevelDB holds. An SD card that loses the
 * tail of LevelDB's write-ahead log opens without an error, so this comparison is the only way
 * to know. The verdict says where numbering must continue so that nothing is issued twice.
 */
import type { ExactRecord, MarkValues, Read } from './mark-file';

/**
 * - ok: the store holds everything the mark says was committed (or both are new).
 * - gap: nothing proven lost, but the store cannot be proven complete (an unclean power-off,
 *   the exact mark unreadable): numbering continues above the reserved mark, as a precaution.
 * - damaged: the store holds less than was committed: numbers were lost; numbering continues
 *   above the mark, never at or below it.
 * - mark-damaged: the mark itself is unreadable and cannot vouch for the store.
 */
export type IntegrityState = 'ok' | 'gap' | 'damaged' | 'mark-damaged';

/** One number the store holds against the mark's. */
export interface Shortfall {
  store: number;
  mark: number;
}

/** The verdict. */
export interface Integrity {
  state: IntegrityState;
  /** one sentence for the log and health. */
  message: string;
  /** numbering continues above these: event seq and each counter key's last number. */
  floors: MarkValues;
  /** what the store held at open. */
  held: MarkValues;
  /** what the store holds below the mark (damaged), per event seq and counter key. */
  lost: { events?: Shortfall; counters: Record<string, Shortfall> };
}

export interface JudgeInput {
  /** what LevelDB holds: the newest event seq and every counter. */
  store: MarkValues;
  exact: Read<ExactRecord>;
  reserved: Read<MarkValues>;
  /** this boot's id ('unknown' where the system does not say). */
  boot: string;
  /** the highest seq an upstream sink acknowledged (its stored cursor): a witness of its own. */
  acked?: number;
}

/** Compares the store with the mark; pure, so every combination is testable. */
export function judge(input: JudgeInput): Integrity {
  return { ...verdict(input), held: input.store };
}

function verdict({ store, exact, reserved, boot, acked = 0 }: JudgeInput): Omit<Integrity, 'held'> {
  const read = exact.state === 'ok' ? exact.value : undefined;
  // A sink cannot have acknowledged an event the store never held: its cursor is a mark too.
  const e =
    acked > store.events
      ? { ...(read ?? { counters: {}, boot: '', clean: false }), events: Math.max(acked, read?.events ?? 0) }
      : read;
  const r = reserved.state === 'ok' ? reserved.value : undefined;
  const lost = shortfalls(store, e);
  const lostAny = lost.events !== undefined || Object.keys(lost.counters).length > 0;
  // The exact record is true to the last commit when the close that wrote it was clean
  // (fsynced), or the process died in this boot (the kernel kept the write).
  const exactTrue = e !== undefined && (e.clean || (boot !== 'unknown' && e.boot === boot));
  if (exact.state === 'absent' && reserved.state === 'absent' && !lostAny) {
    return { state: 'ok', message: 'store open; high-water mark started', floors: store, lost };
  }
  if (lostAny) {
    // Committed numbers are missing. Past the exact record is enough when it is true to the
    // last commit; otherwise up to the reserved mark may have been issued.
    const floors = max(store, exactTrue ? e : r ? max(e!, r) : e!);
    const what = describeLoss(lost);
    return {
      state: 'damaged',
      message: `store damaged: it holds less than was committed (${what}); numbering continues above the mark, never repeating a number`,
      floors,
      lost,
    };
  }
  if (exactTrue)
    return { state: 'ok', message: 'store open; complete against its high-water mark', floors: store, lost };
  if (r) {
    const why =
      e === undefined
        ? `the exact mark is ${exact.state === 'damaged' ? `unreadable (${exact.reason})` : 'missing'}`
        : 'the last stop was not clean and the machine restarted since (power-off?)';
    return {
      state: 'gap',
      message: `store cannot be proven complete: ${why}; numbering continues above the reserved mark`,
      floors: max(store, r),
      lost,
    };
  }
  const reason = reserved.state === 'damaged' ? reserved.reason : 'missing';
  return {
    state: 'mark-damaged',
    message: `the high-water mark is unreadable (${reason}) and cannot vouch for the store; numbering continues from the store`,
    floors: e ? max(store, e) : store,
    lost,
  };
}

/** Where the store holds less than `mark`. */
function shortfalls(store: MarkValues, mark: MarkValues | undefined): Integrity['lost'] {
  const lost: Integrity['lost'] = { counters: {} };
  if (!mark) return lost;
  if (store.events < mark.events) lost.events = { store: store.events, mark: mark.events };
  for (const [k, n] of Object.entries(mark.counters)) {
    const held = store.counters[k] ?? 0;
    if (held < n) lost.counters[k] = { store: held, mark: n };
  }
  return lost;
}

/** The larger of two values, key by key. */
export function max(a: MarkValues, b: MarkValues): MarkValues {
  const counters = { ...a.counters };
  for (const [k, n] of Object.entries(b.counters)) counters[k] = Math.max(counters[k] ?? 0, n);
  return { events: Math.max(a.events, b.events), counters };
}

function describeLoss(lost: Integrity['lost']): string {
  const parts: string[] = [];
  if (lost.events) parts.push(`event seq ${lost.events.store} of ${lost.events.mark}`);
  for (const [k, s] of Object.entries(lost.counters))
    parts.push(`counter ${k.replace('\x00', '/')} at ${s.store} of ${s.mark}`);
  return parts.join(', ');
}
