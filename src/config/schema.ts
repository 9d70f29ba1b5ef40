/**
 * The core sections of the configuration file (JSON Schema through TypeBox, validated by Ajv);
 * the device families declare theirs next to their drivers (devices/<family>/config.ts), and
 * composeConfig (compose.ts) makes the one schema of both. Every key has a description; a key's
 * default lives in its schema and nowhere else. Objects reject unknown keys.
 * `x-path: true` marks strings that are file paths, resolved relative to the config file.
 * `x-message` replaces Ajv's wording for `pattern` failures with something a user can act on.
 */
import { Type, type Static } from '@sinclair/typebox';
import { FilePath, Name, Section, Strict } from './schema-kit';
import { ResolverUrl } from '../upstream/sinks/epcis-config';
import { Upstream } from './upstream-slot';

export { SINK_DEFAULTS } from './upstream-slot';
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

/** Defaults of the store section (quota, high-water mark, retention). */
export const STORE_DEFAULTS = {
  maxBytes: 1024 * 1024 * 1024,
  maxEvents: 5_000_000,
  highWaterPercent: 90,
  retentionHours: 720,
  pruneIntervalMs: 60_000,
} as const;

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
export type { SinkTlsConfig, SinkBatchConfig, SinkRetryConfig } from './upstream-slot';
export type { HttpSinkConfig } from '../upstream/sinks/http';
export type { MqttSinkConfig } from '../upstream/sinks/mqtt';
export type { EpcisSinkConfig } from '../upstream/sinks/epcis';
export type LabelConfig = Static<typeof Label>;
export type StoreConfig = NonNullable<Config['store']>;
