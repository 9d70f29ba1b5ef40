/**
 * Batch label printing of pre-assigned serials (a label roll for a work order) through a start
 * station's own print step, between its cycles. Each label is confirmed by the printer and
 * recorded (label.printed, the serial reserved → printed) before the next is sent; the start that
 * later takes a printed serial prints no second label. The first failure stops the batch: labels
 * confirmed so far stay printed, the rest stay reserved.
 */
import { LinegateError } from '../errors';
import type { Journal } from '../store/journal';
import { stepFailureOf, type CycleStep, type StepOutcome, type UnitContext } from '../stations/steps';
import { canMove, moveUnit } from '../units/status';
import { appendUnitEvent, UnitRecords } from '../units/records';

/** What a batch printed. */
export interface BatchPrintResult {
  station: string;
  printed: string[];
  /** serials passed over: no longer reserved (taken, voided, printed already). */
  skipped: string[];
  /** the label that failed, which stopped the batch. */
  failed?: { serial: string; code: string; error: string };
}

export interface BatchPrintOptions {
  journal: Journal;
  station: string;
  /** the station's print step (its LabelService); undefined when it prints no labels. */
  print: CycleStep | undefined;
  serials: readonly string[];
}

/** Prints the serials' labels one by one; resolves with what was printed. */
export async function printBatch(opts: BatchPrintOptions): Promise<BatchPrintResult> {
  const { journal, station } = opts;
  const result: BatchPrintResult = { station, printed: [], skipped: [] };
  const print = opts.print;
  if (!print) {
    const error = `station ${station} prints no labels (it has no label and printer)`;
    return { ...result, failed: { serial: opts.serials[0] ?? '', code: 'NO_PRINTER', error } };
  }
  for (const serial of opts.serials) {
    const unit = await journal.run(async (tx): Promise<UnitContext | undefined> => {
      const r = await UnitRecords.get(tx, serial);
      if (!r || !canMove(r, 'print')) return undefined;
      return {
        serial,
        station,
        partNumber: r.partNumber,
        workOrder: r.workOrder,
        scheme: r.scheme,
        retry: false,
      };
    });
    if (!unit) {
      result.skipped.push(serial);
      continue;
    }
    let outcome: StepOutcome;
    try {
      outcome = await print.run(unit);
    } catch (err) {
      const step = stepFailureOf(err);
      if (step) await record(journal, serial, step.outcome, false).catch(() => undefined);
      const code = err instanceof LinegateError ? err.code : 'INTERNAL';
      result.failed = { serial, code, error: (err as Error).message };
      return result;
    }
    await record(journal, serial, outcome, true);
    result.printed.push(serial);
  }
  return result;
}

/** Commits what the print step did, and on success the move reserved → printed. */
async function record(
  journal: Journal,
  serial: string,
  outcome: StepOutcome,
  printed: boolean,
): Promise<void> {
  await journal.run(async (tx) => {
    await outcome.writes?.(tx);
    const r = await UnitRecords.get(tx, serial);
    if (!r) return;
    if (printed && canMove(r, 'print')) {
      moveUnit(r, 'print');
      r.preprinted = true;
    }
    for (const e of outcome.events) appendUnitEvent(tx, r, { ...e, data: { ...e.data, batch: true } });
    if (outcome.events.length === 0) UnitRecords.put(tx, r);
  });
}
