/**
 * The gateway's parts as one ordered list. Starting builds every part in order (opening nothing
 * slow, so the API, built last of them, answers /healthz 503 "starting"), then opens them in the
 * same order; stopping goes through the list in reverse and never throws.
 */
import type { Config } from './config/schema';
import type { Clock, Logger } from './ports';
import { ReleaseCheck } from './release/check';
import { HoldBook } from './release/holds';
import { ReleaseService } from './release/service';
import { logIntegrity } from './store/health';
import { Journal } from './store/journal';
import { Sublevels } from './store/layout';
import { openStore, type Store } from './store/store';

/** One part of the gateway. */
export interface GatewayPart {
  name: string;
  /** builds the part from the config, opening nothing slow (no device session, no port). */
  build?(): Promise<void>;
  /** opens it: connects, subscribes, starts serving. */
  start?(): Promise<void>;
  /** stops whatever of it was built; `deadlineMs` bounds waiting for work in flight. */
  stop?(deadlineMs: number): Promise<void>;
}

/** Builds every part in order, then starts every part in order; throws the first failure. */
export async function startParts(parts: readonly GatewayPart[]): Promise<void> {
  for (const part of parts) await part.build?.();
  for (const part of parts) await part.start?.();
}

/** Stops every part in reverse order, logging (not throwing) what fails. */
export async function stopParts(
  parts: readonly GatewayPart[],
  deadlineMs: number,
  log: Logger,
): Promise<void> {
  for (const part of [...parts].reverse())
    await quietly(log, part.name, () => part.stop?.(deadlineMs) ?? Promise.resolve());
}

/** Runs `fn`, logging a failure as `stop: <what> failed` instead of throwing it. */
export async function quietly(log: Logger, what: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (err) {
    log.warn({ err }, `stop: ${what} failed`);
  }
}

/** The gateway's records: the store, its journal, the holds in force and the process release. */
export interface Records {
  store: Store;
  journal: Journal;
  holds: HoldBook;
  release: { check: ReleaseCheck; service: ReleaseService };
}

/** Opens the store (logging its integrity), its journal and the holds; builds the process release. */
export async function openRecords(config: Config, clock: Clock, log: Logger): Promise<Records> {
  const store = await openStore(config.gateway.dataDir);
  logIntegrity(store.mark, log.child({ module: 'store' }));
  const journal = new Journal(store, { gatewayId: config.gateway.id, clock });
  const holds = new HoldBook(journal);
  await holds.load(store.sub(Sublevels.holds).iterator());
  const check = new ReleaseCheck({ holds, clock });
  const service = new ReleaseService({ store, journal, check, stations: config.stations });
  return { store, journal, holds, release: { check, service } };
}

/** `host:port` (host may be a bracketed IPv6 address) as [host, port]. */
export function splitListen(listen: string): [string, string] {
  const i = listen.lastIndexOf(':');
  return [listen.slice(0, i).replace(/^\[|\]$/g, ''), listen.slice(i + 1)];
}
