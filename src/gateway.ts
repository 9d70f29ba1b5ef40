/**
 * The gateway: builds every part from a validated config and runs them. Start order is store,
 * simulators, devices, API, triggers; stop order is the reverse, with cycles in flight finished
 * (or abandoned safely: their reservations stay on disk) within the stop deadline.
 */
import type { FastifyInstance } from 'fastify';
import type { Config, StartStationConfig } from './config/schema';
import { createApi, type HealthReport } from './api/server';
import type { Clock, LabelPrinter, Logger, StartPort } from './ports';
import { systemClock } from './ports';
import type { DeviceFamily, NamedPart } from './ports/devices';
import { compileFormat } from './serials/format';
import { systemTimeZone } from './serials/calendar';
import { SerialScheme, type CapacityAlarm } from './serials/scheme';
import { Journal } from './store/journal';
import { openStore, type Store } from './store/store';
import { StartStation, type CycleReport } from './stations/start-station';
import type { CycleStep } from './stations/steps';

export interface GatewayOptions {
  config: Config;
  log: Logger;
  families: readonly DeviceFamily[];
  clock?: Clock;
  /** called after each start cycle (metrics, dashboard). */
  onCycle?: (report: CycleReport) => void;
  onAlarm?: (alarm: CapacityAlarm) => void;
}

/** A running gateway and its parts. */
export class Gateway {
  private store: Store | undefined;
  private journal: Journal | undefined;
  private api: FastifyInstance | undefined;
  private readonly stations = new Map<string, StartStation>();
  private simulators: NamedPart[] = [];
  private triggers: NamedPart[] = [];
  private printers = new Map<string, LabelPrinter>();
  private lastWriteError: string | undefined;
  /** the API's address once listening, e.g. http://127.0.0.1:8080 */
  url = '';

  constructor(private readonly opts: GatewayOptions) {}

  /** Opens the store, starts devices and the API; throws LinegateError on failure. */
  async start(): Promise<void> {
    const { config, log, families } = this.opts;
    const clock = this.opts.clock ?? systemClock;
    const ctx = (kind: string, name: string) => ({
      name,
      clock,
      dataDir: config.gateway.dataDir,
      log: log.child({ [kind]: name }),
    });

    this.store = await openStore(config.gateway.dataDir);
    this.journal = new Journal(this.store, { gatewayId: config.gateway.id, clock });
    this.journal.on('committed', () => (this.lastWriteError = undefined));

    this.simulators = families.flatMap((f) => f.simulators?.(config, ctx) ?? []);
    for (const sim of this.simulators) await sim.start();
    for (const f of families)
      for (const [name, p] of f.printers?.(config, ctx) ?? []) this.printers.set(name, p);

    const schemes = this.buildSchemes(clock);
    for (const station of config.stations) {
      if (station.kind !== 'start') continue;
      this.stations.set(station.id, this.buildStartStation(station, schemes, clock));
    }
    for (const p of this.printers.values()) await p.start();

    const others = new Set(config.stations.filter((s) => s.kind !== 'start').map((s) => s.id));
    this.api = createApi({
      token: config.api.token,
      stations: this.stations as ReadonlyMap<string, StartPort>,
      otherStations: others,
      store: this.store,
      health: () => this.health(),
      log: log.child({ module: 'api' }),
    });
    const [host, port] = splitListen(config.api.listen);
    this.url = await this.api.listen({ host, port: Number(port) });
    this.triggers = families.flatMap((f) => f.triggers?.(config, this.stations, ctx) ?? []);
    for (const t of this.triggers) await t.start();
    log.info(
      { api: this.url, stations: [...this.stations.keys()], gateway: config.gateway.id },
      'linegate ready',
    );
  }

  /** Stops everything in reverse order; never throws. */
  async stop(deadlineMs = 8000): Promise<void> {
    const { log } = this.opts;
    const quietly = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (err) {
        log.warn({ err }, `stop: ${what} failed`);
      }
    };
    for (const t of this.triggers) await quietly(`trigger ${t.name}`, () => t.stop());
    const idle = Promise.all([...this.stations.values()].map((s) => s.idle()));
    const timedOut = await Promise.race([idle.then(() => false), delay(deadlineMs).then(() => true)]);
    if (timedOut)
      log.warn('stop: cycles still in flight at the deadline; their reservations stay on disk for the retry');
    if (this.api) await quietly('API', () => this.api!.close());
    for (const p of this.printers.values()) await quietly(`printer ${p.name}`, () => p.stop());
    if (this.journal) await quietly('journal', () => this.journal!.close());
    if (this.store) await quietly('store', () => this.store!.close());
    for (const s of this.simulators) await quietly(`simulator ${s.name}`, () => s.stop());
    log.info('linegate stopped');
  }

  /** Health of store and devices, as /healthz answers it. */
  health(): HealthReport {
    const parts: HealthReport['parts'] = {
      store: this.lastWriteError
        ? { ok: false, state: `last write failed: ${this.lastWriteError}` }
        : { ok: true, state: 'open' },
    };
    for (const p of [...this.printers.values(), ...this.triggers]) {
      const h = p.health();
      parts[`${'kind' in p ? p.kind : 'printer'}:${p.name}`] = { ok: h.ok, state: h.state };
    }
    return { ok: Object.values(parts).every((p) => p.ok), parts };
  }

  /** Stations by id (tests and the CLI). */
  station(id: string): StartPort | undefined {
    return this.stations.get(id);
  }

  private buildSchemes(clock: Clock): Map<string, SerialScheme> {
    const { config, log } = this.opts;
    const timeZone = config.gateway.timeZone ?? systemTimeZone();
    const schemes = new Map<string, SerialScheme>();
    for (const [name, cfg] of Object.entries(config.serials)) {
      const format = compileFormat(cfg.format, cfg.vars);
      schemes.set(
        name,
        new SerialScheme({
          name,
          config: cfg,
          format,
          gatewayId: config.gateway.id,
          timeZone,
          clock,
          log: log.child({ scheme: name }),
          onAlarm: this.opts.onAlarm,
        }),
      );
    }
    return schemes;
  }

  private buildStartStation(
    station: StartStationConfig,
    schemes: Map<string, SerialScheme>,
    clock: Clock,
  ): StartStation {
    const steps: CycleStep[] = [];
    return new StartStation({
      config: station,
      scheme: schemes.get(station.serial)!,
      journal: this.journal!,
      clock,
      log: this.opts.log.child({ station: station.id }),
      steps,
      onCycle: (report) => {
        if (report.code === 'STORE_WRITE_FAILED') this.lastWriteError = report.code;
        this.opts.onCycle?.(report);
      },
    });
  }
}

function splitListen(listen: string): [string, string] {
  const i = listen.lastIndexOf(':');
  return [listen.slice(0, i).replace(/^\[|\]$/g, ''), listen.slice(i + 1)];
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());
