/**
 * The serial lifecycle served from the store: reservation, batch printing, void, CSV import,
 * received components, re-serialization and listings. The running gateway builds one on its own
 * journal and schemes (so issuing stays in its group commit); the CLI builds one on the store it
 * opened while the gateway is stopped.
 */
import type { Config, StartStationConfig } from '../config/schema';
import { LinegateError } from '../errors';
import type { Clock, Logger } from '../ports';
import type { Journal } from '../store/journal';
import type { Store } from '../store/store';
import type { BatchPrintResult } from './batch-print';
import { compileFormat } from './format';
import { formatMatcher, type FormatMatcher } from './format-match';
import { importRows, type ImportReport } from './import';
import { checkCsv, checkRows, type RawRow, type SchemeFor } from './import-rows';
import { pageSerials, streamSerials, type SerialFilter } from './list';
import { pendingInPool, voidRest } from './pool';
import type {
  ImportParams,
  PrintParams,
  ReceivedItem,
  ReserializeParams,
  ReserveParams,
  SerialsPort,
  VoidParams,
} from './port';
import { reserialize } from './reserialize';
import { MAX_RESERVE, reserveSerials, voidSerials } from './reserve';
import { SerialScheme } from './scheme';
import { systemTimeZone } from './calendar';
import { startStations } from '../stations/kinds';
import { UnitRecords } from '../units/records';

export interface SerialsAdminDeps {
  config: Config;
  store: Store;
  journal: Journal;
  clock: Clock;
  log: Logger;
  /** the gateway's schemes (the CLI builds its own with buildSchemes). */
  schemes: ReadonlyMap<string, SerialScheme>;
  /** batch printing at a start station (running gateway only); 'unknown' for no such start station. */
  printAt?: (station: string, serials: string[]) => Promise<BatchPrintResult | 'unknown'>;
}

/** Serial schemes of the config without upstream blocks or alarms (the CLI's, gateway stopped). */
export function buildSchemes(config: Config, clock: Clock, log: Logger): Map<string, SerialScheme> {
  const timeZone = config.gateway.timeZone ?? systemTimeZone();
  const schemes = new Map<string, SerialScheme>();
  for (const [name, cfg] of Object.entries(config.serials))
    schemes.set(
      name,
      new SerialScheme({
        name,
        config: cfg,
        format: compileFormat(cfg.format, cfg.vars),
        gatewayId: config.gateway.id,
        timeZone,
        clock,
        log: log.child({ scheme: name }),
      }),
    );
  return schemes;
}

/** The serial lifecycle on one store. */
export class SerialsAdmin implements SerialsPort {
  private readonly matchers = new Map<string, FormatMatcher>();

  constructor(private readonly deps: SerialsAdminDeps) {}

  async reserve(p: ReserveParams) {
    const station = p.station ?? this.defaultStation(p.scheme, p.workOrder);
    if (p.print && !this.deps.printAt)
      throw new TypeError('batch printing needs the running gateway (use the API)');
    const result = await reserveSerials(this.deps.journal, this.deps.clock, {
      scheme: this.scheme(p.scheme),
      count: p.count,
      workOrder: p.workOrder,
      partNumber: p.partNumber ?? this.startStation(station)?.partNumber,
      station,
    });
    this.deps.log.info(
      { workOrder: p.workOrder, count: p.count, first: result.serials[0] },
      'serials reserved',
    );
    if (!p.print) return result;
    return { ...result, print: await this.printSerials(station, result.serials) };
  }

  async print(p: PrintParams): Promise<BatchPrintResult> {
    const limit = Math.min(p.count ?? MAX_RESERVE, MAX_RESERVE);
    const serials: string[] = [];
    for await (const serial of pendingInPool(this.deps.store, p.workOrder)) {
      if (serials.length >= limit) break;
      const r = await UnitRecords.read(this.deps.store, serial);
      if (r?.status === 'reserved') serials.push(serial);
    }
    return this.printSerials(p.station, serials);
  }

  async void(p: VoidParams) {
    const by = p.by ?? 'api';
    if ((p.workOrder === undefined) === (p.serials === undefined))
      throw new TypeError('void either the rest of a work order or named serials');
    if (p.workOrder !== undefined) {
      const voided = await voidRest(this.deps.journal, p.workOrder, p.reason, by);
      this.deps.log.info(
        { workOrder: p.workOrder, voided, reason: p.reason, by },
        'pre-assigned serials voided',
      );
      return { voided, refused: [] };
    }
    const done = await voidSerials(this.deps.journal, p.serials!, p.reason, by);
    return { voided: done.voided.length, refused: done.refused };
  }

  async importCsv(p: ImportParams): Promise<ImportReport> {
    if (p.scheme !== undefined) this.scheme(p.scheme);
    p.progress?.(`reading ${p.file}`);
    const checked = checkCsv(p.text, this.schemeFor(p.scheme));
    const report = await importRows(this.importDeps(), {
      ...checked,
      file: p.file,
      source: 'import',
      progress: p.progress,
    });
    this.deps.log.info(
      { file: p.file, importId: report.importId, noop: report.noop, rows: report.rows },
      'serials imported',
    );
    return report;
  }

  async receive(items: ReceivedItem[]): Promise<ImportReport> {
    const raw: RawRow[] = items.map((item, i) => ({ line: i + 1, values: { ...item } }));
    const checked = checkRows(raw, () => undefined, 'receive');
    return importRows(this.importDeps(), { ...checked, file: 'api', source: 'receive' });
  }

  reserialize(p: ReserializeParams) {
    const scheme = p.serial === undefined ? this.scheme(p.scheme ?? this.onlyScheme()) : undefined;
    const station = p.station ?? (scheme ? this.defaultStation(scheme.name) : '');
    return reserialize(this.deps.journal, this.deps.clock, { ...p, scheme, station });
  }

  page(filter: SerialFilter, page: { after?: string; limit: number }) {
    return pageSerials(this.deps.store, filter, page);
  }

  stream(filter: SerialFilter) {
    return streamSerials(this.deps.store, filter);
  }

  private importDeps() {
    const local = Object.entries(this.deps.config.serials)
      .filter(([, cfg]) => cfg.source !== 'upstream')
      .map(([name]) => name);
    return {
      store: this.deps.store,
      journal: this.deps.journal,
      clock: this.deps.clock,
      localSchemes: new Set(local),
    };
  }

  private async printSerials(station: string, serials: string[]): Promise<BatchPrintResult> {
    if (!this.deps.printAt) throw new TypeError('batch printing needs the running gateway (use the API)');
    const result = await this.deps.printAt(station, serials);
    if (result === 'unknown') throw new LinegateError('STATION_UNKNOWN', `no start station ${station}`);
    return result;
  }

  private scheme(name: string): SerialScheme {
    const scheme = this.deps.schemes.get(name);
    if (!scheme)
      throw new LinegateError(
        'SCHEME_UNKNOWN',
        `no serial scheme "${name}" (defined: ${[...this.deps.schemes.keys()].join(', ')})`,
      );
    return scheme;
  }

  private onlyScheme(): string {
    const names = [...this.deps.schemes.keys()];
    if (names.length !== 1)
      throw new TypeError(`name the scheme (one of ${names.join(', ')}) or the new serial`);
    return names[0];
  }

  private starts(): StartStationConfig[] {
    return startStations(this.deps.config.stations);
  }

  private startStation(id: string): StartStationConfig | undefined {
    return this.starts().find((s) => s.id === id);
  }

  /** A start station using the scheme (with the work order, when one has it); '' when none. */
  private defaultStation(scheme: string, workOrder?: string): string {
    const using = this.starts().filter((s) => s.serial === scheme);
    return (using.find((s) => s.workOrder === workOrder) ?? using[0])?.id ?? '';
  }

  /** The scheme a work-order row must match: the given one, else the one of the start station with that work order. */
  private schemeFor(explicit: string | undefined): SchemeFor {
    return (workOrder) => {
      const name = explicit ?? this.starts().find((s) => s.workOrder === workOrder)?.serial;
      if (name === undefined) return undefined;
      let matcher = this.matchers.get(name);
      if (!matcher) {
        const cfg = this.deps.config.serials[name];
        const stations = this.starts()
          .filter((s) => s.serial === name)
          .map((s) => s.id);
        matcher = formatMatcher(cfg.format, cfg.vars, { gateway: this.deps.config.gateway.id, stations });
        this.matchers.set(name, matcher);
      }
      return { name, matcher };
    };
  }
}
