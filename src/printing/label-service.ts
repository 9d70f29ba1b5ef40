/**
 * Prints a unit's label at one station and records it: the job is written to the store before a
 * byte goes to the printer, so after a crash a label that may have printed is known
 * ("print-unknown"), and the outcome (label.printed / label.failed) is committed with the job's
 * removal in one batch. Station cycles and audited reprints both print through here.
 */
import { v7 as uuidv7 } from 'uuid';
import { Result, type Clock, type LabelPrinter, type Logger } from '../ports';
import type { Journal, Tx } from '../store/journal';
import type { Store } from '../store/store';
import { Sublevels } from '../store/layout';
import { stepFailure, type CycleStep, type StepOutcome, type UnitContext } from '../stations/steps';
import type { EventInput } from '../events/event';
import { withRfid } from './rfid';
import { isCode, isErrorCode } from '../errors';

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
  /**
   * an RFID label: the EPC (24 hex digits) to encode into the unit's tag; throws when the unit
   * has none. The label is confirmed only when the tag reads it back.
   */
  epc?: (unit: UnitContext) => string;
  journal: Journal;
  store: Store;
  clock: Clock;
  log: Logger;
}

/** A job recorded before its label is sent. */
interface PreparedJob {
  job: PrintJob;
  reprint: ReprintRequest | undefined;
  /** unknown jobs of the same serial that this print settles. */
  settled: PrintJob[];
}

/** Label printing for one station; also its cycle step. */
export class LabelService implements CycleStep {
  readonly name = 'print';
  /** the job recorded by prepare() for the cycle in flight (cycles at a station run one at a time). */
  private prepared: PreparedJob | undefined;

  constructor(private readonly deps: LabelServiceDeps) {}

  /** The cycle step: prints the unit's label; a retry after a possible print is a reprint. */
  async run(unit: UnitContext): Promise<StepOutcome> {
    const prepared = this.prepared;
    this.prepared = undefined;
    if (prepared?.job.serial === unit.serial) return this.print(unit, prepared);
    const job = await this.newJob(unit);
    await this.deps.journal.run((tx) => tx.put(Sublevels.printJobs, job.job.id, job.job));
    return this.print(unit, job);
  }

  /** Records the cycle's print job in the reservation's transaction (durable before sending). */
  async prepare(tx: Tx, unit: UnitContext): Promise<void> {
    this.prepared = await this.newJob(unit);
    tx.put(Sublevels.printJobs, this.prepared.job.id, this.prepared.job);
  }

  /**
   * The label of a unit whose cycle an earlier run completed (the PLC acknowledged its serial,
   * which is only answered after the printer confirmed): label.printed, marked recovered, and the
   * run's open jobs closed.
   */
  async recover(unit: UnitContext): Promise<StepOutcome | undefined> {
    const open = await this.unknownJobs(unit.serial);
    if (open.length === 0) return undefined;
    const job = open.reduce((a, b) => (a.sentAt >= b.sentAt ? a : b));
    const data = {
      printer: job.printer,
      jobId: job.id,
      copies: job.copies,
      reprint: job.reprint,
      recovered: true,
    };
    return {
      events: [
        {
          station: this.deps.station,
          serial: unit.serial,
          partNumber: unit.partNumber,
          workOrder: unit.workOrder,
          type: 'label.printed',
          data,
        },
      ],
      writes: (tx) => open.forEach((j) => tx.del(Sublevels.printJobs, j.id)),
    };
  }

  /** An audited reprint of the same serial. */
  async reprint(unit: UnitContext, request: ReprintRequest): Promise<StepOutcome> {
    const job = this.jobFor(unit, request, await this.unknownJobs(unit.serial));
    await this.deps.journal.run((tx) => tx.put(Sublevels.printJobs, job.job.id, job.job));
    return this.print(unit, job);
  }

  /** A cycle's job: a retry after a label that may have printed (an unknown job) is a reprint. */
  private async newJob(unit: UnitContext): Promise<PreparedJob> {
    const unknown = unit.retry ? await this.unknownJobs(unit.serial) : [];
    const reprint =
      unknown.length > 0 ? { reason: 'print-unknown after restart', operator: 'linegate' } : undefined;
    return this.jobFor(unit, reprint, unknown);
  }

  private jobFor(unit: UnitContext, reprint: ReprintRequest | undefined, settled: PrintJob[]): PreparedJob {
    const { printer, station, copies, clock } = this.deps;
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
    return { job, reprint, settled };
  }

  private async print(unit: UnitContext, { job, reprint, settled }: PreparedJob): Promise<StepOutcome> {
    const { printer, station } = this.deps;
    const base = { station, serial: unit.serial, partNumber: unit.partNumber, workOrder: unit.workOrder };
    let zpl: Buffer;
    let epc: string | undefined;
    try {
      zpl = this.deps.render(unit);
      epc = this.deps.epc?.(unit);
      if (epc !== undefined) zpl = withRfid(zpl, epc);
    } catch (err) {
      // A coded failure (LABEL_*, EPC_*, GS1_*) keeps its code; anything else is a render failure.
      const given = (err as { code?: unknown }).code;
      const code = isErrorCode(given) ? given : 'LABEL_RENDER_FAILED';
      const message = `label for ${unit.serial} cannot be rendered: ${(err as Error).message}`;
      throw stepFailure({
        code,
        result: Result.PRINTER_FAULT,
        message,
        outcome: {
          events: [{ ...base, type: 'label.failed', data: { printer: printer.name, code, error: message } }],
        },
        cause: err,
      });
    }
    const close = (tx: Tx) => [job, ...settled].forEach((j) => tx.del(Sublevels.printJobs, j.id));
    try {
      await printer.print(zpl, epc === undefined ? {} : { epc });
    } catch (err) {
      const code = isCode(err, 'PRINTER_') ? err.code : 'PRINTER_WRITE_FAILED';
      const failed: EventInput = {
        ...base,
        type: 'label.failed',
        data: {
          printer: printer.name,
          jobId: job.id,
          code,
          error: (err as Error).message,
          ...(epc !== undefined && { epc }),
        },
      };
      // A fault before or while sending printed nothing for sure only if the printer said so;
      // the job record goes either way, and a retry decides "reprint" from what it finds.
      throw stepFailure({
        code,
        result: Result.PRINTER_FAULT,
        message: `printer ${printer.name}: ${(err as Error).message}`,
        outcome: { events: [failed], writes: (tx) => tx.del(Sublevels.printJobs, job.id) },
        cause: err,
      });
    }
    const data: Record<string, unknown> = {
      printer: printer.name,
      jobId: job.id,
      copies: job.copies,
      reprint: job.reprint,
      ...(epc !== undefined && { epc }),
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
