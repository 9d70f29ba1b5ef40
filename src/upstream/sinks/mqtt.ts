/** `type: mqtt`: each event to `{topicPrefix}/{gatewayId}/events`, QoS 1. */
import type { MqttSinkConfig } from '../../config/schema';
import { MqttSink } from '../mqtt-sink';
import type { SinkType } from './sink-type';

export const mqttSinkType: SinkType<MqttSinkConfig> = {
  create(config, { config: all, log }) {
    return { sink: new MqttSink({ config, gatewayId: all.gateway.id, log }) };
  },
};
