/**
 * Operator actions on the outbox (status, dead letters, retry, discard), the same whether the
 * gateway is running (through its local API) or stopped (the CLI opens the store itself).
 */
import type { Config } from '../config/schema';
import { LinegateError } from '../errors';
import type { GatewayEvent } from '../events/event';
import type { Clock } from '../ports';
import type { Journal } from '../store/journal';
import { seqKey, Sublevels } from '../store/layout';
import type { Store } from '../store/store';
import { discardDeadLetters, listDeadLetters, markForRetry, type DeadLetterSelection } from './dead-letters';
import { Ledger } from './ledger';
import { storeOptions } from './options';
import type { DeadLetter, UpstreamStats } from './types';

/** One sink in a status answer. */
export interface SinkStatus {
  name: string;
  type: Config['upstream'][number]['type'];
  cursor: number;
  depth: number;
  /** dead letters waiting (dead or queued for retry). */
  deadLetters: number;
  /** health text when the gateway is running. */
  state?: string;
}

/** What `linegate outbox status` shows. */
export interface OutboxStatus {
  gatewayId: string;
  /** true when a running gateway answered. */
  running: boolean;
  firstSeq: number;
  lastSeq: number;
  storedEvents: number;
  storedBytes: number;
  quota: { maxEvents: number; maxBytes: number; highWaterPercent: number; retentionHours: number };
  sinks: SinkStatus[];
  /** live figures when the gateway is running. */
  stats?: UpstreamStats;
}

/** Operator actions; mutations resolve with the dead letters they changed. */
export interface OutboxAdmin {
  status(): Promise<OutboxStatus>;
  /** dead letters waiting, or with `all` also discarded ones, in sink and seq order. */
  deadLetters(filter: { sink?: string; all?: boolean }): Promise<DeadLetter[]>;
  retry(sel: DeadLetterSelection): Promise<DeadLetter[]>;
  discard(sel: DeadLetterSelection, reason: string, by: string): Promise<DeadLetter[]>;
  /**
   * Stored events from seq `from` on, at most `limit` (1-10000), in seq order: what a receiver
   * that found a gap in a gateway's seqs reads back (events are kept for store.retentionHours).
   */
  events(from: number, limit: number): Promise<GatewayEvent[]>;
}

/** The running upstream part, when there is one. */
export interface LiveOutbox {
  stats(): UpstreamStats;
  health(): Record<string, { ok: boolean; state: string }>;
  /** a sink's dead letters changed. */
  deadLettersChanged(sink: string): void;
  readonly ledger: Ledger;
}

export interface LocalAdminOptions {
  config: Config;
  store: Store;
  journal: Journal;
  clock: Clock;
  live?: LiveOutbox;
}

/** Outbox actions on an open store. */
export function createLocalAdmin(opts: LocalAdminOptions): OutboxAdmin {
  const { config, store, journal, clock, live } = opts;
  const sinks = config.upstream ?? [];
  const check = (sink: string | undefined) => {
    if (sink !== undefined && !sinks.some((s) => s.name === sink)) {
      const names = sinks.map((s) => s.name).join(', ') || 'none';
      throw new LinegateError('SINK_UNKNOWN', `no upstream sink is named "${sink}" (configured: ${names})`);
    }
  };
  const changed = (letters: DeadLetter[]) => {
    for (const name of new Set(letters.map((d) => d.sink))) live?.deadLettersChanged(name);
    return letters;
  };
  return {
    async status() {
      const ledger = live?.ledger ?? (await Ledger.load(store));
      const health = live?.health() ?? {};
      const rows: SinkStatus[] = [];
      for (const sink of sinks) {
        const cursor = Math.max(
          ((await store.sub(Sublevels.cursors).get(sink.name)) as number | undefined) ?? 0,
          ledger.firstSeq - 1,
        );
        const waiting = await listDeadLetters(store, { sink: sink.name, states: ['dead', 'retry'] });
        rows.push({
          name: sink.name,
          type: sink.type,
          cursor,
          depth: Math.max(0, ledger.lastSeq - cursor),
          deadLetters: waiting.length,
          ...(health[`upstream:${sink.name}`] && { state: health[`upstream:${sink.name}`].state }),
        });
      }
      const q = storeOptions(config);
      return {
        gatewayId: config.gateway.id,
        running: live !== undefined,
        firstSeq: ledger.firstSeq,
        lastSeq: ledger.lastSeq,
        storedEvents: Math.max(0, ledger.count),
        storedBytes: ledger.totalBytes,
        quota: {
          maxEvents: q.maxEvents,
          maxBytes: q.maxBytes,
          highWaterPercent: q.highWaterPercent,
          retentionHours: q.retentionHours,
        },
        sinks: rows,
        ...(live && { stats: live.stats() }),
      };
    },
    async events(from, limit) {
      if (!Number.isSafeInteger(from) || from < 1) throw new TypeError('from must be a seq (1 or more)');
      if (!Number.isSafeInteger(limit) || limit < 1 || limit > 10_000)
        throw new TypeError('limit must be 1-10000');
      const values = store.sub(Sublevels.events).values({ gte: seqKey(from), limit });
      return (await values.all()) as GatewayEvent[];
    },
    async deadLetters(filter) {
      check(filter.sink);
      return listDeadLetters(store, { sink: filter.sink, ...(!filter.all && { states: ['dead', 'retry'] }) });
    },
    async retry(sel) {
      check(sel.sink);
      return changed(await markForRetry(store, journal, sel));
    },
    async discard(sel, reason, by) {
      check(sel.sink);
      if (reason.trim() === '') throw new TypeError('a discard needs a reason');
      const at = new Date(clock.now()).toISOString();
      return changed(await discardDeadLetters(store, journal, sel, reason, by, at));
    },
  };
}
