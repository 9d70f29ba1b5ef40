/** `type: mqtt`: each event to `{topicPrefix}/{gatewayId}/events`, QoS 1. */
import { Type, type Static } from '@sinclair/typebox';
import { Strict, variant } from '../../config/schema-kit';
import { SINK_COMMON, SINK_SLOT } from '../../config/upstream-slot';
import { MqttSink } from '../mqtt-sink';
import type { SinkType } from './sink-type';

/** The keys of an `mqtt` entry under `upstream`. */
export const MQTT_SINK = variant(
  SINK_SLOT,
  Strict(
    {
      ...SINK_COMMON,
      type: Type.Literal('mqtt'),
      url: Type.String({
        pattern: '^(mqtts?|wss?|tcp)://',
        'x-message': 'must be an mqtt:// or mqtts:// URL',
      }),
      topicPrefix: Type.String({ default: 'linegate' }),
      username: Type.Optional(Type.String()),
      password: Type.Optional(Type.String({ description: 'use ${ENV}' })),
      clientId: Type.Optional(
        Type.String({ minLength: 1, description: 'MQTT client id; default linegate-{gatewayId}-{name}' }),
      ),
    },
    'an MQTT sink',
  ),
);
/** An `mqtt` sink's settings. */
export type MqttSinkConfig = Static<typeof MQTT_SINK.schema>;

/** The `mqtt` sink type. */
export const mqttSinkType: SinkType<MqttSinkConfig> = {
  config: MQTT_SINK,
  create(config, { config: all, log }) {
    return { sink: new MqttSink({ config, gatewayId: all.gateway.id, log }) };
  },
};
