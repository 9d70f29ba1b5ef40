/** `type: http`: the events body of docs/contracts.md §5 to `POST {url}/events`. */
import type { EpcisSinkConfig, HttpSinkConfig } from '../../config/schema';
import { createHttpClient, type HttpClient } from '../http-client';
import { HttpSink } from '../http-sink';
import type { SinkType } from './sink-type';

/** The client of a sink that POSTs to its url (http, epcis). */
export function sinkHttpClient(config: HttpSinkConfig | EpcisSinkConfig): HttpClient {
  const { url, token, tls, timeoutMs } = config;
  return createHttpClient({ url, token, tls, timeoutMs });
}

export const httpSinkType: SinkType<HttpSinkConfig> = {
  create(config, { config: all, clock, log }) {
    const client = sinkHttpClient(config);
    const sink = new HttpSink({ config, gatewayId: all.gateway.id, client, clock, log });
    return { sink, client };
  },
};
