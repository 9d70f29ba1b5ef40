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
  type StartPort,
  type TagRead,
  type TagReader,
} from '../ports';
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
}

/** One station after the start. */
export class LineStation {
  private current: string | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  readonly stats: LineStationStats = {
    identified: 0,
    unknownCarrier: 0,
    consumed: 0,
    refused: 0,
    completed: 0,
  };
  private readonly onTag = (read: TagRead) => this.enqueue(() => this.identifyByCarrier(read.epc));
  private readonly onIdentifyScan = (scan: Scan) => this.enqueue(() => this.identifySerial(scan.text.trim()));
  private readonly onConsumeScan = (scan: Scan) => this.enqueue(() => this.consume(scan));

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
      start: async () => {
        const serial = this.current;
        if (serial !== undefined) return { result: Result.OK, serial };
        return {
          result: Result.NOT_READY,
          error: `no unit identified at ${this.id}`,
          code: 'NO_UNIT_IDENTIFIED',
        };
      },
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
  ): Promise<string> {
    return this.enqueue(async () => {
      const target = serial ?? this.current;
      if (target === undefined)
        throw this.refuse('NO_UNIT_IDENTIFIED', 'an operation result arrived with no unit identified');
      await this.journal.run(async (tx) => {
        const record = await this.record(tx, target);
        moveUnit(record, 'operate');
        appendUnitEvent(tx, record, {
          type: 'operation.completed',
          station: this.id,
          data: { result, parameters },
        });
      });
      return target;
    });
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
    this.deps.log.info({ unit: serial }, `unit ${serial} identified`);
    if (this.deps.config.kind !== 'end') return;
    await this.journal.run(async (tx) => {
      const record = await this.record(tx, serial);
      moveUnit(record, 'complete');
      appendUnitEvent(tx, record, { type: 'unit.completed', station: this.id });
      await releaseCarrier(tx, record, this.id, 'unit completed');
    });
    this.stats.completed++;
    this.current = undefined;
  }

  private async consume(scan: Scan): Promise<void> {
    const unit = this.current;
    if (unit === undefined)
      throw this.refuse('NO_UNIT_IDENTIFIED', `scan "${scan.text}" refused: no unit identified`);
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
