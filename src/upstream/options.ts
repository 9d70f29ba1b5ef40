/**
 * Sink and store settings with every default filled in, for configs built by hand (tests,
 * benchmarks) as well as validated ones; the defaults themselves live in the config schema.
 */
import {
  SINK_DEFAULTS,
  STORE_DEFAULTS,
  type Config,
  type SinkBatchConfig,
  type SinkRetryConfig,
  type StoreConfig,
  type UpstreamConfig,
} from '../config/schema';

/** A sink's batch limits with defaults. */
export function batchOptions(sink: UpstreamConfig): Required<SinkBatchConfig> {
  return { ...SINK_DEFAULTS.batch, ...sink.batch };
}

/** A sink's retry timing with defaults. */
export function retryOptions(sink: UpstreamConfig): Required<SinkRetryConfig> {
  return { ...SINK_DEFAULTS.retry, ...sink.retry };
}

/** The store section with defaults. */
export function storeOptions(config: Pick<Config, 'store'>): Required<StoreConfig> {
  return { ...STORE_DEFAULTS, ...config.store };
}
