/**
 * Stations after the start (assembly, test, end). Identification is by presence: the unit here
 * is the one on the carrier present now. A tag's first read names its unit at once (a tag bound
 * to no unit names none); a new tag replaces the unit at once; the tag's departure clears it. A
 * unit serial scanned for identification stays until the next one. At an assembly station each
 * scan is consumed into the unit present when its first byte arrived (see presence.ts), or
 * refused with the reason, which shows on the station card, in metrics and in the log. An end
 * station completes the unit and releases its carrier. Nothing is ever guessed.
 */
import { EventEmitter } from 'node:events';
import type { StationConfig } from '../config/schema';
import { LinegateError, type ErrorCode } from '../errors';
import { recordOperation } from '../units/changes';
import { consumeComponent } from '../units/consume';
import { UnitRecords } from '../units/records';
import {
  type BarcodeScanner,
  type Clock,
  type Logger,
  type Scan,
  type StartPort,
  type TagDeparture,
  type TagRead,
  type TagReader,
} from '../ports';
import type { StationRelease } from '../release/check';
import { ReleaseGate } from '../release/station-gate';
import type { Journal } from '../store/journal';
import type { LineConduct } from './kinds/kind';
import { PresenceTimeline } from './presence';
import { newLineStationStats, refusal, type LineStationStats } from './station-stats';
import { UnitIdentifier } from './unit-identifier';
import {
  DEFAULT_COMPONENT_PATTERN,
  checkComponentScan,
  compileScanPattern,
  componentOf,
  showScan,
} from './scan-check';

/** The configuration of a station after the start. */
export type LineStationConfig = Exclude<StationConfig, { kind: 'start' }>;

export interface LineStationDeps {
  config: LineStationConfig;
  /** what the station's kind does besides identifying (src/stations/kinds). */
  conduct: LineConduct;
  /** the reader or scanner that identifies the unit. */
  identify: TagReader | BarcodeScanner;
  /** the scanner whose scans are consumed (assembly); may be the identify scanner (one-scanner station). */
  consume?: BarcodeScanner;
  journal: Journal;
  clock: Clock;
  log: Logger;
  /** the process release (src/release); absent: every unit is allowed (tests of other parts). */
  release?: StationRelease;
}

/** What an operation result brings besides pass/fail (API body or PLC data). */
export interface OperationExtra {
  /** who did it; default: the operator whose badge was scanned at the station most recently. */
  operator?: string;
  /** the failure's reason code (the nonconformance a fail opens carries it). */
  code?: string;
}

/** Events of a station after the start. */
export interface LineStationEvents {
  /** a unit was identified here (its carrier arrived, or its serial was scanned); `time` is when its bytes arrived. */
  identified: [what: { unit: string; time: number; epc?: string }];
}

/** One station after the start. */
export class LineStation extends EventEmitter<LineStationEvents> {
  private chain: Promise<unknown> = Promise.resolve();
  private timeline: PresenceTimeline;
  private readonly plain: RegExp;
  private readonly identifier: UnitIdentifier;
  readonly stats: LineStationStats = newLineStationStats();
  private readonly gate: ReleaseGate;
  private readonly onArrive = (read: TagRead) => this.enqueue(() => this.arrived(read));
  private readonly onDepart = (gone: TagDeparture) => this.enqueue(() => this.departed(gone));
  private readonly onIdentifyScan = (scan: Scan) =>
    this.gate.badge(scan) || this.enqueue(() => this.identifyScan(scan));
  private readonly onConsumeScan = (scan: Scan) =>
    this.gate.badge(scan) || this.enqueue(() => this.consume(scan));
  private readonly onSharedScan = (scan: Scan) =>
    this.gate.badge(scan) || this.enqueue(() => this.sharedScan(scan));

  constructor(private readonly deps: LineStationDeps) {
    super();
    this.timeline = new PresenceTimeline(deps.clock.now());
    const { config } = deps;
    this.gate = new ReleaseGate({
      ...deps,
      station: config.id,
      stats: this.stats,
      refuse: (code, message) => this.refuse(code, message),
      badgePrefix: config.badge?.prefix,
    });
    this.plain = compileScanPattern(deps.conduct.consume?.pattern, DEFAULT_COMPONENT_PATTERN)!;
    const shared = deps.consume !== undefined && deps.consume === deps.identify;
    this.identifier = new UnitIdentifier(deps.journal, config, shared);
  }

  get id(): string {
    return this.deps.config.id;
  }

  /** the unit identified here now (on the carrier present), if any. */
  get unit(): string | undefined {
    return this.timeline.current?.unit;
  }

  /** Subscribes to the station's devices. */
  async start(): Promise<void> {
    const { identify, consume, config } = this.deps;
    this.timeline = new PresenceTimeline(this.deps.clock.now());
    if ('reader' in config.identify) {
      (identify as TagReader).on('arrive', this.onArrive);
      (identify as TagReader).on('depart', this.onDepart);
    } else if (consume === identify) {
      consume.on('scan', this.onSharedScan);
      return;
    } else (identify as BarcodeScanner).on('scan', this.onIdentifyScan);
    consume?.on('scan', this.onConsumeScan);
  }

  /** Unsubscribes and waits for the work in flight. */
  async stop(): Promise<void> {
    const { identify, consume } = this.deps;
    (identify as TagReader).off('arrive', this.onArrive);
    (identify as TagReader).off('depart', this.onDepart);
    for (const scanner of [identify as BarcodeScanner, consume]) {
      scanner?.off('scan', this.onIdentifyScan);
      scanner?.off('scan', this.onConsumeScan);
      scanner?.off('scan', this.onSharedScan);
    }
    await this.chain;
  }

  /** Resolves once every event received so far has been handled. */
  idle(): Promise<void> {
    return this.chain.then(() => undefined);
  }

  /**
   * This station as a trigger sees it: a PLC handshake here asks for the unit at the station
   * (its serial is written back, result 4 when none is identified) and reports the operation's
   * result and parameters when it completes.
   */
  triggerPort(): StartPort {
    return {
      stationId: this.id,
      start: () => this.enqueue(() => this.gate.serve(this.unit)),
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
      const target = serial ?? this.unit;
      if (target === undefined)
        throw this.refuse('NO_UNIT_IDENTIFIED', 'an operation result arrived with no unit identified');
      if (serial === undefined && this.gate.refused(target))
        throw this.refuse('UNIT_REFUSED', `unit ${target} was refused here: no operation is recorded for it`);
      const operator = extra.operator ?? this.gate.operator;
      const tool = this.deps.config.tool;
      const code = extra.code ?? (typeof parameters.code === 'string' ? parameters.code : undefined);
      await this.journal.run(async (tx) => {
        const data = { result, parameters, operator, tool, code };
        const { record, event } = await recordOperation(tx, target, this.id, data);
        await this.deps.release?.afterOperation(tx, record, { result, code, operation: event.seq });
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

  /** A tag's first read: its unit (or none) is at the station from then on. */
  private async arrived(read: TagRead): Promise<void> {
    const serial = await this.identifier.onCarrier(read.epc);
    if (serial === undefined) {
      this.stats.unknownCarrier++;
      const reason = `carrier ${read.epc} is bound to no unit`;
      this.timeline.add({ from: read.time, epc: read.epc, reason });
      this.deps.log.warn({ carrier: read.epc }, `${reason}; no unit identified`);
      return;
    }
    this.timeline.add({ from: read.time, epc: read.epc, unit: serial, reason: '' });
    await this.identified(serial, read.time, read.epc);
  }

  /** A tag not read for the reader's window: whatever it carried has left. */
  private async departed(gone: TagDeparture): Promise<void> {
    const left = `carrier ${gone.epc} left at ${new Date(gone.lastSeen).toISOString()}`;
    if (this.timeline.depart(gone.epc, gone.time, `no carrier at the station (${left})`))
      this.deps.log.debug({ carrier: gone.epc }, left);
  }

  /** A unit serial scanned to identify the unit (a scanner used for identification). */
  private async identifyScan(scan: Scan): Promise<void> {
    const serial = scan.text.trim();
    if (!(await this.identifier.known(serial))) {
      const reason = `scanned unit ${showScan(serial)} is not known here`;
      this.timeline.add({ from: scan.time, reason });
      throw this.refuse('UNIT_UNKNOWN', reason);
    }
    this.timeline.add({ from: scan.time, unit: serial, reason: '' });
    await this.identified(serial, scan.time);
  }

  /** One scanner for both: the configured rule says whether the scan identifies or is a component. */
  private async sharedScan(scan: Scan): Promise<void> {
    const identifies = await this.identifier.identifies(scan.text.trim());
    return identifies ? this.identifyScan(scan) : this.consume(scan);
  }

  private async identified(serial: string, time: number, epc?: string): Promise<void> {
    this.stats.identified++;
    this.deps.log.info({ unit: serial }, `unit ${serial} identified`);
    this.emit('identified', { unit: serial, time, ...(epc !== undefined && { epc }) });
    const complete = this.deps.conduct.complete;
    const decision = await this.journal.run(async (tx) => {
      const decided = await this.gate.admit(tx, serial, true);
      if (!decided.allowed || !complete) return decided;
      await complete(tx, serial, this.id);
      return decided;
    });
    if (!this.gate.settle(serial, decision) || !complete) return;
    this.stats.completed++;
    this.timeline.add({ from: time, epc, reason: `unit ${serial} was completed here` });
  }

  private async consume(scan: Scan): Promise<void> {
    let checked;
    try {
      checked = checkComponentScan(scan.text, this.plain);
    } catch (err) {
      if (err instanceof LinegateError) throw this.refuse(err.code, err.message);
      throw err;
    }
    const present = this.timeline.at(scan.time);
    if (present.unit === undefined)
      throw this.refuse('NO_UNIT_IDENTIFIED', `scan "${showScan(scan.text)}" refused: ${present.reason}`);
    const unit = present.unit;
    if (this.gate.refused(unit))
      throw this.refuse(
        'UNIT_REFUSED',
        `scan "${showScan(scan.text)}" refused: unit ${unit} was refused here`,
      );
    const consume = this.deps.conduct.consume;
    const component = componentOf(checked, {
      station: this.id,
      time: scan.time,
      lotQuantity: consume?.lotQuantity ?? 1,
    });
    try {
      await this.journal.run(async (tx) =>
        consumeComponent(tx, await UnitRecords.require(tx, unit), component, {
          unknown: consume?.unknownComponents,
        }),
      );
      this.stats.consumed++;
    } catch (err) {
      if (err instanceof LinegateError)
        throw this.refuse(err.code, `scan "${showScan(scan.text)}" refused: ${err.message}`);
      throw err;
    }
  }

  private refuse(code: ErrorCode, message: string): LinegateError {
    return refusal(this.stats, this.deps.log, code, message);
  }
}
