/** What a sink type provides to the registry, and what it gets to build a sink. */
import type { Config } from '../../config/schema';
import type { ConfigVariant } from '../../config/schema-kit';
import type { Clock, Logger } from '../../ports';
import type { Store } from '../../store/store';
import type { HttpClient } from '../http-client';
import type { Sink } from '../types';

/** Everything a sink may need besides its own config entry. */
export interface SinkContext {
  /** the whole validated config (EPCIS reads serial schemes and the time zone). */
  config: Config;
  store: Store;
  clock: Clock;
  /** the sink's logger (child with its name). */
  log: Logger;
}

/** A built sink; `client` is an HTTP client the upstream part closes at stop and may lease blocks through. */
export interface BuiltSink {
  sink: Sink;
  client?: HttpClient;
}

/** One sink type. */
export interface SinkType<C> {
  /** Its keys under `upstream` (sinkVariant), composed into the config schema. */
  readonly config: ConfigVariant;
  /** Builds the sink (nothing connects until the first delivery); throws TypeError on bad settings. */
  create(config: C, ctx: SinkContext): BuiltSink;
}
