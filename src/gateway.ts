/**
 * The gateway: builds every part from a validated config and runs them. The parts are one
 * ordered list (store, simulators, upstream, devices, print-unknown settle, ops, line, API,
 * triggers): built in order, then opened in order; stopped in reverse, with cycles in flight
 * finished (or abandoned safely: their reservations stay on disk) within the stop deadline.
 */
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/schema';
import { createApi, type HealthReport } from './api/server';
import type { Clock, DeviceContext, HasHealth, Lifecycle, Logger } from './ports';
import { systemClock } from './ports';
import type { DeviceFamily, NamedPart } from './ports/devices';
import type { CapacityAlarm } from './serials/scheme';
import { integrityFigures, storeHealthPart } from './store/health';
import type { Journal } from './store/journal';
import type { Store } from './store/store';
import type { HoldBook } from './release/holds';
import type { CycleReport } from './stations/start-station';
import { buildLine, type LineDevices } from './line/build';
import {
  openRecords,
  quietly,
  splitListen,
  startParts,
  stopParts,
  type GatewayPart,
  type Records,
} from './gateway-parts';
import type { Line } from './line/line';
import { settlePrintUnknown } from './printing/print-unknown';
import { createUpstream, type UpstreamPart } from './upstream/upstream';
import { SerialsAdmin } from './serials/admin';
import { Ops } from './ops/ops';

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
  private parts: GatewayPart[] = [];
  private lastWriteError: string | undefined;
  /** true from the API listening until every device is open and the triggers run. */
  private starting = true;
  /** the API's address once listening, e.g. http://127.0.0.1:8080 */
  url = '';

  constructor(private readonly opts: GatewayOptions) {}

  /** Opens the store, starts devices and the API; throws LinegateError on failure. */
  async start(): Promise<void> {
    const { config, log } = this.opts;
    this.parts = this.partList(this.opts.clock ?? systemClock);
    await startParts(this.parts);
    this.starting = false;
    log.info(
      { api: this.url, stations: config.stations.map((s) => s.id), gateway: config.gateway.id },
      'linegate ready',
    );
  }

  /** Stops everything in reverse order; never throws. */
  async stop(deadlineMs = 8000): Promise<void> {
    await stopParts(this.parts, deadlineMs, this.opts.log);
    this.opts.log.info('linegate stopped');
  }

  /**
   * The parts in start order. Each builds first (opening nothing, so the API answers /healthz:
   * 503 "starting" while the slow parts open: simulators, PLC sessions, serial devices), then
   * opens: simulators first (devices connect to them), then every device at once.
   */
  private partList(clock: Clock): GatewayPart[] {
    const { config, log, families } = this.opts;
    const ctx = (kind: string, name: string): DeviceContext => ({
      name,
      clock,
      dataDir: config.gateway.dataDir,
      log: log.child({ [kind]: name }),
    });
    const stopEach = async (what: Array<[string, Lifecycle]>) => {
      for (const [name, part] of what) await quietly(log, name, () => part.stop());
    };
    let release: Records['release'] | undefined;
    let devices: LineDevices | undefined;
    return [
      {
        name: 'store',
        build: async () => {
          const records = await openRecords(config, clock, log);
          ({ store: this.store, journal: this.journal, holds: this.holds, release } = records);
          records.journal.on('committed', () => (this.lastWriteError = undefined));
        },
        stop: async () => {
          this.holds?.close();
          if (this.journal) await quietly(log, 'journal', () => this.journal!.close());
          if (this.store) await quietly(log, 'store', () => this.store!.close());
        },
      },
      {
        name: 'simulators',
        build: async () => {
          this.simulators = (
            await Promise.all(families.map((f) => f.simulators?.(config, ctx) ?? []))
          ).flat();
        },
        start: async () => void (await Promise.all(this.simulators.map((sim) => sim.start()))),
        stop: () => stopEach(this.simulators.map((s) => [`simulator ${s.name}`, s])),
      },
      {
        name: 'upstream',
        build: async () => {
          this.upstream = createUpstream({ config, store: this.store!, journal: this.journal!, log, clock });
        },
        start: () => this.upstream!.start(),
        stop: async () => this.upstream?.stop(),
      },
      {
        name: 'devices',
        build: async () => {
          devices = {
            printers: await this.collect('printer', (f) => f.printers?.(config, ctx)),
            readers: await this.collect('reader', (f) => f.readers?.(config, ctx)),
            scanners: await this.collect('scanner', (f) => f.scanners?.(config, ctx)),
          };
        },
        start: async () => void (await Promise.all(this.devices.map(([, device]) => device.start()))),
        stop: () => stopEach(this.devices.map(([kind, d]) => [`${kind} ${d.name}`, d])),
      },
      {
        name: 'print-unknown',
        start: () => settlePrintUnknown({ config, store: this.store!, line: this.line!, log }),
      },
      {
        name: 'ops',
        build: async () => {
          this.ops = new Ops({
            gatewayId: config.gateway.id,
            stations: config.stations,
            clock,
            log,
            sources: {
              journal: this.journal!,
              outbox: () => this.upstream,
              devices: () => [...this.devices, ...this.triggers.map((t) => [t.kind, t] as const)],
              schemes: () => this.line?.schemes.values() ?? [],
              lineStations: () => this.line?.lineStations,
              health: () => this.health(),
              integrity: () => (this.store ? integrityFigures(this.store.mark) : undefined),
            },
          });
          await this.ops.start();
        },
        stop: async () => this.ops?.stop(),
      },
      {
        name: 'line',
        build: async () => {
          this.line = buildLine({
            config,
            devices: { ...devices!, printers: this.ops!.tapPrinters(devices!.printers) },
            store: this.store!,
            journal: this.journal!,
            clock,
            log,
            onAlarm: this.opts.onAlarm,
            upstream: this.upstream,
            release,
            onCycle: (report) => {
              if (report.code === 'STORE_WRITE_FAILED') this.lastWriteError = report.code;
              this.ops?.cycle(report);
              this.opts.onCycle?.(report);
            },
          });
        },
        start: () => this.line!.start(),
        stop: async (deadlineMs) => {
          if (this.line && !(await this.line.stop(deadlineMs)))
            log.warn(
              'stop: cycles still in flight at the deadline; their reservations stay on disk for the retry',
            );
        },
      },
      {
        name: 'API',
        build: async () => {
          this.api = createApi({
            token: config.api.token,
            stations: this.line!,
            units: this.line!,
            health: () => this.health(),
            log: log.child({ module: 'api' }),
            ops: this.ops,
            release: release!.service,
            outbox: this.upstream!.admin,
            serials: new SerialsAdmin({
              ...{ config, store: this.store!, journal: this.journal!, clock },
              log: log.child({ module: 'serials' }),
              schemes: this.line!.schemes,
              printAt: (station, serials) => this.line!.printPreassigned(station, serials),
            }),
          });
          const [host, port] = splitListen(config.api.listen);
          this.url = await this.api.listen({ host, port: Number(port) });
          log.info({ api: this.url }, 'API listening; opening devices');
        },
        stop: async () => this.api?.close(),
      },
      {
        name: 'triggers',
        start: async () => {
          const ports = this.line!.triggerPorts;
          this.triggers = (
            await Promise.all(families.map((f) => f.triggers?.(config, ports, ctx) ?? []))
          ).flat();
          for (const t of this.triggers) await t.start();
        },
        stop: () => stopEach([...this.triggers].reverse().map((t) => [`trigger ${t.name}`, t])),
      },
    ];
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

  /** The line's stations (tests, metrics, dashboard). */
  get stations(): Line | undefined {
    return this.line;
  }

  /** Every family's devices of one kind, by name; remembered for start, stop and health. */
  private async collect<T extends Device>(
    kind: string,
    of: (family: DeviceFamily) => Map<string, T> | Promise<Map<string, T>> | undefined,
  ): Promise<Map<string, T>> {
    const all = new Map<string, T>();
    for (const table of await Promise.all(this.opts.families.map(of))) {
      for (const [name, device] of table ?? []) {
        all.set(name, device);
        this.devices.push([kind, device]);
      }
    }
    return all;
  }
}
