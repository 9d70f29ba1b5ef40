/**
 * Builds the line from the config: serial schemes, start stations (with their label printing
 * and carrier binding) and the stations after the start, on the devices the families built.
 */
import { readFileSync } from 'node:fs';
import type { Config, StartStationConfig } from '../config/schema';
import { LinegateError } from '../errors';
import { CarrierWindow } from '../stations/carrier-window';
import { compileTemplate } from '../labels/template';
import type { BarcodeScanner, Clock, LabelPrinter, Logger, TagReader } from '../ports';
import { LabelService } from '../printing/label-service';
import { labelValues, unitEpc } from '../printing/label-values';
import { systemTimeZone } from '../serials/calendar';
import { compileFormat } from '../serials/format';
import { SerialScheme, type CapacityAlarm } from '../serials/scheme';
import type { BlockSource } from '../serials/blocks';
import { LineStation } from '../stations/line-station';
import { StartStation, type CycleReport } from '../stations/start-station';
import type { ReleaseCheck } from '../release/check';
import type { ReleasePort } from '../release/service';
import type { UnitContext } from '../stations/steps';
import type { Journal } from '../store/journal';
import type { Store } from '../store/store';
import { Line } from './line';

export interface LineDevices {
  printers: ReadonlyMap<string, LabelPrinter>;
  readers: ReadonlyMap<string, TagReader>;
  scanners: ReadonlyMap<string, BarcodeScanner>;
}

export interface BuildOptions {
  config: Config;
  devices: LineDevices;
  store: Store;
  journal: Journal;
  clock: Clock;
  log: Logger;
  onCycle?: (report: CycleReport) => void;
  onAlarm?: (alarm: CapacityAlarm) => void;
  /** serial blocks for `source: upstream` schemes and the store quota check (the upstream part). */
  upstream?: { blocks(scheme: string): BlockSource | undefined; admit(): void };
  /** the process release every station after the start runs, and its API side. */
  release?: { check: ReleaseCheck; service: ReleasePort };
}

/** Builds every station of the config. Throws LinegateError when a device is missing. */
export function buildLine(opts: BuildOptions): Line {
  const { config, log } = opts;
  const timeZone = config.gateway.timeZone ?? systemTimeZone();
  const schemes = new Map<string, SerialScheme>();
  for (const [name, cfg] of Object.entries(config.serials)) {
    const format = compileFormat(cfg.format, cfg.vars);
    const schemeLog = log.child({ scheme: name });
    schemes.set(
      name,
      new SerialScheme({
        name,
        config: cfg,
        format,
        gatewayId: config.gateway.id,
        timeZone,
        clock: opts.clock,
        log: schemeLog,
        onAlarm: opts.onAlarm,
        blocks: opts.upstream?.blocks(name),
      }),
    );
  }
  const starts = new Map<string, StartStation>();
  const carriers: CarrierWindow[] = [];
  const others = new Map<string, LineStation>();
  for (const station of config.stations) {
    const stationLog = log.child({ station: station.id });
    if (station.kind === 'start') {
      const labels = labelService(station, opts, timeZone, stationLog);
      const carrier = station.carrier
        ? new CarrierWindow(
            device(opts.devices.readers, station.carrier.reader, 'reader'),
            station.carrier.windowMs,
          )
        : undefined;
      if (carrier) carriers.push(carrier);
      starts.set(
        station.id,
        new StartStation({
          config: station,
          scheme: schemes.get(station.serial)!,
          journal: opts.journal,
          clock: opts.clock,
          log: stationLog,
          steps: labels ? [labels] : [],
          reprinter: labels,
          carrier,
          onCycle: opts.onCycle,
          admit: opts.upstream && (() => opts.upstream!.admit()),
        }),
      );
      continue;
    }
    const identify =
      'reader' in station.identify
        ? device(opts.devices.readers, station.identify.reader, 'reader')
        : device(opts.devices.scanners, station.identify.scanner, 'scanner');
    const consume =
      station.kind === 'assembly' && station.consume
        ? device(opts.devices.scanners, station.consume.scanner, 'scanner')
        : undefined;
    others.set(
      station.id,
      new LineStation({
        config: station,
        identify,
        consume,
        journal: opts.journal,
        clock: opts.clock,
        log: stationLog,
        release: opts.release?.check.forStation(station),
      }),
    );
  }
  return new Line({
    starts,
    others,
    carriers,
    schemes,
    store: opts.store,
    journal: opts.journal,
    release: opts.release?.service,
  });
}

function device<T>(table: ReadonlyMap<string, T>, name: string, what: string): T {
  const found = table.get(name);
  if (!found) throw new LinegateError('CONFIG_INVALID', `no device family drives ${what} "${name}"`);
  return found;
}

/** The station's label printing, when it has a label and a printer. */
function labelService(
  station: StartStationConfig,
  opts: BuildOptions,
  timeZone: string,
  log: Logger,
): LabelService | undefined {
  const { config } = opts;
  if (station.label === undefined || station.printer === undefined) return undefined;
  const printer = device(opts.devices.printers, station.printer, 'printer');
  const label = config.labels[station.label];
  const template = compileTemplate(readFileSync(label.template, 'utf8'), label.template);
  const values = { gatewayId: config.gateway.id, timeZone, scheme: config.serials[station.serial] };
  return new LabelService({
    station: station.id,
    printer,
    copies: label.copies,
    render: (unit) => template.render(labelValues(unit, opts.clock.now(), values), label.copies),
    ...(label.rfid && { epc: (unit: UnitContext) => unitEpc(unit, values) }),
    journal: opts.journal,
    store: opts.store,
    clock: opts.clock,
    log: log.child({ printer: printer.name }),
  });
}
