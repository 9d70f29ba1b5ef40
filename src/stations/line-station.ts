/**
 * Stations after the start (assembly, test, end). A tag read names the unit on that carrier (one
 * identification per visit); at an assembly station each scan is a component consumed into the
 * unit identified most recently; an end station completes the unit and releases its carrier.
 * Anything that cannot be attributed is refused, logged and counted, never guessed.
 */
import type { StationConfig } from '../config/schema';
import { LinegateError, type ErrorCode } from '../errors';
import { unitOnCarrier, releaseCarrier } from '../genealogy/carriers';
import { consumeComponent } from '../genealogy/consume';
import {
  Result,
  type BarcodeScanner,
  type Clock,
  type Logger,
  type Scan,
  type StartOutcome,
  type StartPort,
  type TagRead,
  type TagReader,
} from '../ports';
import { reasonText, type StationRelease } from '../release/check';
import type { ReleaseDecision } from '../release/types';
import { parseGs1Scan } from '../serials/gs1';
import type { Journal, Tx } from '../store/journal';
import { Sublevels } from '../store/layout';
import { moveUnit } from '../units/status';
import { appendUnitEvent, type ComponentRecord, type SerialRecord } from '../units/unit';

type LineStationConfig = Exclude<StationConfig, { kind: 'start' }>;

/** Counters a station keeps for health, metrics and the dashboard. */
export interface LineStationStats {
  identified: number;
  unknownCarrier: number;
  consumed: number;
  refused: number;
  completed: number;
  lastRefusal?: string;
  /** units the process release refused here (also counted in `refused`). */
  releaseRefused: number;
  /** the latest release refusal here: the unit, every reason as one line, when. */
  lastRelease?: { serial: string; reason: string; at: string };
}

/** What an operation result brings besides pass/fail (API body or PLC data). */
export interface OperationExtra {
  /** who did it; default: the badge scanned at the station most recently. */
  operator?: string;
  /** the failure's reason code (opens the nonconformance with it). */
  code?: string;
}

export interface LineStationDeps {
  config: LineStationConfig;
  /** the reader or scanner that identifies the unit. */
  identify: TagReader | BarcodeScanner;
  /** the scanner whose scans are consumed (assembly). */
  consume?: BarcodeScanner;
  journal: Journal;
  clock: Clock;
  log: Logger;
  /** the process release (src/release); absent: every unit is allowed (tests of other parts). */
  release?: StationRelease;
}

const ALLOWED: ReleaseDecision = { allowed: true, reasons: [] };

/** One station after the start. */
export class LineStation {
  private current: string | undefined;
  /** the release refused the current unit: nothing is consumed into it or recorded for it. */
  private refusal: ReleaseDecision | undefined;
  /** the operator whose badge was scanned here most recently. */
  private operator: string | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  readonly stats: LineStationStats = {
    identified: 0,
    unknownCarrier: 0,
    consumed: 0,
    refused: 0,
    completed: 0,
    releaseRefused: 0,
  };
  private readonly onTag = (read: TagRead) => this.enqueue(() => this.identifyByCarrier(read.epc));
  private readonly onIdentifyScan = (scan: Scan) =>
    this.badge(scan) || this.enqueue(() => this.identifySerial(scan.text.trim()));
  private readonly onConsumeScan = (scan: Scan) => this.badge(scan) || this.enqueue(() => this.consume(scan));

  constructor(private readonly deps: LineStationDeps) {}

  get id(): string {
    return this.deps.config.id;
  }

  /** the unit identified here most recently, if any. */
  get unit(): string | undefined {
    return this.current;
  }

  /** Subscribes to the station's devices. */
  async start(): Promise<void> {
    const { identify, consume, config } = this.deps;
    if ('reader' in config.identify) (identify as TagReader).on('tag', this.onTag);
    else (identify as BarcodeScanner).on('scan', this.onIdentifyScan);
    consume?.on('scan', this.onConsumeScan);
  }

  /** Resolves when the work queued so far (reads, scans, results) is done. */
  async idle(): Promise<void> {
    await this.chain;
  }

  /** Unsubscribes and waits for the work in flight. */
  async stop(): Promise<void> {
    const { identify, consume } = this.deps;
    (identify as TagReader).off('tag', this.onTag);
    (identify as BarcodeScanner).off('scan', this.onIdentifyScan);
    consume?.off('scan', this.onConsumeScan);
    await this.chain;
  }

  /**
   * This station as a trigger sees it: a PLC handshake here asks for the unit at the station
   * (its serial is written back, result 4 when none is identified) and reports the operation's
   * result and parameters when it completes.
   */
  triggerPort(): StartPort {
    return {
      stationId: this.id,
      start: () => this.enqueue(() => this.serveRequest()),
      acknowledge: async () => undefined,
      recordOperation: async (serial, result, parameters) => {
        await this.recordOperation(result ?? 'pass', parameters, serial);
      },
    };
  }

  /** Records an operation result for the identified unit (or the given one): operation.completed. */
  recordOperation(
    result: 'pass' | 'fail',
    parameters: Record<string, unknown>,
    serial?: string,
    extra: OperationExtra = {},
  ): Promise<string> {
    return this.enqueue(async () => {
      const target = serial ?? this.current;
      if (target === undefined)
        throw this.refuse('NO_UNIT_IDENTIFIED', 'an operation result arrived with no unit identified');
      if (serial === undefined && this.refusal)
        throw this.refuse('UNIT_REFUSED', `unit ${target} was refused here: no operation is recorded for it`);
      const operator = extra.operator ?? this.operator;
      const tool = this.deps.config.tool;
      const code = extra.code ?? (typeof parameters.code === 'string' ? parameters.code : undefined);
      await this.journal.run(async (tx) => {
        const record = await this.record(tx, target);
        moveUnit(record, 'operate');
        const event = appendUnitEvent(tx, record, {
          type: 'operation.completed',
          station: this.id,
          data: {
            result,
            parameters,
            ...(operator !== undefined && { operator }),
            ...(tool !== undefined && { tool }),
            ...(code !== undefined && { code }),
          },
        });
        await this.deps.release?.afterOperation(tx, record, { result, code, operation: event.seq });
      });
      return target;
    });
  }

  /** A PLC request: the unit identified here, if the release allows it now (else result 5). */
  private async serveRequest(): Promise<StartOutcome> {
    const serial = this.current;
    if (serial === undefined)
      return {
        result: Result.NOT_READY,
        error: `no unit identified at ${this.id}`,
        code: 'NO_UNIT_IDENTIFIED',
      };
    let decision: ReleaseDecision;
    try {
      // A unit refused at identification and allowed now (its hold released) is visiting here now.
      decision = await this.journal.run((tx) => this.admit(tx, serial, this.refusal !== undefined));
    } catch (err) {
      const code = err instanceof LinegateError ? err.code : 'INTERNAL';
      const result = code.startsWith('STORE_') ? Result.STORAGE_FAULT : Result.INTERNAL;
      return { result, error: (err as Error).message, code };
    }
    if (decision.allowed) {
      this.refusal = undefined;
      return { result: Result.OK, serial };
    }
    const reason = this.refused(serial, decision);
    return {
      result: Result.REFUSED,
      serial,
      error: `unit ${serial} refused: ${reason}`,
      code: 'UNIT_REFUSED',
      reason,
    };
  }

  /** The one release call of a processing point. */
  private admit(tx: Tx, serial: string, visit: boolean): Promise<ReleaseDecision> {
    return this.deps.release?.admit(tx, serial, { visit }) ?? Promise.resolve(ALLOWED);
  }

  private refused(serial: string, decision: ReleaseDecision): string {
    this.refusal = decision;
    const reason = reasonText(decision);
    this.stats.releaseRefused++;
    this.stats.lastRelease = { serial, reason, at: new Date(this.deps.clock.now()).toISOString() };
    this.refuse('UNIT_REFUSED', `unit ${serial} refused: ${reason}`);
    return reason;
  }

  /** A badge scan (the configured prefix) names the operator; true when it was one. */
  private badge(scan: Scan): boolean {
    const prefix = this.deps.config.badge?.prefix;
    const text = scan.text.trim();
    if (prefix === undefined || !text.startsWith(prefix)) return false;
    this.operator = text.slice(prefix.length);
    this.deps.log.info({ operator: this.operator }, `operator ${this.operator} signed in by badge`);
    return true;
  }

  private get journal(): Journal {
    return this.deps.journal;
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.chain.then(work);
    this.chain = next.catch((err: unknown) => {
      if (!(err instanceof LinegateError)) this.deps.log.error({ err }, 'station work failed');
    });
    return next;
  }

  private async identifyByCarrier(epc: string): Promise<void> {
    const serial = await this.journal.run((tx) => unitOnCarrier(tx, epc));
    if (serial === undefined) {
      this.stats.unknownCarrier++;
      this.current = undefined;
      this.deps.log.warn({ carrier: epc }, `carrier ${epc} is bound to no unit; no unit identified`);
      return;
    }
    await this.identified(serial);
  }

  private async identifySerial(serial: string): Promise<void> {
    const known = await this.journal.run((tx) => tx.get<SerialRecord>(Sublevels.serials, serial));
    if (!known) {
      this.current = undefined;
      throw this.refuse('UNIT_UNKNOWN', `scanned unit ${serial} is not known here`);
    }
    await this.identified(serial);
  }

  private async identified(serial: string): Promise<void> {
    this.stats.identified++;
    this.current = serial;
    this.refusal = undefined;
    this.deps.log.info({ unit: serial }, `unit ${serial} identified`);
    const end = this.deps.config.kind === 'end';
    const decision = await this.journal.run(async (tx) => {
      const decided = await this.admit(tx, serial, true);
      if (!decided.allowed || !end) return decided;
      const record = await this.record(tx, serial);
      moveUnit(record, 'complete');
      appendUnitEvent(tx, record, { type: 'unit.completed', station: this.id });
      await releaseCarrier(tx, record, this.id, 'unit completed');
      return decided;
    });
    if (!decision.allowed) {
      this.refused(serial, decision);
      return;
    }
    if (!end) return;
    this.stats.completed++;
    this.current = undefined;
  }

  private async consume(scan: Scan): Promise<void> {
    const unit = this.current;
    if (unit === undefined)
      throw this.refuse('NO_UNIT_IDENTIFIED', `scan "${scan.text}" refused: no unit identified`);
    if (this.refusal)
      throw this.refuse('UNIT_REFUSED', `scan "${scan.text}" refused: unit ${unit} was refused here`);
    const component = this.component(scan);
    try {
      const config = this.deps.config;
      const unknown = config.kind === 'assembly' ? config.consume?.unknownComponents : undefined;
      await this.journal.run(async (tx) =>
        consumeComponent(tx, await this.record(tx, unit), component, { unknown }),
      );
      this.stats.consumed++;
    } catch (err) {
      if (err instanceof LinegateError)
        throw this.refuse(err.code, `scan "${scan.text}" refused: ${err.message}`);
      throw err;
    }
  }

  /** A scan as a component: GS1 element strings, or a plain component serial. */
  private component(scan: Scan): ComponentRecord {
    const base = {
      station: this.id,
      time: new Date(this.deps.clock.now()).toISOString(),
      source: 'scan' as const,
    };
    let gs1;
    try {
      gs1 = parseGs1Scan(scan.text);
    } catch (err) {
      throw this.refuse('SCAN_INVALID', `scan "${scan.text}" refused: ${(err as Error).message}`);
    }
    if (!gs1) return { ...base, serial: scan.text.trim(), quantity: 1 };
    const config = this.deps.config;
    const lotQuantity = config.kind === 'assembly' ? (config.consume?.lotQuantity ?? 1) : 1;
    const quantity = gs1.serial === undefined ? lotQuantity : 1;
    return {
      ...base,
      ...(gs1.serial !== undefined && { serial: gs1.serial }),
      ...(gs1.lot !== undefined && { lot: gs1.lot }),
      ...(gs1.gtin !== undefined && { gtin: gs1.gtin }),
      ...(gs1.expiry !== undefined && { expiry: gs1.expiry }),
      ...(gs1.prodDate !== undefined && { prodDate: gs1.prodDate }),
      quantity,
    };
  }

  private async record(tx: Tx, serial: string): Promise<SerialRecord> {
    const record = await tx.get<SerialRecord>(Sublevels.serials, serial);
    if (!record) throw new LinegateError('UNIT_UNKNOWN', `no unit has serial ${serial}`);
    return record;
  }

  private refuse(code: ErrorCode, message: string): LinegateError {
    this.stats.refused++;
    this.stats.lastRefusal = message;
    this.deps.log.warn({ code }, message);
    return new LinegateError(code, message);
  }
}
