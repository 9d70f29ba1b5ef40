/**
 * The gateway: builds every part from a validated config and runs them. Start order is store,
 * simulators, devices, line, API, triggers; stop order is the reverse, with cycles in flight
 * finished (or abandoned safely: their reservations stay on disk) within the stop deadline.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/schema';
import { createApi, type HealthReport } from './api/server';
import type { Clock, DeviceContext, HasHealth, Lifecycle, Logger } from './ports';
import { systemClock } from './ports';
import type { DeviceFamily, NamedPart } from './ports/devices';
import type { CapacityAlarm } from './serials/scheme';
import { Journal } from './store/journal';
import { openStore, type Store } from './store/store';
import { integrityFigures, logIntegrity, storeHealthPart } from './store/health';
import type { CycleReport } from './stations/start-station';
import { buildLine } from './line/build';
import type { Line } from './line/line';
import { settlePrintUnknown } from './printing/print-unknown';
import { createUpstream, type UpstreamPart } from './upstream/upstream';
import { SerialsAdmin } from './serials/admin';
import { Ops } from './ops/ops';
import { ReleaseCheck } from './release/check';
import { HoldBook } from './release/holds';
import { ReleaseService } from './release/service';
import { Sublevels } from './store/layout';

export interface GatewayOptions {
  config: Config;
  log: Logger;
  families: readonly DeviceFamily[];
  clock?: Clock;
  /** called after each start cycle (metrics, dashboard). */
  onCycle?: (report: CycleReport) => void;
  onAlarm?: (alarm: CapacityAlarm) => void;
}

type Device = Lifecycle & HasHealth & { readonly name: string };

/** A running gateway and its parts. */
export class Gateway {
  private store: Store | undefined;
  private journal: Journal | undefined;
  private api: FastifyInstance | undefined;
  private line: Line | undefined;
  private upstream: UpstreamPart | undefined;
  private ops: Ops | undefined;
  private holds: HoldBook | undefined;
  private simulators: NamedPart[] = [];
  private triggers: NamedPart[] = [];
  private readonly devices: Array<[kind: string, device: Device]> = [];
  private lastWriteError: string | undefined;
  /** true from the API listening until every device is open and the triggers run. */
  private starting = true;
  /** the API's address once listening, e.g. http://127.0.0.1:8080 */
  url = '';

  constructor(private readonly opts: GatewayOptions) {}

  /** Opens the store, starts devices and the API; throws LinegateError on failure. */
  async start(): Promise<void> {
    const { config, log, families } = this.opts;
    const clock = this.opts.clock ?? systemClock;
    const ctx = (kind: string, name: string): DeviceContext => ({
      name,
      clock,
      dataDir: config.gateway.dataDir,
      log: log.child({ [kind]: name }),
    });

    this.store = await openStore(config.gateway.dataDir);
    logIntegrity(this.store.mark, log.child({ module: 'store' }));
    this.journal = new Journal(this.store, { gatewayId: config.gateway.id, clock });
    this.journal.on('committed', () => (this.lastWriteError = undefined));
    this.holds = new HoldBook(this.journal);
    await this.holds.load(this.store.sub(Sublevels.holds).iterator());
    const check = new ReleaseCheck({ holds: this.holds, clock });
    const release = new ReleaseService({
      store: this.store,
      journal: this.journal,
      check,
      stations: config.stations,
    });

    // Build every part first, opening nothing, so the API answers (/healthz: 503 "starting")
    // while the slow parts open: simulators, PLC sessions, serial devices.
    this.simulators = (await Promise.all(families.map((f) => f.simulators?.(config, ctx) ?? []))).flat();
    this.upstream = createUpstream({ config, store: this.store, journal: this.journal, log, clock });
    const printers = this.collect(
      'printer',
      await Promise.all(families.map((f) => f.printers?.(config, ctx))),
    );
    const readers = this.collect('reader', await Promise.all(families.map((f) => f.readers?.(config, ctx))));
    const scanners = this.collect(
      'scanner',
      await Promise.all(families.map((f) => f.scanners?.(config, ctx))),
    );
    this.ops = new Ops({
      gatewayId: config.gateway.id,
      stations: config.stations,
      clock,
      log,
      sources: {
        journal: this.journal,
        outbox: () => this.upstream,
        devices: () => [...this.devices, ...this.triggers.map((t) => [t.kind, t] as const)],
        schemes: () => this.line?.schemes.values() ?? [],
        lineStations: () => this.line?.lineStations,
        health: () => this.health(),
        integrity: () => (this.store ? integrityFigures(this.store.mark) : undefined),
      },
    });
    await this.ops.start();
    this.line = buildLine({
      config,
      devices: { printers: this.ops.tapPrinters(printers), readers, scanners },
      store: this.store,
      journal: this.journal,
      clock,
      log,
      onAlarm: this.opts.onAlarm,
      upstream: this.upstream,
      release: { check, service: release },
      onCycle: (report) => {
        if (report.code === 'STORE_WRITE_FAILED') this.lastWriteError = report.code;
        this.ops?.cycle(report);
        this.opts.onCycle?.(report);
      },
    });
    this.api = createApi({
      token: config.api.token,
      stations: this.line,
      units: this.line,
      health: () => this.health(),
      log: log.child({ module: 'api' }),
      ops: this.ops,
      release,
      outbox: this.upstream.admin,
      serials: this.serialsAdmin(clock),
    });
    const [host, port] = splitListen(config.api.listen);
    this.url = await this.api.listen({ host, port: Number(port) });
    log.info({ api: this.url }, 'API listening; opening devices');

    // Simulators first (devices connect to them), then every device at once.
    await Promise.all(this.simulators.map((sim) => sim.start()));
    await this.upstream.start();
    await Promise.all(this.devices.map(([, device]) => device.start()));
    await settlePrintUnknown({ config, store: this.store, line: this.line, log });
    await this.line.start();
    const ports = this.line.triggerPorts;
    this.triggers = (await Promise.all(families.map((f) => f.triggers?.(config, ports, ctx) ?? []))).flat();
    for (const t of this.triggers) await t.start();
    this.starting = false;
    log.info(
      { api: this.url, stations: config.stations.map((s) => s.id), gateway: config.gateway.id },
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
    for (const t of [...this.triggers].reverse()) await quietly(`trigger ${t.name}`, () => t.stop());
    if (this.line && !(await this.line.stop(deadlineMs))) {
      log.warn('stop: cycles still in flight at the deadline; their reservations stay on disk for the retry');
    }
    if (this.api) await quietly('API', () => this.api!.close());
    if (this.ops) await quietly('ops', () => this.ops!.stop());
    this.holds?.close();
    for (const [kind, d] of this.devices) await quietly(`${kind} ${d.name}`, () => d.stop());
    if (this.upstream) await quietly('upstream', () => this.upstream!.stop());
    if (this.journal) await quietly('journal', () => this.journal!.close());
    if (this.store) await quietly('store', () => this.store!.close());
    for (const s of this.simulators) await quietly(`simulator ${s.name}`, () => s.stop());
    log.info('linegate stopped');
  }

  /** Health of store and devices, as /healthz answers it. */
  health(): HealthReport {
    const parts: HealthReport['parts'] = { store: storeHealthPart(this.store?.mark, this.lastWriteError) };
    if (this.starting) parts.gateway = { ok: false, state: 'starting: opening devices' };
    const named: Array<[string, Device]> = [
      ...this.devices,
      ...this.triggers.map((t): [string, Device] => [t.kind, t]),
    ];
    for (const [kind, d] of named) {
      const h = d.health();
      parts[`${kind}:${d.name}`] = { ok: h.ok, state: h.state };
    }
    for (const [name, h] of Object.entries(this.upstream?.health() ?? {}))
      parts[name] = { ok: h.ok, state: h.state };
    return { ok: Object.values(parts).every((p) => p.ok), parts };
  }

  /** A device by kind and name (tests, dashboard). */
  device(kind: string, name: string): Device | undefined {
    return this.devices.find(([k, d]) => k === kind && d.name === name)?.[1];
  }

  /** The serial lifecycle on the gateway's own journal and schemes (API /api/serials...). */
  private serialsAdmin(clock: Clock): SerialsAdmin {
    return new SerialsAdmin({
      config: this.opts.config,
      store: this.store!,
      journal: this.journal!,
      clock,
      log: this.opts.log.child({ module: 'serials' }),
      schemes: this.line!.schemes,
      printAt: (station, serials) => this.line!.printPreassigned(station, serials),
    });
  }

  /** The line's stations (tests, metrics, dashboard). */
  get stations(): Line | undefined {
    return this.line;
  }

  private collect<T extends Device>(kind: string, tables: Array<Map<string, T> | undefined>): Map<string, T> {
    const all = new Map<string, T>();
    for (const table of tables) {
      for (const [name, device] of table ?? []) {
        all.set(name, device);
        this.devices.push([kind, device]);
      }
    }
    return all;
  }
}

function splitListen(listen: string): [string, string] {
  const i = listen.lastIndexOf(':');
  return [listen.slice(0, i).replace(/^\[|\]$/g, ''), listen.slice(i + 1)];
}
