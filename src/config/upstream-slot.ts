/**
 * The `upstream` list: each entry is a sink, tagged by `type`. The settings every sink shares
 * (name, timeouts, TLS, batching, retry) are here; each sink type declares its own keys beside
 * them in its file under src/upstream/sinks/ (a variant of SINK_SLOT), and the registry there lists the
 * types, so a new sink is one file plus one registry line.
 */
import { Type, type Static, type TObject } from '@sinclair/typebox';
import { Millis, Name, Section, Slot, type SlotName } from './schema-kit';

/** Defaults of upstream sink settings; code given a hand-built config uses them too. */
export const SINK_DEFAULTS = {
  timeoutMs: 10_000,
  batch: { maxEvents: 500, maxBytes: 1024 * 1024, lingerMs: 200 },
  retry: { initialMs: 500, maxMs: 60_000, authRetryMs: 300_000, maxRetryAfterMs: 3_600_000 },
} as const;

const SinkTls = Section(
  {
    ca: Type.Optional(
      Type.String({ minLength: 1, 'x-path': true, description: 'PEM file of the CA(s) to trust' }),
    ),
    cert: Type.Optional(
      Type.String({ minLength: 1, 'x-path': true, description: 'PEM client certificate (mutual TLS)' }),
    ),
    key: Type.Optional(
      Type.String({ minLength: 1, 'x-path': true, description: 'PEM key of the client certificate' }),
    ),
    rejectUnauthorized: Type.Boolean({
      default: true,
      description: 'check the server certificate and host name; turn off only on a test bench',
    }),
  },
  'TLS for https:// and mqtts:// (certificate checks are on by default)',
);
const SinkBatch = Section(
  {
    maxEvents: Type.Integer({
      minimum: 1,
      maximum: 10_000,
      default: SINK_DEFAULTS.batch.maxEvents,
      description: 'events per batch at most',
    }),
    maxBytes: Type.Integer({
      minimum: 1024,
      maximum: 64 * 1024 * 1024,
      default: SINK_DEFAULTS.batch.maxBytes,
      description: 'JSON bytes per batch at most (an event larger than this is sent alone)',
    }),
    lingerMs: Millis(
      SINK_DEFAULTS.batch.lingerMs,
      'after an idle spell, wait this long for more events before sending a partial batch',
    ),
  },
  'how events are grouped into one request (HTTP) or one run of publishes (MQTT)',
);
const SinkRetry = Section(
  {
    initialMs: Type.Integer({
      minimum: 1,
      maximum: 3_600_000,
      default: SINK_DEFAULTS.retry.initialMs,
      description: 'first backoff ceiling; full jitter waits a random time between 0 and the ceiling',
    }),
    maxMs: Type.Integer({
      minimum: 1,
      maximum: 3_600_000,
      default: SINK_DEFAULTS.retry.maxMs,
      description: 'the ceiling doubles per failed attempt up to this',
    }),
    authRetryMs: Millis(
      SINK_DEFAULTS.retry.authRetryMs,
      'a sink held by 401/403 (HTTP) or a refused login (MQTT) is retried this often',
    ),
    maxRetryAfterMs: Millis(
      SINK_DEFAULTS.retry.maxRetryAfterMs,
      'a Retry-After answer is honoured up to this long',
    ),
  },
  'retry timing',
);
/** The settings every sink has, beside its own keys. */
export const SINK_COMMON = {
  name: Name,
  timeoutMs: Millis(
    SINK_DEFAULTS.timeoutMs,
    'a request (HTTP) or a connect or PUBACK (MQTT) unanswered this long is retried',
  ),
  tls: SinkTls,
  batch: SinkBatch,
  retry: SinkRetry,
};

/** The slot of an `upstream` entry, filled with the sink types' variants. */
export const SINK_SLOT: SlotName = { name: 'sink', tag: 'type', description: 'an upstream MES/ERP sink' };

/** What code outside a sink type reads of an `upstream` entry: the common settings, type and url. */
export type UpstreamRef = Static<TObject<typeof SINK_COMMON>> & {
  readonly type: string;
  readonly url: string;
  readonly [key: string]: unknown;
};

/** An `upstream` entry: one of the registered sink types. */
export const Upstream = Slot<UpstreamRef>(SINK_SLOT);

export type SinkTlsConfig = NonNullable<UpstreamRef['tls']>;
export type SinkBatchConfig = NonNullable<UpstreamRef['batch']>;
export type SinkRetryConfig = NonNullable<UpstreamRef['retry']>;
