/**
 * The line: every station, and what the API asks of them. Manual starts, reprints, scrap,
 * rework, operation results and trace queries all come through here.
 */
import { reworkUnit, scrapUnit } from '../units/changes';
import type { CarrierWindow } from '../stations/carrier-window';
import { readUnitOnCarrier } from '../units/carriers';
import { whereUsed } from '../genealogy/trace';
import type { OperationBody, StationsPort } from '../api/routes-stations';
import type { UnitsPort } from '../api/routes-units';
import { Result, type StartOutcome, type StartPort } from '../ports';
import type { ReprintRequest } from '../printing/label-service';
import type { SerialScheme } from '../serials/scheme';
import { printBatch, type BatchPrintResult } from '../serials/batch-print';
import type { LineStation } from '../stations/line-station';
import type { StartStation } from '../stations/start-station';
import type { Journal } from '../store/journal';
import type { Store } from '../store/store';
import type { ReleasePort } from '../release/service';
import { readUnit, type UnitView } from '../genealogy/query';
import { UnitRecords } from '../units/records';

export interface LineParts {
  starts: ReadonlyMap<string, StartStation>;
  others: ReadonlyMap<string, LineStation>;
  carriers: CarrierWindow[];
  /** serial schemes by name (capacity metrics). */
  schemes?: ReadonlyMap<string, SerialScheme>;
  store: Store;
  journal: Journal;
  /** holds and nonconformances shown with a unit. */
  release?: ReleasePort;
}

/** The stations of one line. */
export class Line implements StationsPort, UnitsPort {
  constructor(private readonly parts: LineParts) {}

  /** Start stations, by id, as triggers see them. */
  get startPorts(): ReadonlyMap<string, StartPort> {
    return this.parts.starts;
  }

  /** Every station a trigger may drive: start stations, and stations after the start (PLC results). */
  get triggerPorts(): ReadonlyMap<string, StartPort> {
    const ports = new Map<string, StartPort>(this.parts.starts);
    for (const [id, station] of this.parts.others) ports.set(id, station.triggerPort());
    return ports;
  }

  /** Stations after the start, by id. */
  get lineStations(): ReadonlyMap<string, LineStation> {
    return this.parts.others;
  }

  /** Serial schemes by name, with their use per period (metrics). */
  get schemes(): ReadonlyMap<string, SerialScheme> {
    return this.parts.schemes ?? new Map();
  }

  /** Subscribes the stations to their devices. */
  async start(): Promise<void> {
    this.parts.carriers.forEach((c) => c.start());
    for (const s of this.parts.others.values()) await s.start();
  }

  /** Unsubscribes, and waits for cycles in flight (up to the deadline); true if all finished. */
  async stop(deadlineMs: number): Promise<boolean> {
    this.parts.carriers.forEach((c) => c.stop());
    const idle = Promise.all([
      ...[...this.parts.starts.values()].map((s) => s.idle()),
      ...[...this.parts.others.values()].map((s) => s.stop()),
    ]);
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<false>((r) => (timer = setTimeout(() => r(false), deadlineMs)));
    const finished = await Promise.race([idle.then(() => true), deadline]);
    clearTimeout(timer);
    return finished;
  }

  /** A manual start (API trigger). */
  async startCycle(id: string, requestId?: string): Promise<StartOutcome | 'unknown' | 'not-start'> {
    const station = this.parts.starts.get(id);
    if (!station) return this.parts.others.has(id) ? 'not-start' : 'unknown';
    return station.start({ source: 'api', requestId });
  }

  /** An operation result at a station after the start. */
  async recordOperation(id: string, body: OperationBody): Promise<string | 'unknown'> {
    const station = this.parts.others.get(id);
    if (!station) return 'unknown';
    return station.recordOperation(body.result, body.parameters ?? {}, body.serial, {
      operator: body.operator,
      code: body.code,
    });
  }

  /** The unit with its as-built tree, events, holds in force and nonconformances. */
  async read(serial: string): Promise<UnitView | undefined> {
    const unit = await readUnit(this.parts.store, serial);
    const release = this.parts.release;
    if (!unit || !release) return unit;
    return {
      ...unit,
      holds: await release.holdsOf(serial),
      nonconformances: await release.nonconformancesOf(serial),
    };
  }

  /** Every unit containing the serial or lot. */
  whereUsed(query: { serial?: string; lot?: string }): Promise<string[]> {
    return whereUsed(this.parts.store, query);
  }

  /** The unit a carrier holds now, if any. */
  async unitOnCarrier(epc: string): Promise<string | undefined> {
    return readUnitOnCarrier(this.parts.store, epc);
  }

  /** Reprints at the station that started the unit; undefined for an unknown serial. */
  async reprint(serial: string, request: ReprintRequest): Promise<StartOutcome | undefined> {
    const record = await UnitRecords.read(this.parts.store, serial);
    if (!record) return undefined;
    const station = this.parts.starts.get(record.station);
    if (!station) {
      return {
        result: Result.NOT_READY,
        error: `station ${record.station} is not configured any more`,
        code: 'STATION_UNKNOWN',
      };
    }
    return station.reprint(serial, request);
  }

  /** Scraps a unit; resolves with its new status. */
  async scrap(serial: string, reason: string): Promise<UnitView['status']> {
    return (await scrapUnit(this.parts.journal, serial, reason)).status;
  }

  /** Batch-prints labels of pre-assigned serials at a start station, between its cycles. */
  async printPreassigned(id: string, serials: string[]): Promise<BatchPrintResult | 'unknown'> {
    const station = this.parts.starts.get(id);
    if (!station) return 'unknown';
    return station.betweenCycles((print) =>
      printBatch({ journal: this.parts.journal, station: id, print, serials }),
    );
  }

  /** Takes a unit back in process, removing the named components. */
  async rework(serial: string, reason: string, remove: string[]): Promise<UnitView['status']> {
    return (await reworkUnit(this.parts.journal, serial, reason, remove)).status;
  }
}
