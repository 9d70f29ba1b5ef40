/**
 * The telemetry hub: what the gateway reports as it runs (cycles, durable events, printed
 * labels) plus what it samples (device health, outbox figures), kept in memory for the
 * dashboard and the metrics. Recording a cycle or an event is O(1) and never throws, so the
 * hub can sit on the cycle path; snapshots are built only when someone asks.
 */
import { EventEmitter } from 'node:events';
import type { GatewayEvent } from '../events/event';
import type { Clock, DeviceHealth, Logger } from '../ports';
import type { CycleInput, DashboardSnapshot, HubSources, LabelView, OutboxView, StationView } from './types';
import { beginsUnits } from '../stations/kinds';
import {
  ReconnectTracker,
  TRIGGER_KIND,
  deviceView,
  eventView,
  lineStationView,
  startStationView,
  type CycleMemory,
} from './views';

export interface HubOptions {
  gatewayId: string;
  /** the configured stations, in config order. */
  stations: ReadonlyArray<{ id: string; kind: string }>;
  sources: HubSources;
  clock: Clock;
  log?: Logger;
  /** how often devices and the outbox are sampled for the chart and the reconnect count (2000 ms). */
  sampleMs?: number;
  /** samples kept for the outbox chart (150: five minutes at the default rate). */
  historyPoints?: number;
  /** latest events kept (30). */
  eventsKept?: number;
}

/** The last label a printer confirmed, with its ZPL for the preview. */
export interface CapturedLabel extends LabelView {
  zpl: Buffer;
}

/** The hub's typed notifications. */
export interface HubEvents {
  /** a start cycle finished. */
  cycle: [report: CycleInput];
  /** a durable batch was written, with its events. */
  events: [events: GatewayEvent[]];
  /** something the dashboard shows changed (coalesce before acting on it). */
  changed: [];
}

/** Collects telemetry for one gateway. */
export class TelemetryHub extends EventEmitter<HubEvents> {
  private readonly memory = new Map<string, CycleMemory>();
  private readonly latest: GatewayEvent[] = [];
  private readonly series: Array<[number, number]> = [];
  private readonly reconnectTracker = new ReconnectTracker();
  private label: CapturedLabel | undefined;
  private labelCount = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private readonly onCommitted = (events: GatewayEvent[]) => this.committed(events);

  constructor(private readonly opts: HubOptions) {
    super();
  }

  /** Subscribes to the journal and starts sampling. Idempotent. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.opts.sources.journal?.on('committed', this.onCommitted);
    this.sample();
    this.timer = setInterval(() => this.sample(), this.opts.sampleMs ?? 2000);
    // Sampling is for people watching; it must never keep a stopping process alive.
    this.timer.unref();
  }

  /** Unsubscribes and stops sampling. Idempotent. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.opts.sources.journal?.off('committed', this.onCommitted);
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Records a finished start cycle. */
  cycle(report: CycleInput): void {
    const m = this.memory.get(report.station) ?? { cycles: 0, failures: 0 };
    m.cycles += 1;
    if (report.result !== 0) m.failures += 1;
    m.last = { ...report, at: this.isoNow() };
    if (report.serial !== undefined) m.lastSerial = report.serial;
    m.waiting = report.result === 0 ? undefined : (report.waiting ?? m.waiting);
    this.memory.set(report.station, m);
    this.notify('cycle', report);
  }

  /** Records a label the printer confirmed; the preview is rendered later, on request. */
  labelPrinted(printer: string, zpl: Buffer): void {
    this.labelCount += 1;
    this.label = { id: this.labelCount, printer, zpl, at: this.isoNow() };
    this.safeEmit('changed');
  }

  /** The last label confirmed by a printer, if any. */
  lastLabel(): CapturedLabel | undefined {
    return this.label;
  }

  /** Reconnects of each PLC connection so far. */
  plcReconnects(): Map<string, number> {
    return this.reconnectTracker.counts();
  }

  /** Reads the PLC connections' health for the reconnect count (sampling and scrapes call it). */
  observePlcs(): void {
    for (const [kind, part] of this.opts.sources.devices?.() ?? [])
      if (kind === 'plc') this.reconnectTracker.observe(part.name, part.health());
  }

  /** Takes one sample of the outbox and the devices (the timer calls this; so may tests). */
  sample(): void {
    try {
      const outbox = this.opts.sources.outbox?.();
      if (outbox) {
        this.series.push([this.opts.clock.now(), outbox.stats().depth]);
        const keep = this.opts.historyPoints ?? 150;
        if (this.series.length > keep) this.series.splice(0, this.series.length - keep);
      }
      this.observePlcs();
    } catch (err) {
      this.opts.log?.warn({ err }, 'telemetry sample failed');
    }
    this.safeEmit('changed');
  }

  /** Everything the dashboard shows, now. */
  snapshot(): DashboardSnapshot {
    const { sources, gatewayId } = this.opts;
    const parts = sources.devices?.() ?? [];
    const triggers = new Map(parts.filter(([k]) => k === TRIGGER_KIND).map(([, p]) => [p.name, p.health()]));
    const health = sources.health?.() ?? { ok: true, parts: {} };
    return {
      gatewayId,
      now: this.isoNow(),
      health: {
        ok: health.ok,
        failing: Object.entries(health.parts)
          .filter(([, p]) => !p.ok)
          .map(([part, p]) => ({ part, state: p.state })),
      },
      stations: this.stationViews(triggers),
      devices: parts.filter(([k]) => k !== TRIGGER_KIND).map(([kind, part]) => deviceView(kind, part)),
      outbox: this.outboxView(),
      events: this.latest.map(eventView),
      label: this.label && {
        id: this.label.id,
        printer: this.label.printer,
        at: this.label.at,
        ...(this.label.serial !== undefined && { serial: this.label.serial }),
      },
    };
  }

  private stationViews(triggers: Map<string, DeviceHealth>): StationView[] {
    const line = this.opts.sources.lineStations?.();
    return this.opts.stations.map((s) =>
      beginsUnits(s.kind)
        ? startStationView(s.id, this.memory.get(s.id), triggers.get(s.id))
        : lineStationView(s.id, s.kind, line?.get(s.id)),
    );
  }

  private outboxView(): OutboxView | undefined {
    const source = this.opts.sources.outbox?.();
    if (!source) return undefined;
    const { depth, oldestAgeMs, sent, failed, deadLettered } = source.stats();
    // The chart ends at the live figure, not at the last sample up to sampleMs ago.
    const series: Array<[number, number]> = [...this.series, [this.opts.clock.now(), depth]];
    const sinks = Object.entries(source.health?.() ?? {})
      .filter(([name]) => name.startsWith('upstream:'))
      .map(([name, h]) => ({ name: name.slice('upstream:'.length), ok: h.ok, state: h.state }));
    return { depth, oldestAgeMs, sent, failed, deadLettered, series, sinks };
  }

  private committed(events: GatewayEvent[]): void {
    if (events.length === 0) return;
    const keep = this.opts.eventsKept ?? 30;
    for (const e of events) {
      this.latest.unshift(e);
      // The printer tap sees the ZPL, the label.printed event names the serial: join them.
      const label = this.label;
      if (
        e.type === 'label.printed' &&
        label &&
        label.serial === undefined &&
        e.data.printer === label.printer
      )
        label.serial = e.serial;
    }
    if (this.latest.length > keep) this.latest.length = keep;
    this.notify('events', events);
  }

  private notify<K extends 'cycle' | 'events'>(name: K, ...args: HubEvents[K]): void {
    this.safeEmit(name, ...args);
    this.safeEmit('changed');
  }

  private safeEmit<K extends keyof HubEvents>(name: K, ...args: HubEvents[K]): void {
    try {
      // EventEmitter's typed emit cannot relate a generic K to its arguments; the signature
      // of safeEmit already ties them together.
      (this.emit as (event: K, ...a: HubEvents[K]) => boolean).call(this, name, ...args);
    } catch (err) {
      // A listener's mistake must not fail a cycle or a commit that already happened.
      this.opts.log?.error({ err }, `telemetry ${name} listener failed`);
    }
  }

  private isoNow(): string {
    return new Date(this.opts.clock.now()).toISOString();
  }
}
