/**
 * The sink registry: adding a sink type is one file in this folder (its config keys and how it is
 * built) plus one line here. Every type shares the outbox, cursor, batching, retry, dead letters
 * and metrics of the forwarder.
 */
import type { ConfigDeclaration } from '../../config/compose';
import type { UpstreamConfig } from '../../config/schema';
import { epcisSinkType } from './epcis';
import { httpSinkType } from './http';
import { mqttSinkType } from './mqtt';
import type { BuiltSink, SinkContext, SinkType } from './sink-type';

export type { BuiltSink, SinkContext, SinkType } from './sink-type';

/** Sink types by their config `type`, in the order the config schema lists them. */
export const sinkTypes = {
  http: httpSinkType,
  mqtt: mqttSinkType,
  epcis: epcisSinkType,
} as const;

/** What the sink types declare of the config: their variants of an `upstream` entry. */
export const sinkConfig: ConfigDeclaration = {
  variants: Object.values(sinkTypes).map((t) => t.config),
};

/** Builds the sink a config entry describes; throws TypeError for a type this build lacks. */
export function createSink(config: UpstreamConfig, ctx: SinkContext): BuiltSink {
  if (!Object.hasOwn(sinkTypes, config.type)) {
    throw new TypeError(
      `unknown sink type ${JSON.stringify(config.type)}: use ${Object.keys(sinkTypes).join(', ')}`,
    );
  }
  // The composed schema validated the entry against this type's own variant.
  const type = sinkTypes[config.type as keyof typeof sinkTypes] as SinkType<UpstreamConfig>;
  return type.create(config, ctx);
}
