/**
 * A start station: reserves a serial, records the unit and its `unit.started` event durably,
 * then runs its steps. One handshake, one serial: while a reservation is pending (a step failed,
 * the gateway crashed, or the PLC has not yet acknowledged) every start gets that same serial.
 */
import type { StartStationConfig } from '../config/schema';
import { LinegateError } from '../errors';
import {
  Result,
  type Clock,
  type Logger,
  type ResultCode,
  type StartOutcome,
  type StartPort,
  type StartRequest,
} from '../ports';
import type { SerialScheme } from '../serials/scheme';
import type { ReprintRequest } from '../printing/label-service';
import type { Journal, Tx } from '../store/journal';
import { Sublevels, joinKey, seqKey } from '../store/layout';
import type { GatewayEvent } from '../events/event';
import { stepFailureOf, type CycleStep, type StepOutcome, type UnitContext } from './steps';
import { appendUnitEvent, UnitRecords } from '../units/records';
import { startRecord } from './start-serial';
import { recordOperation, recordStart } from '../units/changes';
import type { CarrierWindow } from './carrier-window';

/** A serial reserved for a station and not yet done. */
export interface Reservation {
  serial: string;
  reservedAt: string;
  /** kept until the trigger acknowledges (PLC handshake), not just until the steps succeed. */
  hold: boolean;
  /**
   * the request that holds it now: its requests key, null for a start without a requestId.
   * Absent in reservations written before owners were recorded.
   */
  owner?: string | null;
}

/** What the dashboard and metrics learn from each cycle. */
export interface CycleReport {
  station: string;
  source: StartRequest['source'];
  result: ResultCode;
  serial?: string;
  /** the serial reserved for this station that waits for the retry (a step, e.g. its label, failed). */
  waiting?: string;
  code?: string;
  /** why the cycle failed, as the error says it. */
  error?: string;
  durationMs: number;
}

export interface StartStationDeps {
  config: StartStationConfig;
  scheme: SerialScheme;
  journal: Journal;
  clock: Clock;
  log: Logger;
  steps: CycleStep[];
  /** the carrier reader's window, for a start station that binds carriers. */
  carrier?: CarrierWindow;
  /** where audited reprints go (the station's label printing), when it prints labels. */
  reprinter?: { reprint(unit: UnitContext, request: ReprintRequest): Promise<StepOutcome> };
  onCycle?: (report: CycleReport) => void;
  /** throws LinegateError STORE_FULL when the store refuses new starts (upstream quota). */
  admit?: () => void;
}

interface Reserved {
  unit: UnitContext;
  /** the request was served completely before (same requestId): nothing left to do. */
  done: boolean;
}

/** Runs start cycles for one station, one at a time. */
export class StartStation implements StartPort {
  private chain: Promise<unknown> = Promise.resolve();
  /** a cycle's step outcomes waiting for the trigger's acknowledgement, recorded with it. */
  private unacknowledged: { serial: string; outcomes: StepOutcome[] } | undefined;
  /** the serial the trigger acknowledged last (its reservation may not be deleted on disk yet). */
  private acknowledged: string | undefined;
  /** the carrier read taken by the reservation in flight, to give back if it fails. */
  private takenCarrier: string | undefined;

  constructor(private readonly deps: StartStationDeps) {}

  get stationId(): string {
    return this.deps.config.id;
  }

  /** Runs one start cycle after any cycle in flight at this station. Never rejects. */
  start(request: StartRequest): Promise<StartOutcome> {
    const next = this.chain.then(() => this.timed(request));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Ends the reservation of `serial` once the trigger's peer has it (PLC dropped request). */
  async acknowledge(serial: string): Promise<void> {
    // Remembered at once: should the write below fail, this process still never serves the
    // acknowledged serial again (the next reservation drops it in its own batch).
    this.acknowledged = serial;
    const held = this.unacknowledged?.serial === serial ? this.unacknowledged.outcomes : undefined;
    // Without them (a restart since), the peer's ack still proves the steps had succeeded.
    const outcomes = held ?? (await this.recovered(serial));
    await this.journal.run(async (tx) => {
      await this.record(tx, serial, outcomes);
      const r = await tx.get<Reservation>(Sublevels.reservations, this.stationId);
      if (r?.serial === serial) tx.del(Sublevels.reservations, this.stationId);
    });
    if (held) this.unacknowledged = undefined;
  }

  /** What the steps did for a serial whose cycle an earlier run completed and the peer acknowledged. */
  private async recovered(serial: string): Promise<StepOutcome[]> {
    const unit = await this.journal.run((tx) => this.unitContext(tx, serial, true));
    const outcomes: StepOutcome[] = [];
    for (const step of this.deps.steps) {
      const outcome = await step.recover?.(unit);
      if (outcome) outcomes.push(outcome);
    }
    return outcomes;
  }

  /** Records an operation result reported by the trigger's peer (e.g. PLC nodes) for a unit. */
  async recordOperation(
    serial: string,
    result: 'pass' | 'fail' | undefined,
    parameters: Record<string, unknown>,
  ): Promise<void> {
    await this.journal.run((tx) => recordOperation(tx, serial, this.stationId, { result, parameters }));
  }

  /**
   * Prints the label of a unit this station started again, with the same serial, recording who
   * asked and why in its label.printed event. Runs between cycles, never during one.
   */
  reprint(serial: string, request: ReprintRequest): Promise<StartOutcome> {
    const next = this.chain.then(async (): Promise<StartOutcome> => {
      const reprinter = this.deps.reprinter;
      if (!reprinter)
        return {
          result: Result.PRINTER_FAULT,
          error: `station ${this.stationId} prints no labels`,
          code: 'NO_PRINTER',
        };
      try {
        const unit = await this.journal.run((tx) => this.unitContext(tx, serial, true));
        const outcome = await reprinter.reprint(unit, request);
        await this.journal.run((tx) => this.record(tx, serial, [outcome]));
        return { result: Result.OK, serial };
      } catch (err) {
        const step = stepFailureOf(err);
        if (step)
          await this.journal.run((tx) => this.record(tx, serial, [step.outcome])).catch(() => undefined);
        return failure(err);
      }
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** Resolves when no cycle is in flight. */
  async idle(): Promise<void> {
    await this.chain;
  }

  /**
   * Runs `work` between cycles, never during one, with the station's print step (undefined when
   * it prints no labels): batch printing of pre-assigned serials goes through here.
   */
  betweenCycles<T>(work: (print: CycleStep | undefined) => Promise<T>): Promise<T> {
    const next = this.chain.then(() => work(this.deps.steps.find((s) => s.name === 'print')));
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** The steps a unit's cycle runs: a label batch-printed before the start is not printed again. */
  private stepsFor(unit: UnitContext): CycleStep[] {
    return unit.preprinted ? this.deps.steps.filter((s) => s.name !== 'print') : this.deps.steps;
  }

  private get journal(): Journal {
    return this.deps.journal;
  }

  private async timed(request: StartRequest): Promise<StartOutcome> {
    const started = performance.now();
    const outcome = await this.cycle(request);
    const durationMs = performance.now() - started;
    const { result, serial, code, waiting, error } = outcome;
    this.deps.log.info(
      { source: request.source, result, serial, code, ms: Math.round(durationMs * 10) / 10 },
      result === Result.OK ? `cycle ok ${serial}` : `cycle failed: ${outcome.error}`,
    );
    this.deps.onCycle?.({
      station: this.stationId,
      source: request.source,
      result,
      serial,
      waiting,
      code,
      error,
      durationMs,
    });
    return outcome;
  }

  private async cycle(request: StartRequest): Promise<StartOutcome> {
    let reserved: Reserved;
    try {
      reserved = await this.journal.run((tx) => this.reserve(tx, request));
    } catch (err) {
      // Nothing was recorded: the carrier read is still in front of the reader for the retry.
      if (this.takenCarrier) this.deps.carrier?.untake(this.takenCarrier);
      return failure(err);
    } finally {
      this.takenCarrier = undefined;
    }
    const { unit } = reserved;
    if (reserved.done) return { result: Result.OK, serial: unit.serial };
    const done: StepOutcome[] = [];
    try {
      for (const step of this.stepsFor(unit)) done.push(await step.run(unit));
    } catch (err) {
      const step = stepFailureOf(err);
      if (step) {
        await this.journal.run((tx) => this.record(tx, unit.serial, [step.outcome])).catch(() => undefined);
      }
      return { ...failure(err), waiting: unit.serial };
    }
    const hold = request.holdUntilAcknowledged === true;
    if (hold && done.length > 0) {
      // Recorded with the acknowledgement, in its synced batch: one fsync less per unit (flash
      // wear). The job record written before printing covers a crash in between.
      this.unacknowledged = { serial: unit.serial, outcomes: done };
    } else if (done.length > 0) {
      try {
        await this.journal.run(async (tx) => {
          await this.record(tx, unit.serial, done);
          if (!hold) await this.release(tx, unit.serial);
        });
      } catch (err) {
        return failure(err);
      }
    }
    return { result: Result.OK, serial: unit.serial };
  }

  /** Finds or issues the station's serial inside one transaction. */
  private async reserve(tx: Tx, request: StartRequest): Promise<Reserved> {
    const { config, scheme } = this.deps;
    const requestKey =
      request.requestId !== undefined ? joinKey(this.stationId, request.requestId) : undefined;
    let pending = await tx.get<Reservation>(Sublevels.reservations, this.stationId);
    if (pending && pending.serial === this.acknowledged) {
      tx.del(Sublevels.reservations, this.stationId);
      pending = undefined;
    }
    if (requestKey !== undefined) {
      const known = await tx.get<string>(Sublevels.requests, requestKey);
      // A known serial no longer reserved was served to this request: answer it again. One still
      // reserved is this request's own retry (a takeover deleted the loser's key, see below).
      if (known !== undefined && pending?.serial !== known)
        return { unit: await this.unitContext(tx, known, true), done: true };
    }
    let unit: UnitContext;
    if (pending) {
      unit = await this.unitContext(tx, pending.serial, true);
      await this.takeOver(tx, pending, requestKey ?? null);
    } else {
      if (config.partNumber === undefined && config.workOrder === undefined) {
        throw new LinegateError(
          'STATION_NOT_READY',
          `station ${this.stationId} has no active part number or work order`,
        );
      }
      this.deps.admit?.();
      const carrier = this.deps.carrier?.take(this.deps.clock.now());
      if (carrier !== undefined) this.takenCarrier = carrier;
      if (this.deps.carrier && carrier === undefined) {
        const windowMs = config.carrier?.windowMs ?? 5000;
        throw new LinegateError(
          'CARRIER_NOT_READ',
          `station ${this.stationId} saw no carrier tag in the last ${windowMs} ms`,
        );
      }
      const at = new Date(this.deps.clock.now()).toISOString();
      const { record, preassigned } = await startRecord(tx, {
        scheme,
        station: this.stationId,
        workOrder: config.workOrder,
        partNumber: config.partNumber,
        at,
      });
      unit = {
        serial: record.serial,
        station: this.stationId,
        partNumber: record.partNumber,
        workOrder: record.workOrder,
        scheme: record.scheme || scheme.name,
        retry: false,
        ...(record.preprinted && { preprinted: true }),
      };
      await recordStart(tx, record, {
        station: this.stationId,
        scheme: unit.scheme,
        trigger: request.source,
        requestId: request.requestId,
        preassigned,
        carrier,
        now: this.deps.clock.now(),
      });
      if (this.stepsFor(unit).length > 0 || request.holdUntilAcknowledged) {
        const reservation: Reservation = {
          serial: unit.serial,
          reservedAt: at,
          hold: request.holdUntilAcknowledged === true,
          owner: requestKey ?? null,
        };
        tx.put(Sublevels.reservations, this.stationId, reservation);
      }
    }
    if (requestKey !== undefined) tx.put(Sublevels.requests, requestKey, unit.serial);
    for (const step of this.stepsFor(unit)) await step.prepare?.(tx, unit);
    return { unit, done: false };
  }

  /**
   * Hands the pending reservation to `owner` (the request retrying it now). The request that held
   * it before loses its requestId's claim on the serial, in the same batch: its own retry must get
   * a serial of its own, never the one this request is about to be answered with (issue: one
   * serial, result 0, to two requests).
   */
  private async takeOver(tx: Tx, pending: Reservation, owner: string | null): Promise<void> {
    const previous = pending.owner === undefined ? await this.startedBy(tx, pending.serial) : pending.owner;
    if (previous === owner) {
      if (pending.owner === undefined) tx.put(Sublevels.reservations, this.stationId, { ...pending, owner });
      return;
    }
    if (previous !== null && (await tx.get<string>(Sublevels.requests, previous)) === pending.serial)
      tx.del(Sublevels.requests, previous);
    tx.put(Sublevels.reservations, this.stationId, { ...pending, owner });
    this.deps.log.info(
      { serial: pending.serial, from: requestIdOf(previous), to: requestIdOf(owner) },
      'reservation taken over by another request',
    );
  }

  /** The requests key of the start that reserved `serial` (its unit.started event), or null. */
  private async startedBy(tx: Tx, serial: string): Promise<string | null> {
    const record = await UnitRecords.get(tx, serial);
    for (const seq of record?.events ?? []) {
      const event = await tx.get<GatewayEvent>(Sublevels.events, seqKey(seq));
      if (event?.type !== 'unit.started') continue;
      const id = event.data?.requestId;
      return typeof id === 'string' ? joinKey(this.stationId, id) : null;
    }
    return null;
  }

  /** Records what steps did: their state writes and their events about the unit. */
  private async record(tx: Tx, serial: string, outcomes: StepOutcome[]): Promise<void> {
    const record = await UnitRecords.get(tx, serial);
    for (const o of outcomes) {
      await o.writes?.(tx);
      for (const e of o.events) {
        if (record && (e.serial === undefined || e.serial === serial)) appendUnitEvent(tx, record, e);
        else tx.appendEvent(e);
      }
    }
  }

  private async release(tx: Tx, serial: string): Promise<void> {
    const r = await tx.get<Reservation>(Sublevels.reservations, this.stationId);
    if (r?.serial === serial) tx.del(Sublevels.reservations, this.stationId);
  }

  private async unitContext(tx: Tx, serial: string, retry: boolean): Promise<UnitContext> {
    const record = await UnitRecords.get(tx, serial);
    return {
      serial,
      station: this.stationId,
      partNumber: record?.partNumber,
      workOrder: record?.workOrder,
      scheme: record?.scheme || this.deps.scheme.name,
      retry,
      ...(record?.preprinted && { preprinted: true }),
    };
  }
}

/** The requestId part of a requests key, for logs. */
function requestIdOf(key: string | null): string | null {
  return key === null ? null : key.slice(key.indexOf('\x00') + 1);
}

/** Maps any failure to the station result of docs/contracts.md §3. */
function failure(err: unknown): StartOutcome {
  const error = err instanceof Error ? err.message : String(err);
  const step = stepFailureOf(err);
  if (step && err instanceof LinegateError) return { result: step.result, error, code: err.code };
  if (err instanceof LinegateError) {
    const byCode: Partial<Record<string, ResultCode>> = {
      SERIAL_EXHAUSTED: Result.NO_SERIAL,
      SERIAL_NO_BLOCK: Result.NO_SERIAL,
      STORE_WRITE_FAILED: Result.STORAGE_FAULT,
      STORE_CLOSED: Result.STORAGE_FAULT,
      STATION_NOT_READY: Result.NOT_READY,
      CARRIER_NOT_READ: Result.NOT_READY,
      STORE_FULL: Result.STORAGE_FAULT,
    };
    return { result: byCode[err.code] ?? Result.INTERNAL, error, code: err.code };
  }
  return { result: Result.INTERNAL, error, code: 'INTERNAL' };
}
