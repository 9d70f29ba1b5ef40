/**
 * The upstream part: builds the outbox, one forwarder per configured sink and the serial block
 * leases from the config, and gives the gateway one object with start/stop/health/stats, the
 * quota check for start stations (admit) and the operator actions (admin).
 */
import { BLOCK_DEFAULTS, type Config, type HttpSinkConfig } from '../config/schema';
import type { GatewayEvent } from '../events/event';
import type { Clock, DeviceHealth, Logger } from '../ports';
import { systemClock } from '../ports';
import { BlockLeases, type BlockSource } from '../serials/blocks';
import { HttpBlockAuthority } from './block-authority';
import { systemTimeZone, dateParts } from '../serials/calendar';
import { compileFormat } from '../serials/format';
import { BLOCK_LOOKAHEAD_MS } from '../serials/scheme';
import type { Journal } from '../store/journal';
import type { Store } from '../store/store';
import { createLocalAdmin, type LiveOutbox, type OutboxAdmin } from './admin';
import { Forwarder } from './forwarder';
import type { HttpClient } from './http-client';
import { Ledger } from './ledger';
import { batchOptions, retryOptions, storeOptions } from './options';
import { Outbox } from './outbox';
import { createSink } from './sinks';
import { realTimers, type Timers } from './timers';
import type { UpstreamAlarm, UpstreamStats } from './types';
import { startStations } from '../stations/kinds';

export interface UpstreamDeps {
  config: Config;
  store: Store;
  journal: Journal;
  log: Logger;
  clock?: Clock;
  timers?: Timers;
  /** called when a sink is held or released and when the store fills or drains. */
  onAlarm?: (alarm: UpstreamAlarm) => void;
  /** [0, 1) for backoff jitter; injectable for tests. */
  random?: () => number;
}

/** What the gateway holds of the upstream part. */
export interface UpstreamPart extends LiveOutbox {
  /** Scans the outbox, loads cursors, starts forwarding and block prefetching. Idempotent. */
  start(): Promise<void>;
  /** Finishes or abandons each batch in flight (at least once), stops timers. Idempotent. */
  stop(): Promise<void>;
  /** `upstream:<sink>` per sink and `outbox` (store full or not). */
  health(): Record<string, DeviceHealth>;
  stats(): UpstreamStats;
  /** Throws LinegateError STORE_FULL when starts must be refused (see Outbox.admit). */
  admit(): void;
  /** The block source of a `source: upstream` scheme (after start()). */
  blocks(scheme: string): BlockSource | undefined;
  readonly admin: OutboxAdmin;
}

/** Builds the upstream part (nothing runs until start()). */
export function createUpstream(deps: UpstreamDeps): UpstreamPart {
  return new Upstream(deps);
}

class Upstream implements UpstreamPart {
  private outbox: Outbox | undefined;
  private forwarders: Forwarder[] = [];
  private leases = new Map<string, BlockLeases>();
  private clients: HttpClient[] = [];
  private listener: ((events: GatewayEvent[]) => void) | undefined;
  private empty = new Ledger();
  readonly admin: OutboxAdmin;

  constructor(private readonly deps: UpstreamDeps) {
    this.admin = createLocalAdmin({ ...deps, clock: deps.clock ?? systemClock, live: this });
  }

  get ledger(): Ledger {
    return this.outbox?.ledger ?? this.empty;
  }

  async start(): Promise<void> {
    if (this.outbox) return;
    const { config, store, journal } = this.deps;
    const clock = this.deps.clock ?? systemClock;
    const timers = this.deps.timers ?? realTimers;
    const log = this.deps.log.child({ module: 'upstream' });
    const onAlarm = this.deps.onAlarm ?? (() => undefined);
    const sinks = config.upstream ?? [];
    const outbox = new Outbox({
      store,
      config: storeOptions(config),
      sinks: sinks.map((s) => s.name),
      clock,
      timers,
      log,
      onAlarm,
    });
    // Events committed while the outbox is scanned are applied after the scan, none twice.
    const early: GatewayEvent[] = [];
    const collect = (events: GatewayEvent[]) => early.push(...events);
    journal.on('committed', collect);
    try {
      await outbox.start();
    } finally {
      journal.off('committed', collect);
    }
    outbox.committed(early.filter((e) => e.seq > outbox.ledger.lastSeq));
    this.outbox = outbox;
    this.listener = (events) => {
      outbox.committed(events);
      for (const f of this.forwarders) f.notify();
    };
    journal.on('committed', this.listener);

    const httpClients = new Map<string, HttpClient>();
    for (const sink of sinks) {
      const sinkLog = log.child({ sink: sink.name });
      const built = createSink(sink, { config, store, clock, log: sinkLog });
      if (built.client) {
        httpClients.set(sink.name, built.client);
        this.clients.push(built.client);
      }
      const forwarder = new Forwarder({
        sink: built.sink,
        store,
        journal,
        outbox,
        batch: batchOptions(sink),
        retry: retryOptions(sink),
        clock,
        timers,
        log: sinkLog,
        onAlarm,
        random: this.deps.random,
      });
      this.forwarders.push(forwarder);
    }
    this.buildLeases(httpClients, clock, timers, log);
    for (const f of this.forwarders) await f.start();
    this.primeLeases(clock);
  }

  async stop(): Promise<void> {
    if (!this.outbox) return;
    if (this.listener) this.deps.journal.off('committed', this.listener);
    this.listener = undefined;
    await Promise.all([...this.leases.values()].map((l) => l.stop()));
    await Promise.all(this.forwarders.map((f) => f.stop()));
    await this.outbox.stop();
    for (const c of this.clients) c.close();
    this.empty = this.outbox.ledger;
    this.outbox = undefined;
    this.forwarders = [];
    this.leases = new Map();
    this.clients = [];
  }

  admit(): void {
    this.outbox?.admit();
  }

  blocks(scheme: string): BlockSource | undefined {
    return this.leases.get(scheme);
  }

  deadLettersChanged(sink: string): void {
    this.forwarders.find((f) => f.name === sink)?.deadLettersChanged();
  }

  health(): Record<string, DeviceHealth> {
    const parts: Record<string, DeviceHealth> = {};
    for (const f of this.forwarders) parts[`upstream:${f.name}`] = f.health();
    if (this.outbox?.isFull)
      parts.outbox = { ok: false, state: 'store full: starts refused until upstream catches up' };
    return parts;
  }

  stats(): UpstreamStats {
    const outbox = this.outbox;
    const sinks: UpstreamStats['sinks'] = {};
    let sendRate = 0;
    let sent = 0;
    let failed = 0;
    let deadLettered = 0;
    let skipped = 0;
    for (const f of this.forwarders) {
      const s = (sinks[f.name] = f.stats());
      sendRate += s.sendRate;
      sent += s.sent;
      failed += s.failed;
      deadLettered += s.deadLettered;
      skipped += s.skipped;
    }
    return {
      depth: outbox?.depth() ?? 0,
      oldestAgeMs: outbox?.oldestAgeMs() ?? 0,
      sendRate,
      sent,
      failed,
      deadLettered,
      skipped,
      storedEvents: Math.max(0, this.ledger.count),
      storedBytes: this.ledger.totalBytes,
      intakeRate: outbox?.intakeRate() ?? 0,
      autonomyHours: outbox?.autonomyHours() ?? Infinity,
      full: outbox?.isFull ? 1 : 0,
      sinks,
    };
  }

  private buildLeases(clients: Map<string, HttpClient>, clock: Clock, timers: Timers, log: Logger): void {
    const { config, store, journal } = this.deps;
    const http = (config.upstream ?? []).filter((s): s is HttpSinkConfig => s.type === 'http');
    for (const [name, scheme] of Object.entries(config.serials)) {
      if (scheme.source !== 'upstream') continue;
      const sink = scheme.upstream !== undefined ? http.find((s) => s.name === scheme.upstream) : http[0];
      const client = sink && clients.get(sink.name);
      if (!sink || !client) continue; // the config check reports this; such a scheme answers result 1
      const schemeLog = log.child({ scheme: name });
      const authority = new HttpBlockAuthority({
        gatewayId: config.gateway.id,
        client,
        clock,
        timers,
        retry: retryOptions(sink),
        log: schemeLog,
      });
      const leases = new BlockLeases({
        scheme: name,
        blockSize: scheme.blockSize ?? BLOCK_DEFAULTS.blockSize,
        lowWater: scheme.lowWater ?? BLOCK_DEFAULTS.lowWater,
        capacity: compileFormat(scheme.format, scheme.vars).capacity,
        authority,
        journal,
        store,
        log: schemeLog,
      });
      leases.start();
      this.leases.set(name, leases);
    }
  }

  /** Requests blocks for the keys start stations will use now and in the next period. */
  private primeLeases(clock: Clock): void {
    const { config } = this.deps;
    const timeZone = config.gateway.timeZone ?? systemTimeZone();
    for (const station of startStations(config.stations)) {
      const leases = this.leases.get(station.serial);
      const scheme = config.serials[station.serial];
      if (!leases || !scheme) continue;
      const format = compileFormat(scheme.format, scheme.vars);
      for (const at of [clock.now(), clock.now() + BLOCK_LOOKAHEAD_MS])
        leases.want(
          format.key({ date: dateParts(at, timeZone), station: station.id, gateway: config.gateway.id }),
        );
    }
  }
}
