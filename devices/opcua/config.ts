/**
 * The OPC UA family's part of the config: the `plcs` section and the `opcua-handshake` variant of
 * a station's trigger, and the checks a PLC connection would otherwise fail at start.
 */
import { Type, type Static } from '@sinclair/typebox';
import {
  sectionOf,
  variant,
  variantOf,
  type ConfigDeclaration,
  type FamilyConfigProblem,
} from '../../src/config/compose';
import type { Config } from '../../src/config/schema';
import { TRIGGER_SLOT } from '../../src/config/triggers';
import { Strict } from '../../src/config/schema-kit';

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
    sessionTimeoutMs: Type.Optional(
      Type.Integer({
        minimum: 1000,
        maximum: 600_000,
        description:
          'session timeout asked of the PLC (default 10000): a session left by a crashed gateway holds a PLC session slot this long',
      }),
    ),
    simulate: Type.Boolean({
      default: false,
      description: 'start a built-in simulated PLC on this endpoint (demo and commissioning)',
    }),
    simulateCycleMs: Type.Integer({
      minimum: 0,
      maximum: 3_600_000,
      default: 3000,
      description: 'simulate: ms between the simulated PLC program raising requests (0: never by itself)',
    }),
    heartbeat: Type.Optional(
      Strict(
        {
          node: Type.String({ minLength: 1, description: 'Int32/UInt32 node the gateway increments' }),
          everyMs: Type.Integer({ minimum: 100, maximum: 60_000, default: 1000 }),
        },
        'a heartbeat counter the PLC can watch to know the gateway is alive',
      ),
    ),
  },
  'an OPC UA server (PLC)',
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
        reason: Type.Optional(
          Type.String({
            minLength: 1,
            description: 'String node that receives a short text on every non-zero result',
          }),
        ),
      },
      'the handshake node ids (ns=N;… or nsu=NAMESPACE-URI;…)',
    ),
    operationData: Type.Optional(
      Type.Record(Type.String(), Type.String({ minLength: 1 }), {
        description: 'name → node id, read when a cycle completes and recorded as operation.completed',
      }),
    ),
  },
  'the PLC request/ack handshake',
);

/** `plcs`: OPC UA servers by name. */
export const PLCS = { key: 'plcs', schema: Type.Record(Type.String(), Plc, { default: {} }), devices: true };
/** `trigger: { type: opcua-handshake }`. */
export const OPCUA_TRIGGER = variant(TRIGGER_SLOT, OpcuaTrigger);
/** What the OPC UA family declares of the config. */
export const opcuaConfig: ConfigDeclaration = { sections: [PLCS], variants: [OPCUA_TRIGGER] };

/** One `plcs` entry. */
export type PlcConfig = Static<typeof Plc>;
/** The `opcua-handshake` variant of a station trigger. */
export type OpcuaHandshakeTriggerConfig = Static<typeof OpcuaTrigger>;

/** The PLCs of a validated config. */
export function plcsOf(config: Config): Record<string, PlcConfig> {
  return sectionOf(config, PLCS);
}

/** The stations a PLC handshake starts, with their trigger. */
export function handshakeStations(
  config: Config,
): Array<{ id: string; trigger: OpcuaHandshakeTriggerConfig }> {
  const out: Array<{ id: string; trigger: OpcuaHandshakeTriggerConfig }> = [];
  for (const s of config.stations) {
    const trigger = variantOf(s.trigger, OPCUA_TRIGGER);
    if (trigger) out.push({ id: s.id, trigger });
  }
  return out;
}

/** Endpoints without a host, and handshakes naming a PLC not under `plcs`. */
export function checkOpcuaConfig(config: Config): FamilyConfigProblem[] {
  const problems: FamilyConfigProblem[] = [];
  const plcs = plcsOf(config);
  for (const [name, plc] of Object.entries(plcs)) {
    let host = '';
    try {
      host = new URL(plc.endpoint.replace(/^opc\.tcp:/, 'http:')).hostname;
    } catch {
      // reported below
    }
    if (host === '')
      problems.push({ path: ['plcs', name, 'endpoint'], message: 'names no host (opc.tcp://host:port)' });
  }
  const defined = Object.keys(plcs);
  (config.stations ?? []).forEach((s, i) => {
    const trigger = variantOf(s?.trigger, OPCUA_TRIGGER);
    if (!trigger || Object.hasOwn(plcs, trigger.plc)) return;
    const list = defined.length > 0 ? `defined: ${defined.join(', ')}` : 'no plcs are defined';
    problems.push({
      path: ['stations', i, 'trigger', 'plc'],
      message: `PLC "${trigger.plc}" is not defined under plcs (${list})`,
    });
  });
  return problems;
}
