/**
 * Prometheus metrics of one gateway, with prom-client. Each gateway has its own Registry (tests
 * run several gateways in one process); counters of cycles and events are fed by the hub as
 * things happen, gauges and mirrored counters are read from the parts when scraped.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { GatewayEvent } from '../events/event';
import type { TelemetryHub } from './telemetry';
import type { CycleInput, HubSources } from './types';

/** Seconds; a cycle with a label to confirm takes up to seconds, one without ~1 ms. */
const CYCLE_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

let processRegistry: Registry | undefined;

/**
 * Process metrics (memory, CPU, event loop, GC) in one registry per process: they describe the
 * process, not a gateway, and prom-client's default collectors cannot be removed once added.
 */
export function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

type Labels = Record<string, string>;

/** Mirrors a running total read from a part into a Counter (which only goes up). */
class CounterMirror {
  private readonly last = new Map<Counter<string>, Map<string, number>>();

  set(counter: Counter<string>, labels: Labels, value: number): void {
    let seen = this.last.get(counter);
    if (!seen) this.last.set(counter, (seen = new Map()));
    const key = JSON.stringify(labels);
    let prev = seen.get(key) ?? 0;
    if (value < prev) {
      // The part restarted and its total began again: so does the series (Prometheus sees a reset).
      if (Object.keys(labels).length === 0) counter.reset();
      else counter.remove(labels);
      prev = 0;
    }
    if (value > prev) counter.inc(labels, value - prev);
    seen.set(key, value);
  }
}

export interface MetricsOptions {
  gatewayId: string;
  hub: TelemetryHub;
  sources: HubSources;
}

/** The metrics of one gateway. */
export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly mirror = new CounterMirror();
  private readonly cycles: Counter<'station' | 'result'>;
  private readonly cycleSeconds: Histogram<'station'>;
  private readonly events: Counter<'type'>;
  private readonly printerFaults: Counter<'printer' | 'code'>;
  private readonly refusals: Counter<'station' | 'rule'>;
  private running = false;
  private readonly onCycle = (r: CycleInput) => this.recordCycle(r);
  private readonly onEvents = (events: GatewayEvent[]) => this.recordEvents(events);

  constructor(private readonly opts: MetricsOptions) {
    const registers = [this.registry];
    this.registry.setDefaultLabels({ gateway: opts.gatewayId });
    this.cycles = new Counter({
      name: 'linegate_cycles_total',
      help: 'Start cycles by station and result code (0 OK, 1 no serial, 2 printer, 3 storage, 4 not ready, 9 internal)',
      labelNames: ['station', 'result'],
      registers,
    });
    this.cycleSeconds = new Histogram({
      name: 'linegate_cycle_duration_seconds',
      help: 'Start cycle duration, trigger to outcome, in seconds',
      labelNames: ['station'],
      buckets: CYCLE_BUCKETS,
      registers,
    });
    this.events = new Counter({
      name: 'linegate_events_total',
      help: 'Events made durable in the store, by type',
      labelNames: ['type'],
      registers,
    });
    this.printerFaults = new Counter({
      name: 'linegate_printer_faults_total',
      help: 'Labels that failed (label.failed events), by printer and fault code',
      labelNames: ['printer', 'code'],
      registers,
    });
    this.refusals = new Counter({
      name: 'linegate_release_refusals_total',
      help: 'Units refused by process release (unit.refused events), by station and by each rule that refused',
      labelNames: ['station', 'rule'],
      registers,
    });
    this.pulledMetrics(registers);
  }

  /** Listens to the hub. Idempotent. */
  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.opts.hub.on('cycle', this.onCycle);
    this.opts.hub.on('events', this.onEvents);
  }

  /** Stops listening. Idempotent. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    this.opts.hub.off('cycle', this.onCycle);
    this.opts.hub.off('events', this.onEvents);
  }

  /** The Prometheus text exposition: this gateway's metrics, then the process's. */
  async text(): Promise<{ contentType: string; body: string }> {
    const body = (await this.registry.metrics()) + (await processMetrics().metrics());
    return { contentType: this.registry.contentType, body };
  }

  private recordCycle(r: CycleInput): void {
    this.cycles.inc({ station: r.station, result: String(r.result) });
    this.cycleSeconds.observe({ station: r.station }, r.durationMs / 1000);
  }

  private recordEvents(events: GatewayEvent[]): void {
    for (const e of events) {
      this.events.inc({ type: e.type });
      if (e.type === 'label.failed') {
        const printer = typeof e.data.printer === 'string' ? e.data.printer : 'unknown';
        const code = typeof e.data.code === 'string' ? e.data.code : 'unknown';
        this.printerFaults.inc({ printer, code });
      }
      if (e.type === 'unit.refused') {
        const rules = new Set(((e.data.reasons ?? []) as Array<{ rule: string }>).map((r) => r.rule));
        for (const rule of rules) this.refusals.inc({ station: e.station ?? 'unknown', rule });
      }
    }
  }

  /** Metrics read from the parts at scrape time. */
  private pulledMetrics(registers: Registry[]): void {
    const { sources, hub } = this.opts;
    const mirror = this.mirror;
    const outbox = () => sources.outbox?.()?.stats();
    const gauge = (name: string, help: string, read: () => number | undefined) =>
      new Gauge({
        name,
        help,
        registers,
        collect() {
          const v = read();
          if (v !== undefined) this.set(v);
        },
      });
    const total = (name: string, help: string, read: () => number | undefined) =>
      new Counter({
        name,
        help,
        registers,
        collect() {
          const v = read();
          if (v !== undefined) mirror.set(this, {}, v);
        },
      });
    gauge(
      'linegate_outbox_depth',
      'Events not yet acknowledged by every upstream sink',
      () => outbox()?.depth,
    );
    gauge('linegate_outbox_oldest_age_seconds', 'Age of the oldest event not yet acknowledged', () => {
      const s = outbox();
      return s && s.oldestAgeMs / 1000;
    });
    total('linegate_outbox_sent_total', 'Events acknowledged by upstream sinks', () => outbox()?.sent);
    total('linegate_outbox_failed_total', 'Failed upstream delivery attempts', () => outbox()?.failed);
    total('linegate_outbox_dead_lettered_total', 'Events dead-lettered', () => outbox()?.deadLettered);
    total(
      'linegate_outbox_skipped_total',
      'Events a sink acknowledged without sending (no meaning in its format, e.g. EPCIS)',
      () => outbox()?.skipped,
    );

    new Gauge({
      name: 'linegate_device_up',
      help: '1 when the device, PLC connection or trigger is usable now, else 0',
      labelNames: ['kind', 'name'],
      registers,
      collect() {
        this.reset();
        for (const [kind, part] of sources.devices?.() ?? [])
          this.set({ kind, name: part.name }, part.health().ok ? 1 : 0);
      },
    });
    new Gauge({
      name: 'linegate_health_ok',
      help: '1 when the /healthz part is fine, else 0 (store, devices, triggers, upstream sinks, outbox)',
      labelNames: ['part'],
      registers,
      collect() {
        this.reset();
        for (const [part, p] of Object.entries(sources.health?.().parts ?? {}))
          this.set({ part }, p.ok ? 1 : 0);
      },
    });
    new Counter({
      name: 'linegate_plc_reconnects_total',
      help: 'Reconnects of each PLC connection since start',
      labelNames: ['plc'],
      registers,
      collect() {
        hub.observePlcs();
        for (const [plc, n] of hub.plcReconnects()) mirror.set(this, { plc }, n);
      },
    });
    new Counter({
      name: 'linegate_station_refusals_total',
      help: 'Scans and results a station refused (never consumed), by station and error code (NO_UNIT_IDENTIFIED, SCAN_UNEXPECTED, SCAN_INVALID, COMPONENT_IN_USE, ...)',
      labelNames: ['station', 'code'],
      registers,
      collect() {
        for (const [station, s] of sources.lineStations?.() ?? [])
          for (const [code, n] of Object.entries(s.stats.refusals ?? {}))
            mirror.set(this, { station, code }, n);
      },
    });
    new Counter({
      name: 'linegate_station_consumed_total',
      help: 'Components consumed into units, by station',
      labelNames: ['station'],
      registers,
      collect() {
        for (const [station, s] of sources.lineStations?.() ?? [])
          mirror.set(this, { station }, s.stats.consumed);
      },
    });
    this.serialMetrics(registers);
    this.integrityMetrics(registers);
  }

  /** The store against its high-water mark: damage, and the numbers skipped so none repeats. */
  private integrityMetrics(registers: Registry[]): void {
    const integrity = () => this.opts.sources.integrity?.();
    new Gauge({
      name: 'linegate_store_integrity_ok',
      help: '1 when the store holds every number its high-water mark says was issued, else 0 (damaged, mark unreadable, a cursor ahead of the store)',
      registers,
      collect() {
        const i = integrity();
        if (i) this.set(i.ok ? 1 : 0);
      },
    });
    new Gauge({
      name: 'linegate_store_numbers_skipped',
      help: 'Numbers skipped at open so none is issued twice: event seqs (kind=seq) and serial numbers (kind=serial)',
      labelNames: ['kind'],
      registers,
      collect() {
        const i = integrity();
        if (!i) return;
        this.set({ kind: 'seq' }, i.skippedSeqs);
        this.set({ kind: 'serial' }, i.skippedNumbers);
      },
    });
    new Gauge({
      name: 'linegate_store_numbers_lost',
      help: 'Event seqs and serial numbers the mark says were issued and the store no longer holds (found at open)',
      registers,
      collect() {
        const i = integrity();
        if (i) this.set(i.lostNumbers);
      },
    });
  }

  private serialMetrics(registers: Registry[]): void {
    const schemes = () => [...(this.opts.sources.schemes?.() ?? [])];
    new Gauge({
      name: 'linegate_serial_capacity',
      help: 'Numbers a period of the scheme can issue',
      labelNames: ['scheme'],
      registers,
      collect() {
        for (const s of schemes()) this.set({ scheme: s.name }, s.capacity);
      },
    });
    new Gauge({
      name: 'linegate_serial_used',
      help: 'Highest sequence issued in each period (counter key) of a scheme since start',
      labelNames: ['scheme', 'period'],
      registers,
      collect() {
        for (const s of schemes())
          for (const [period, seq] of s.used) this.set({ scheme: s.name, period }, seq);
      },
    });
    new Gauge({
      name: 'linegate_serial_capacity_used_ratio',
      help: 'Share of the period capacity used, 0 to 1 (the capacity alarm fires at alarmPercent)',
      labelNames: ['scheme', 'period'],
      registers,
      collect() {
        for (const s of schemes())
          for (const [period, seq] of s.used) this.set({ scheme: s.name, period }, seq / s.capacity);
      },
    });
  }
}
