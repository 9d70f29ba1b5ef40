/**
 * The sink registry: adding a sink type is one file in this folder plus one line here (and its
 * config section beside the others under `upstream` in the config schema). Every type shares the
 * outbox, cursor, batching, retry, dead letters and metrics of the forwarder.
 */
import type { UpstreamConfig } from '../../config/schema';
import { epcisSinkType } from './epcis';
import { httpSinkType } from './http';
import { mqttSinkType } from './mqtt';
import type { BuiltSink, SinkContext, SinkType } from './sink-type';

export type { BuiltSink, SinkContext, SinkType } from './sink-type';

type Types = { [K in UpstreamConfig['type']]: SinkType<Extract<UpstreamConfig, { type: K }>> };

/** Sink types by their config `type`. */
export const sinkTypes: Types = {
  http: httpSinkType,
  mqtt: mqttSinkType,
  epcis: epcisSinkType,
};

/** Builds the sink a config entry describes; throws TypeError for a type this build lacks. */
export function createSink(config: UpstreamConfig, ctx: SinkContext): BuiltSink {
  if (!Object.hasOwn(sinkTypes, config.type)) {
    throw new TypeError(
      `unknown sink type ${JSON.stringify(config.type)}: use ${Object.keys(sinkTypes).join(', ')}`,
    );
  }
  const type = sinkTypes[config.type] as SinkType<UpstreamConfig>;
  return type.create(config, ctx);
}
