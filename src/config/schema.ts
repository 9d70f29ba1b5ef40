/**
 * The one schema of the configuration file (JSON Schema through TypeBox, validated by Ajv).
 * Every key has a description; defaults live here and nowhere else. Objects reject unknown keys.
 * `x-path: true` marks strings that are file paths, resolved relative to the config file.
 * `x-message` replaces Ajv's wording for `pattern` failures with something a user can act on.
 */
import { Type, type Static, type TSchema, type TObject, type TProperties } from '@sinclair/typebox';

/** An object schema that rejects unknown keys. */
function Strict<T extends TProperties>(properties: T, description: string): TObject<T> {
  return Type.Object(properties, { additionalProperties: false, description });
}

/** A oneOf with an Ajv discriminator, so errors come only from the branch the tag selects. */
function Tagged<T extends TSchema[]>(tag: string, variants: [...T], description: string) {
  return Type.Unsafe<Static<T[number]>>({
    type: 'object',
    description,
    required: [tag],
    discriminator: { propertyName: tag },
    oneOf: variants,
  });
}

const Name = Type.String({
  pattern: '^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$',
  'x-message': 'must be 1-64 letters, digits, ".", "_" or "-", starting with a letter or digit',
});
const FilePath = Type.String({ minLength: 1, 'x-path': true });
const Millis = (def: number, description: string) =>
  Type.Integer({ minimum: 0, maximum: 86_400_000, default: def, description });

const SerialConnection = Strict(
  {
    type: Type.Literal('serial'),
    path: Type.String({ minLength: 1, description: 'device path; prefer /dev/serial/by-id/...' }),
    baudRate: Type.Integer({
      minimum: 50,
      maximum: 4_000_000,
      default: 9600,
      description: 'bits per second',
    }),
  },
  'a serial port',
);
const TcpConnection = Strict(
  {
    type: Type.Literal('tcp'),
    host: Type.String({ minLength: 1, description: 'printer address' }),
    port: Type.Integer({ minimum: 1, maximum: 65535, default: 9100, description: 'raw port (Zebra: 9100)' }),
  },
  'a raw TCP socket',
);
const UsbConnection = Strict(
  {
    type: Type.Literal('usb'),
    path: Type.String({ minLength: 1, description: 'USB printer class device, e.g. /dev/usb/lp0' }),
  },
  'a USB printer device file',
);
const SimulatorConnection = Strict(
  {
    type: Type.Literal('simulator'),
    options: Type.Optional(Type.Record(Type.String(), Type.Unknown(), { description: 'simulator settings' })),
  },
  'a built-in simulator (no hardware)',
);

const Plc = Strict(
  {
    endpoint: Type.String({
      pattern: '^opc\\.tcp://',
      'x-message': 'must be an OPC UA endpoint URL (opc.tcp://host:port)',
    }),
    securityMode: Type.Union([Type.Literal('None'), Type.Literal('Sign'), Type.Literal('SignAndEncrypt')], {
      default: 'None',
    }),
    securityPolicy: Type.Union(
      [
        Type.Literal('None'),
        Type.Literal('Basic256Sha256'),
        Type.Literal('Aes128_Sha256_RsaOaep'),
        Type.Literal('Aes256_Sha256_RsaPss'),
      ],
      { default: 'None' },
    ),
    username: Type.Optional(Type.String({ description: 'user name for UserName identity tokens' })),
    password: Type.Optional(Type.String({ description: 'password; use ${ENV} rather than plain text' })),
    publishingIntervalMs: Type.Integer({ minimum: 10, maximum: 60_000, default: 50 }),
    samplingIntervalMs: Type.Integer({ minimum: 0, maximum: 60_000, default: 0 }),
    simulate: Type.Boolean({
      default: false,
      description: 'start a built-in simulated PLC on this endpoint (demo and commissioning)',
    }),
  },
  'an OPC UA server (PLC)',
);

const Printer = Strict(
  {
    connection: Tagged('type', [TcpConnection, SerialConnection, UsbConnection], 'how to reach it'),
    statusTimeoutMs: Millis(2000, 'a ~HS query unanswered this long is a printer fault'),
    confirmTimeoutMs: Millis(15000, 'how long a label may take to print before it is a fault'),
  },
  'a Zebra (ZPL) printer',
);

const Scheme = Strict(
  {
    format: Type.String({ minLength: 1, description: 'literal text with tokens, see README' }),
    vars: Type.Record(Type.String(), Type.String(), { default: {}, description: 'values for {name} tokens' }),
    source: Type.Literal('local', {
      default: 'local',
      description: 'where numbers come from: the local durable counter',
    }),
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
  },
  'a serial number scheme',
);

const Label = Strict(
  {
    template: FilePath,
    copies: Type.Integer({ minimum: 1, maximum: 99, default: 1, description: 'labels per unit' }),
  },
  'a label template',
);

const Reader = Strict(
  {
    connection: Tagged('type', [SerialConnection, SimulatorConnection], 'how to reach it'),
    protocol: Type.Union([Type.Literal('uhf-bb7e'), Type.Literal('ascii-lines')], { default: 'ascii-lines' }),
    pattern: Type.Optional(
      Type.String({ description: 'ascii-lines: regex with named groups epc, rssi, antenna' }),
    ),
    dedupWindowMs: Millis(2000, 'reads of one tag within this window are one visit'),
  },
  'an RFID reader',
);

const Scanner = Strict(
  { connection: Tagged('type', [SerialConnection, SimulatorConnection], 'how to reach it') },
  'a barcode scanner (one scan per line)',
);

const OpcuaTrigger = Strict(
  {
    type: Type.Literal('opcua-handshake'),
    plc: Type.String({ description: 'name of a PLC under plcs' }),
    nodes: Strict(
      {
        request: Type.String({ minLength: 1 }),
        ack: Type.String({ minLength: 1 }),
        serial: Type.String({ minLength: 1 }),
        result: Type.String({ minLength: 1 }),
      },
      'the handshake node ids',
    ),
  },
  'the PLC request/ack handshake',
);
const IntervalTrigger = Strict(
  {
    type: Type.Literal('interval'),
    everyMs: Type.Integer({ minimum: 100, maximum: 86_400_000, default: 3000 }),
  },
  'a simulated trigger that starts a unit at a fixed interval (demo)',
);
const GpioTrigger = Strict(
  {
    type: Type.Literal('gpio'),
    pin: Type.Integer({ minimum: 0, maximum: 4096, description: 'GPIO line number (see README)' }),
    edge: Type.Union([Type.Literal('rising'), Type.Literal('falling')], { default: 'rising' }),
    debounceMs: Millis(20, 'ignore edges closer than this'),
  },
  'a GPIO input such as a photo-eye',
);
const Trigger = Tagged('type', [OpcuaTrigger, IntervalTrigger, GpioTrigger], 'what starts a cycle');

const ReaderRef = Strict({ reader: Type.String() }, 'identify by the carrier tag an RFID reader sees');
const ScannerRef = Strict({ scanner: Type.String() }, 'a barcode scanner');
const Identify = Type.Union([ReaderRef, ScannerRef], { description: 'how the unit at the station is known' });

const StationBase = {
  id: Name,
  workOrder: Type.Optional(Type.String({ minLength: 1, description: 'active work order' })),
  trigger: Type.Optional(Trigger),
};
const StartStation = Strict(
  {
    ...StationBase,
    kind: Type.Literal('start'),
    partNumber: Type.Optional(Type.String({ minLength: 1, description: 'active part number' })),
    serial: Type.String({ description: 'name of a scheme under serials' }),
    label: Type.Optional(Type.String({ description: 'name of a template under labels' })),
    printer: Type.Optional(Type.String({ description: 'name of a printer under printers' })),
    carrier: Type.Optional(
      Strict(
        { reader: Type.String(), windowMs: Millis(5000, 'a tag read this long before the start is bound') },
        'bind the carrier tag to the new unit',
      ),
    ),
  },
  'a start station: assigns a serial to each new unit',
);
const AssemblyStation = Strict(
  { ...StationBase, kind: Type.Literal('assembly'), identify: Identify, consume: Type.Optional(ScannerRef) },
  'an assembly station: components consumed into the identified unit',
);
const TestStation = Strict(
  { ...StationBase, kind: Type.Literal('test'), identify: Identify },
  'a test station: operation results for the identified unit',
);
const EndStation = Strict(
  { ...StationBase, kind: Type.Literal('end'), identify: Identify },
  'an end station: completes the unit and releases its carrier',
);
const Station = Tagged('kind', [StartStation, AssemblyStation, TestStation, EndStation], 'a station');

const Upstream = Tagged(
  'type',
  [
    Strict(
      {
        name: Name,
        type: Type.Literal('http'),
        url: Type.String({ pattern: '^https?://', 'x-message': 'must be an http:// or https:// URL' }),
        token: Type.Optional(Type.String({ description: 'bearer token; use ${ENV}' })),
        timeoutMs: Millis(10000, 'a request unanswered this long is retried'),
      },
      'an HTTP sink',
    ),
    Strict(
      {
        name: Name,
        type: Type.Literal('mqtt'),
        url: Type.String({
          pattern: '^(mqtts?|wss?|tcp)://',
          'x-message': 'must be an mqtt:// or mqtts:// URL',
        }),
        topicPrefix: Type.String({ default: 'linegate' }),
        username: Type.Optional(Type.String()),
        password: Type.Optional(Type.String()),
      },
      'an MQTT sink',
    ),
  ],
  'an upstream MES/ERP sink',
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
    plcs: Type.Record(Type.String(), Plc, { default: {} }),
    printers: Type.Record(Type.String(), Printer, { default: {} }),
    serials: Type.Record(Type.String(), Scheme, { description: 'serial number schemes by name' }),
    labels: Type.Record(Type.String(), Label, { default: {} }),
    readers: Type.Record(Type.String(), Reader, { default: {} }),
    scanners: Type.Record(Type.String(), Scanner, { default: {} }),
    stations: Type.Array(Station, { minItems: 1 }),
    upstream: Type.Array(Upstream, { default: [] }),
  },
  'a linegate configuration',
);

export type Config = Static<typeof ConfigSchema>;
export type StationConfig = Config['stations'][number];
export type StartStationConfig = Static<typeof StartStation>;
export type SchemeConfig = Static<typeof Scheme>;
export type PlcConfig = Static<typeof Plc>;
export type PrinterConfig = Static<typeof Printer>;
export type ReaderConfig = Static<typeof Reader>;
export type ScannerConfig = Static<typeof Scanner>;
export type TriggerConfig = Static<typeof Trigger>;
export type UpstreamConfig = Config['upstream'][number];
export type LabelConfig = Static<typeof Label>;
