/**
 * Prints a unit's label at one station and records it: the job is written to the store before a
 * byte goes to the printer, so after a crash a label that may have printed is known
 * ("print-unknown"), and the outcome (label.printed / label.failed) is committed with the job's
 * removal in one batch. Station cycles and audited reprints both print through here.
 */
import { v7 as uuidv7 } from 'uuid';
import { Result, PrinterError, type Clock, type LabelPrinter, type Logger } from '../ports';
import type { Journal, Tx } from '../store/journal';
import type { Store } from '../store/store';
import { Sublevels } from '../store/layout';
import { StepError, type CycleStep, type StepOutcome, type UnitContext } from '../stations/steps';
import type { EventInput } from '../events/event';

/** Identifies this process run: an open job written by another run is print-unknown. */
export const BOOT = uuidv7();

/** A label sent to a printer and not yet confirmed: on disk only while its outcome is open. */
export interface PrintJob {
  id: string;
  serial: string;
  station: string;
  printer: string;
  copies: number;
  reprint: boolean;
  reason?: string;
  operator?: string;
  sentAt: string;
  /** the process run that sent it; a job of an earlier run is print-unknown. */
  boot: string;
}

/** Who asked for a reprint and why (audited in the label.printed event). */
export interface ReprintRequest {
  reason: string;
  operator: string;
}

export interface LabelServiceDeps {
  station: string;
  printer: LabelPrinter;
  copies: number;
  /** renders the label's ZPL for a unit (template + values); throws on a value it cannot encode. */
  render: (unit: UnitContext) => Buffer;
  journal: Journal;
  store: Store;
  clock: Clock;
  log: Logger;
}

/** Label printing for one station; also its cycle step. */
export class LabelService implements CycleStep {
  readonly name = 'print';

  constructor(private readonly deps: LabelServiceDeps) {}

  /** The cycle step: prints the unit's label; a retry after a possible print is a reprint. */
  async run(unit: UnitContext): Promise<StepOutcome> {
    const unknown = unit.retry ? await this.unknownJobs(unit.serial) : [];
    const reprint = unknown.length > 0;
    return this.print(
      unit,
      reprint ? { reason: 'print-unknown after restart', operator: 'linegate' } : undefined,
      unknown,
    );
  }

  /** An audited reprint of the same serial. */
  reprint(unit: UnitContext, request: ReprintRequest): Promise<StepOutcome> {
    return this.unknownJobs(unit.serial).then((unknown) => this.print(unit, request, unknown));
  }

  private async print(
    unit: UnitContext,
    reprint: ReprintRequest | undefined,
    settled: PrintJob[],
  ): Promise<StepOutcome> {
    const { printer, station, copies, clock } = this.deps;
    const base = { station, serial: unit.serial, partNumber: unit.partNumber, workOrder: unit.workOrder };
    let zpl: Buffer;
    try {
      zpl = this.deps.render(unit);
    } catch (err) {
      const code = (err as { code?: string }).code ?? 'LABEL_RENDER_FAILED';
      const message = `label for ${unit.serial} cannot be rendered: ${(err as Error).message}`;
      throw new StepError(
        Result.PRINTER_FAULT,
        code,
        message,
        {
          events: [{ ...base, type: 'label.failed', data: { printer: printer.name, code, error: message } }],
        },
        { cause: err },
      );
    }
    const job: PrintJob = {
      id: uuidv7(),
      serial: unit.serial,
      station,
      printer: printer.name,
      copies,
      reprint: reprint !== undefined,
      ...reprint,
      sentAt: new Date(clock.now()).toISOString(),
      boot: BOOT,
    };
    await this.deps.journal.run((tx) => tx.put(Sublevels.printJobs, job.id, job));
    const close = (tx: Tx) => [job, ...settled].forEach((j) => tx.del(Sublevels.printJobs, j.id));
    try {
      await printer.print(zpl);
    } catch (err) {
      const code = err instanceof PrinterError ? err.code : 'PRINTER_WRITE_FAILED';
      const failed: EventInput = {
        ...base,
        type: 'label.failed',
        data: { printer: printer.name, jobId: job.id, code, error: (err as Error).message },
      };
      // A fault before or while sending printed nothing for sure only if the printer said so;
      // the job record goes either way, and a retry decides "reprint" from what it finds.
      throw new StepError(
        Result.PRINTER_FAULT,
        code,
        `printer ${printer.name}: ${(err as Error).message}`,
        { events: [failed], writes: (tx) => tx.del(Sublevels.printJobs, job.id) },
        { cause: err },
      );
    }
    const data: Record<string, unknown> = {
      printer: printer.name,
      jobId: job.id,
      copies,
      reprint: job.reprint,
    };
    if (reprint) Object.assign(data, { reason: reprint.reason, operator: reprint.operator });
    return { events: [{ ...base, type: 'label.printed', data }], writes: close };
  }

  /** Jobs of this serial left open by an earlier process (printed or not: nobody knows). */
  private async unknownJobs(serial: string): Promise<PrintJob[]> {
    const jobs = await readPrintJobs(this.deps.store);
    return jobs.filter((j) => j.serial === serial && j.station === this.deps.station && j.boot !== BOOT);
  }
}

/** Every open print job in the store. */
export async function readPrintJobs(store: Store): Promise<PrintJob[]> {
  return (await store.sub(Sublevels.printJobs).values().all()) as PrintJob[];
}
