/**
 * The LLRP family's part of the config: the `llrp` variant of a reader's `connection` (the
 * `readers` section itself is devices/rfid's), and what an LLRP reader would refuse at start.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import {
  variant,
  variantOf,
  type ConfigDeclaration,
  type FamilyConfigProblem,
} from '../../src/config/compose';
import type { Config } from '../../src/config/schema';
import { Strict } from '../../src/config/schema-kit';
import { READER_CONNECTION, readersOf } from '../rfid/config';

const EpcHex = Type.String({
  pattern: '^([0-9A-Fa-f]{4})+$',
  'x-message': 'must be an EPC in hex (whole 16-bit words)',
});
const LlrpConnection = Strict(
  {
    type: Type.Literal('llrp'),
    host: Type.String({ minLength: 1, description: 'reader address (simulate: address to listen on)' }),
    port: Type.Integer({
      minimum: 0,
      maximum: 65535,
      default: 5084,
      description: 'LLRP port: 5084, or 5085 with tls (0 with simulate: any free port)',
    }),
    tls: Type.Optional(
      Strict(
        {
          ca: Type.Optional(
            Type.String({ minLength: 1, 'x-path': true, description: "PEM file of the reader's CA" }),
          ),
          insecure: Type.Boolean({
            default: false,
            description: "accept any certificate (the reader's self-signed one)",
          }),
        },
        'LLRP over TLS',
      ),
    ),
    antennas: Type.Array(Type.Integer({ minimum: 1, maximum: 64 }), {
      default: [],
      description: 'antenna ports to read; empty: all',
    }),
    powerDbm: Type.Optional(
      Type.Number({ minimum: 0, maximum: 40, description: "transmit power; absent: the reader's setting" }),
    ),
    session: Type.Integer({
      minimum: 0,
      maximum: 3,
      default: 1,
      description: 'Gen2 session (0 or 1 for presence)',
    }),
    searchMode: Type.Union(
      [
        Type.Literal('dual-target'),
        Type.Literal('single-target'),
        Type.Literal('single-target-suppressed'),
        Type.Literal('reader-selected'),
      ],
      { default: 'dual-target', description: 'Gen2 inventory target behaviour' },
    ),
    tagPopulation: Type.Integer({
      minimum: 1,
      maximum: 65535,
      default: 16,
      description: 'tags expected in the field',
    }),
    vendor: Type.Union([Type.Literal('generic'), Type.Literal('impinj'), Type.Literal('zebra')], {
      default: 'generic',
      description: "impinj: search mode through Impinj's LLRP extension",
    }),
    keepaliveMs: Type.Integer({
      minimum: 100,
      maximum: 600_000,
      default: 5000,
      description: 'reader keepalive period',
    }),
    readTimeoutMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        maximum: 3_600_000,
        description: 'silence that drops the connection (default 3 x keepaliveMs)',
      }),
    ),
    simulate: Type.Optional(
      Strict(
        {
          tags: Type.Array(EpcHex, { default: [], description: 'demo: these tags pass antenna 1 in turn' }),
          everyMs: Type.Integer({
            minimum: 100,
            maximum: 3_600_000,
            default: 5000,
            description: 'demo: one tag this often',
          }),
          dwellMs: Type.Integer({
            minimum: 10,
            maximum: 3_600_000,
            default: 1500,
            description: 'demo: how long it stays',
          }),
        },
        'run a built-in simulated LLRP reader on host:port (demo, tests)',
      ),
    ),
  },
  'an LLRP fixed reader (Impinj, Zebra) on TCP',
);

/** `connection: { type: llrp }` of a reader. */
export const LLRP_CONNECTION = variant(READER_CONNECTION, LlrpConnection);
/** What the LLRP family declares of the config. */
export const llrpConfig: ConfigDeclaration = { variants: [LLRP_CONNECTION] };

/** The `llrp` connection of a reader. */
export type LlrpConnectionConfig = Static<typeof LlrpConnection>;

/** The readers of a validated config whose connection is LLRP, with it. */
export function llrpReaders(
  config: Config,
): Array<{ name: string; connection: LlrpConnectionConfig; dedupWindowMs: number }> {
  const out = [];
  for (const [name, cfg] of Object.entries(readersOf(config))) {
    const connection = variantOf(cfg.connection, LLRP_CONNECTION);
    if (connection) out.push({ name, connection, dedupWindowMs: cfg.dedupWindowMs });
  }
  return out;
}

/**
 * What an LLRP reader would refuse at start: port 0 ("any free port") without the built-in
 * simulator (it would dial port 0 for ever), and a TLS CA file it cannot read.
 */
export function checkLlrpConfig(config: Config): FamilyConfigProblem[] {
  const problems: FamilyConfigProblem[] = [];
  for (const { name, connection: c } of llrpReaders(config)) {
    const at = ['readers', name, 'connection'];
    if (c.port === 0 && !c.simulate)
      problems.push({
        path: [...at, 'port'],
        message:
          'port 0 (any free port) applies only with simulate: a reader listens on 5084, or 5085 with tls',
      });
    const ca = c.tls?.ca;
    const unreadable = ca === undefined ? undefined : fileProblem(ca);
    if (unreadable) problems.push({ path: [...at, 'tls', 'ca'], message: `${unreadable}: ${ca}` });
  }
  return problems;
}

/** Why `file` cannot be read as a file, or undefined. */
function fileProblem(file: string): string | undefined {
  try {
    if (!statSync(file).isFile()) return 'is not a file';
    accessSync(file, constants.R_OK);
    return undefined;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? 'file not found' : (code ?? (err as Error).message);
  }
}
