/**
 * How the store's integrity is told: one log line at open, the store part of /healthz, and the
 * figures the metrics publish. The operator's steps are in docs/store-integrity.md.
 */
import type { Logger } from '../ports';
import type { Watermark } from './watermark';

/** The figures of the verdict (metrics, dashboard). */
export interface IntegrityFigures {
  state: string;
  ok: boolean;
  /** event seqs skipped at open (lost from the store or never used). */
  skippedSeqs: number;
  /** serial numbers skipped at open, over every counter key. */
  skippedNumbers: number;
  /** event seqs and counter numbers the store held below the mark. */
  lostNumbers: number;
  /** problems found after open (a sink cursor ahead of the store). */
  problems: number;
}

/** The verdict as figures. */
export function integrityFigures(mark: Watermark): IntegrityFigures {
  const { state, floors, lost, held } = mark.integrity;
  let skippedNumbers = 0;
  let lostNumbers = lost.events ? lost.events.mark - lost.events.store : 0;
  for (const s of Object.values(lost.counters)) lostNumbers += s.mark - s.store;
  for (const [k, n] of Object.entries(floors.counters)) skippedNumbers += n - (held.counters[k] ?? 0);
  return {
    state,
    ok: mark.ok,
    skippedSeqs: floors.events - held.events,
    skippedNumbers,
    lostNumbers,
    problems: mark.problems.length,
  };
}

const DOC = 'see docs/store-integrity.md';

/** The store's /healthz part. */
export function storeHealthPart(
  mark: Watermark | undefined,
  lastWriteError?: string,
): { ok: boolean; state: string } {
  if (lastWriteError) return { ok: false, state: `last write failed: ${lastWriteError}` };
  if (!mark) return { ok: true, state: 'open' };
  const { state, message } = mark.integrity;
  const later = mark.problems.map((p) => p.message);
  if (state === 'damaged' || state === 'mark-damaged' || later.length > 0) {
    return {
      ok: false,
      state:
        [state === 'ok' || state === 'gap' ? '' : message, ...later].filter(Boolean).join('; ') + `; ${DOC}`,
    };
  }
  return { ok: true, state: state === 'gap' ? `open (${message})` : 'open' };
}

/** Logs the verdict at open: error when numbers were lost, warn on a precautionary gap. */
export function logIntegrity(mark: Watermark, log: Logger): void {
  const { state, message, lost, floors } = mark.integrity;
  const figures = integrityFigures(mark);
  const detail = { integrity: state, lost, continueAbove: floors.events, ...figures };
  if (state === 'damaged' || state === 'mark-damaged') log.error(detail, `${message}; ${DOC}`);
  else if (state === 'gap') log.warn(detail, message);
  else log.info({ integrity: state, events: mark.integrity.held.events }, message);
}
