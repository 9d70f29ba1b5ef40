/**
 * Builds the line from the config: serial schemes, then every station as its kind says
 * (src/stations/kinds), on the devices the families built.
 */
import type { Config } from '../config/schema';
import { LinegateError } from '../errors';
import type { CarrierWindow } from '../stations/carrier-window';
import type { BarcodeScanner, Clock, LabelPrinter, Logger, TagReader } from '../ports';
import { systemTimeZone } from '../serials/calendar';
import { compileFormat } from '../serials/format';
import { SerialScheme, type CapacityAlarm } from '../serials/scheme';
import type { BlockSource } from '../serials/blocks';
import type { LineStation } from '../stations/line-station';
import type { StartStation, CycleReport } from '../stations/start-station';
import { buildStation } from '../stations/kinds';
import type { ReleaseCheck } from '../release/check';
import type { ReleasePort } from '../release/service';
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
    const built = buildStation(station, {
      opts,
      schemes,
      timeZone,
      log: log.child({ station: station.id }),
      device,
    });
    if ('line' in built) others.set(station.id, built.line);
    else {
      starts.set(station.id, built.start);
      if (built.carrier) carriers.push(built.carrier);
    }
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
