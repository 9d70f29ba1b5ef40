/** `type: http`: the events body of docs/contracts.md §5 to `POST {url}/events`. */
import { Type, type Static } from '@sinclair/typebox';
import { Strict, variant } from '../../config/schema-kit';
import { SINK_COMMON, SINK_SLOT } from '../../config/upstream-slot';
import { createHttpClient, type HttpClient } from '../http-client';
import { HttpSink } from '../http-sink';
import type { SinkType } from './sink-type';
import type { EpcisSinkConfig } from './epcis';

/** The keys of an `http` entry under `upstream`. */
export const HTTP_SINK = variant(
  SINK_SLOT,
  Strict(
    {
      ...SINK_COMMON,
      type: Type.Literal('http'),
      url: Type.String({ pattern: '^https?://', 'x-message': 'must be an http:// or https:// URL' }),
      token: Type.Optional(Type.String({ description: 'bearer token; use ${ENV}' })),
      simulate: Type.Optional(
        Type.Boolean({
          default: false,
          description:
            'start the built-in local receiver on this URL (demo): it dedupes by event id and appends to a JSONL file in gateway.dataDir',
        }),
      ),
    },
    'an HTTP sink',
  ),
);
/** An `http` sink's settings. */
export type HttpSinkConfig = Static<typeof HTTP_SINK.schema>;

/** The client of a sink that POSTs to its url (http, epcis). */
export function sinkHttpClient(config: HttpSinkConfig | EpcisSinkConfig): HttpClient {
  const { url, token, tls, timeoutMs } = config;
  return createHttpClient({ url, token, tls, timeoutMs });
}

/** The `http` sink type. */
export const httpSinkType: SinkType<HttpSinkConfig> = {
  config: HTTP_SINK,
  create(config, { config: all, clock, log }) {
    const client = sinkHttpClient(config);
    const sink = new HttpSink({ config, gatewayId: all.gateway.id, client, clock, log });
    return { sink, client };
  },
};
