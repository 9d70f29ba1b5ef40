/**
 * The core sections of the configuration file (JSON Schema through TypeBox, validated by Ajv);
 * the device families declare theirs next to their drivers (devices/<family>/config.ts), and
 * composeConfig (compose.ts) makes the one schema of both. Every key has a description; a key's
 * default lives in its schema and nowhere else. Objects reject unknown keys.
 * `x-path: true` marks strings that are file paths, resolved relative to the config file.
 * `x-message` replaces Ajv's wording for `pattern` failures with something a user can act on.
 */
import { Type, type Static } from '@sinclair/typebox';
import { FilePath, Millis, Name, Section, Strict, Tagged } from './schema-kit';
import { EPCIS_SINK_PROPERTIES, ResolverUrl } from '../upstream/sinks/epcis-config';
import { Station } from '../stations/kinds';

/** Defaults of block leasing (schemes with source: upstream); code given a hand-built config uses them too. */
export const BLOCK_DEFAULTS = { blockSize: 1000, lowWater: 200 } as const;

const Scheme = Strict(
  {
    format: Type.String({ minLength: 1, description: 'literal text with tokens, see README' }),
    vars: Type.Record(Type.String(), Type.String(), { default: {}, description: 'values for {name} tokens' }),
    source: Type.Union([Type.Literal('local'), Type.Literal('upstream')], {
      default: 'local',
      description:
        'where numbers come from: local (the durable counter) or upstream (blocks leased from the authority, docs/contracts.md §5)',
    }),
    upstream: Type.Optional(
      Type.String({
        description:
          'source: upstream: name of the http sink that leases blocks (default: the only http sink)',
      }),
    ),
    blockSize: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: 1_000_000,
        default: BLOCK_DEFAULTS.blockSize,
        description: 'source: upstream: numbers asked for in each block lease',
      }),
    ),
    lowWater: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 1_000_000,
        default: BLOCK_DEFAULTS.lowWater,
        description: 'source: upstream: the next block is requested when fewer numbers than this remain',
      }),
    ),
    alarmPercent: Type.Integer({
      minimum: 1,
      maximum: 100,
      default: 80,
      description: 'capacity alarm level',
    }),
    gtin: Type.Optional(
      Type.String({
        pattern: '^[0-9]{14}$',
        'x-message': 'must be a 14-digit GTIN',
        description: 'for GS1 labels',
      }),
    ),
    companyPrefixDigits: Type.Optional(
      Type.Integer({ minimum: 6, maximum: 12, description: 'GS1 company prefix length (SGTIN-96)' }),
    ),
    resolver: Type.Optional(ResolverUrl('GS1 Digital Link host for {{digitalLink}} and EPCIS (needs gtin)')),
  },
  'a serial number scheme',
);

const Label = Strict(
  {
    template: FilePath,
    copies: Type.Integer({ minimum: 1, maximum: 99, default: 1, description: 'labels per unit' }),
    rfid: Type.Optional(
      Strict(
        {
          epc: Type.Literal('sgtin96', {
            description:
              "the EPC to encode: the unit's SGTIN-96 from its scheme's gtin and companyPrefixDigits",
          }),
        },
        'an RFID label: encode the EPC, read it back, confirm only on a match (one copy)',
      ),
    ),
  },
  'a label template',
);

/** Defaults of upstream sink settings; code given a hand-built config uses them too. */
export const SINK_DEFAULTS = {
  timeoutMs: 10_000,
  batch: { maxEvents: 500, maxBytes: 1024 * 1024, lingerMs: 200 },
  retry: { initialMs: 500, maxMs: 60_000, authRetryMs: 300_000, maxRetryAfterMs: 3_600_000 },
} as const;

/** Defaults of the store section (quota, high-water mark, retention). */
export const STORE_DEFAULTS = {
  maxBytes: 1024 * 1024 * 1024,
  maxEvents: 5_000_000,
  highWaterPercent: 90,
  retentionHours: 720,
  pruneIntervalMs: 60_000,
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
const sinkCommon = {
  name: Name,
  timeoutMs: Millis(
    SINK_DEFAULTS.timeoutMs,
    'a request (HTTP) or a connect or PUBACK (MQTT) unanswered this long is retried',
  ),
  tls: SinkTls,
  batch: SinkBatch,
  retry: SinkRetry,
};

const Upstream = Tagged(
  'type',
  [
    Strict(
      {
        ...sinkCommon,
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
    Strict(
      {
        ...sinkCommon,
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
    Strict({ ...sinkCommon, ...EPCIS_SINK_PROPERTIES }, 'an EPCIS 2.0 capture sink (GS1 JSON-LD)'),
  ],
  'an upstream MES/ERP sink',
);

const StoreSection = Section(
  {
    maxBytes: Type.Integer({
      minimum: 1024 * 1024,
      default: STORE_DEFAULTS.maxBytes,
      description: 'quota: JSON bytes of stored events at most',
    }),
    maxEvents: Type.Integer({
      minimum: 100,
      default: STORE_DEFAULTS.maxEvents,
      description: 'quota: stored events at most',
    }),
    highWaterPercent: Type.Integer({
      minimum: 1,
      maximum: 100,
      default: STORE_DEFAULTS.highWaterPercent,
      description: 'when undelivered events take this share of a quota, starts answer result 3 (store full)',
    }),
    retentionHours: Type.Number({
      minimum: 0,
      maximum: 87_600,
      default: STORE_DEFAULTS.retentionHours,
      description: 'events delivered to every sink are kept this long for local trace queries, then pruned',
    }),
    pruneIntervalMs: Type.Integer({
      minimum: 1000,
      maximum: 86_400_000,
      default: STORE_DEFAULTS.pruneIntervalMs,
      description: 'how often delivered events past retention are pruned',
    }),
  },
  'the event store: quota, high-water mark and retention',
);

export const ConfigSchema = Strict(
  {
    version: Type.Optional(
      Type.Integer({ description: 'config format version; absent means the current one' }),
    ),
    gateway: Strict(
      {
        id: Name,
        dataDir: FilePath,
        timeZone: Type.Optional(
          Type.String({ description: 'IANA zone for date codes; default: the system zone' }),
        ),
      },
      'this gateway',
    ),
    logging: Type.Optional(
      Strict(
        {
          level: Type.Union(
            [
              Type.Literal('fatal'),
              Type.Literal('error'),
              Type.Literal('warn'),
              Type.Literal('info'),
              Type.Literal('debug'),
              Type.Literal('trace'),
              Type.Literal('silent'),
            ],
            { default: 'info', description: 'log level; LINEGATE_LOG_LEVEL overrides it' },
          ),
        },
        'log output',
      ),
    ),
    api: Strict(
      {
        listen: Type.String({
          pattern: '^(\\[[0-9a-fA-F:]+\\]|[A-Za-z0-9.-]+):[0-9]{1,5}$',
          'x-message': 'must be host:port, e.g. 127.0.0.1:8080',
          default: '127.0.0.1:8080',
        }),
        token: Type.String({ minLength: 8, description: 'bearer token for mutating endpoints; use ${ENV}' }),
      },
      'the local API',
    ),
    serials: Type.Record(Type.String(), Scheme, { description: 'serial number schemes by name' }),
    labels: Type.Record(Type.String(), Label, { default: {} }),
    stations: Type.Array(Station, { minItems: 1 }),
    upstream: Type.Array(Upstream, { default: [] }),
    store: StoreSection,
  },
  'a linegate configuration',
);

/**
 * What the core reads of the sections the device families declare (composeConfig adds them to the
 * schema): device names for references, and a printer's onPrintUnknown. Each family reads its own
 * sections with their precise types (sectionOf).
 */
export interface DeviceSections {
  printers: Record<string, PrinterRef>;
  readers: Record<string, object>;
  scanners: Record<string, object>;
  readonly [section: string]: unknown;
}
/** What the core reads of a printer entry. */
export interface PrinterRef {
  onPrintUnknown: 'hold' | 'reprint';
}

/** The core sections of the config, before the families' sections are composed in. */
export type CoreConfig = Static<typeof ConfigSchema>;
/** A validated config: the core sections, and the device sections as the core sees them. */
export type Config = CoreConfig & DeviceSections;
export type StationConfig = Config['stations'][number];
export type { StartStationConfig } from '../stations/kinds';
export type SchemeConfig = Static<typeof Scheme>;
export type UpstreamConfig = Config['upstream'][number];
export type LabelConfig = Static<typeof Label>;
export type StoreConfig = NonNullable<Config['store']>;
export type SinkTlsConfig = NonNullable<UpstreamConfig['tls']>;
export type SinkBatchConfig = NonNullable<UpstreamConfig['batch']>;
export type SinkRetryConfig = NonNullable<UpstreamConfig['retry']>;
export type HttpSinkConfig = Extract<UpstreamConfig, { type: 'http' }>;
export type MqttSinkConfig = Extract<UpstreamConfig, { type: 'mqtt' }>;
export type EpcisSinkConfig = Extract<UpstreamConfig, { type: 'epcis' }>;
