/**
 * An EPCIS document of a period from the store, for an auditor, without a repository: every
 * stored event with from <= time < to, mapped as the epcis sink maps it. Only events the store
 * still holds are exported (delivered events are pruned after store.retentionHours).
 */
import type { Config, EpcisSinkConfig } from '../../config/schema';
import type { GatewayEvent } from '../../events/event';
import { SINK_DEFAULTS } from '../../config/schema';
import { Sublevels } from '../../store/layout';
import type { Store } from '../../store/store';
import { epcisMapping } from '../sinks/epcis';
import { epcisDocument, mapEvents } from './document';

export interface ExportOptions {
  config: Config;
  store: Store;
  /** ISO times; from inclusive, to exclusive. */
  from: string;
  to: string;
  /** the epcis sink whose mapping to use; default: the only (or first) epcis sink, else the defaults. */
  sink?: string;
  now: number;
}

export interface ExportResult {
  document: Record<string, unknown>;
  /** stored events in the period. */
  events: number;
  /** of those, events with no EPCIS meaning (not in the document). */
  skipped: number;
}

/** The epcis sink settings to export with; throws TypeError for an unknown or non-epcis name. */
export function exportSink(config: Config, name?: string): EpcisSinkConfig {
  const epcis = config.upstream.filter((s): s is EpcisSinkConfig => s.type === 'epcis');
  if (name !== undefined) {
    const found = epcis.find((s) => s.name === name);
    if (!found) throw new TypeError(`no epcis sink is named ${JSON.stringify(name)}`);
    return found;
  }
  return (
    epcis[0] ?? {
      name: 'export',
      type: 'epcis',
      url: 'http://127.0.0.1/',
      timeoutMs: SINK_DEFAULTS.timeoutMs,
      identifiers: 'epc',
      companyPrefixes: [],
      namespace: 'urn:linegate:',
      stations: {},
      events: {},
    }
  );
}

/** Maps the period's events into one EPCISDocument. Throws TypeError on a bad period. */
export async function exportEpcis(opts: ExportOptions): Promise<ExportResult> {
  const from = Date.parse(opts.from);
  const to = Date.parse(opts.to);
  if (Number.isNaN(from) || Number.isNaN(to)) throw new TypeError('--from and --to must be ISO 8601 times');
  if (from >= to) throw new TypeError('--from must be before --to');
  const sink = exportSink(opts.config, opts.sink);
  const picked: GatewayEvent[] = [];
  for await (const value of opts.store.sub(Sublevels.events).values()) {
    const e = value as GatewayEvent;
    const t = Date.parse(e.time);
    if (t >= from && t < to) picked.push(e);
  }
  const { mapped, skipped } = await mapEvents(picked, epcisMapping(sink, opts));
  const id = `${opts.config.gateway.id}:${new Date(from).toISOString()}/${new Date(to).toISOString()}`;
  return {
    document: epcisDocument(mapped, { sink, now: opts.now, instanceIdentifier: id }),
    events: picked.length,
    skipped,
  };
}
