/**
 * The test config builders: every test that writes a linegate config builds it here, so the
 * smallest valid config, the handshake node names and the device sections are written once.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfigText } from '../../src/config/load';
import { formatProblem } from '../../src/config/problems';
import type { Config } from '../../src/config/schema';
import { deviceFamilies } from '../../devices';

export const TEST_TOKEN = 'test-token-0123456789';

/** The label template of the demo line, as a path the config can name. */
export const UNIT_TEMPLATE = path.resolve(__dirname, '../../config/labels/unit.zpl');

/** What varies in the smallest valid config (see baseYaml). */
export interface BaseYamlOptions {
  /** gateway.id; default gw-1. */
  id?: string;
  /** gateway.dataDir; default ./data. */
  dataDir?: string;
  /** gateway.timeZone; absent by default. */
  timeZone?: string;
  /** logging.level; absent by default. */
  logLevel?: string;
  /** api.listen; absent by default. */
  listen?: string;
  /** api.token; default secret-token-1. */
  token?: string;
  /** the unit scheme's format; default "{GG}{WW}{seq:6}{check:gs1}". */
  format?: string;
  /** further serial schemes, YAML indented two spaces (each line ending in a newline). */
  schemes?: string;
  /** ST10's part number; default PN-100, null for none. */
  partNumber?: string | null;
}

/**
 * The smallest valid config: one start station ST10 on scheme `unit`, ending inside ST10's entry
 * so the caller can append its keys (four spaces) or further stations and sections. Block style,
 * one key a line, in a fixed order: config tests locate problems by its line numbers.
 */
export function baseYaml(o: BaseYamlOptions = {}): string {
  const partNumber = o.partNumber === undefined ? 'PN-100' : o.partNumber;
  return [
    'gateway:',
    `  id: ${o.id ?? 'gw-1'}`,
    `  dataDir: ${o.dataDir ?? './data'}`,
    ...(o.timeZone ? [`  timeZone: ${o.timeZone}`] : []),
    ...(o.logLevel ? ['logging:', `  level: ${o.logLevel}`] : []),
    'api:',
    ...(o.listen ? [`  listen: ${o.listen}`] : []),
    `  token: ${o.token ?? 'secret-token-1'}`,
    'serials:',
    '  unit:',
    `    format: "${o.format ?? '{GG}{WW}{seq:6}{check:gs1}'}"`,
    `${o.schemes ?? ''}stations:`,
    '  - id: ST10',
    '    kind: start',
    ...(partNumber !== null ? [`    partNumber: ${partNumber}`] : []),
    '    serial: unit',
    '',
  ].join('\n');
}

/** The YAML of a small gateway in `dir`: one API-triggered start station, API on `port` (0: a free one). */
export function gatewayYaml(dir: string, extra = '', extraSchemes = '', port = 0): string {
  return (
    baseYaml({
      id: 'gw-test',
      dataDir: path.join(dir, 'data'),
      timeZone: 'UTC',
      logLevel: 'warn',
      listen: `127.0.0.1:${port}`,
      token: TEST_TOKEN,
      format: '{YY}{seq:7}{check:gs1}',
      schemes: extraSchemes,
    }) + extra
  );
}

/** Writes the YAML to dir/linegate.yaml and returns its path. */
export function writeGatewayConfig(dir: string, extra = ''): string {
  const file = path.join(dir, 'linegate.yaml');
  writeFileSync(file, gatewayYaml(dir, extra));
  return file;
}

/** Parses `yaml` as if read from `file`; throws with every problem when it is not valid. */
export function parseConfig(yaml: string, file: string, env: Record<string, string> = {}): Config {
  const { config, problems } = loadConfigText(yaml, file, deviceFamilies, env);
  if (!config) throw new Error(problems.map(formatProblem).join('\n'));
  return config;
}

/** The parsed config (throws on problems). */
export function gatewayConfig(dir: string, extra = '', extraSchemes = ''): Config {
  return parseConfig(gatewayYaml(dir, extra, extraSchemes), path.join(dir, 'linegate.yaml'));
}

/** The handshake node ids of a station, as the contract names them on the simulated PLC. */
export function handshakeNodes(id: string): { request: string; ack: string; serial: string; result: string } {
  return {
    request: `ns=1;s=${id}.Request`,
    ack: `ns=1;s=${id}.Ack`,
    serial: `ns=1;s=${id}.Serial`,
    result: `ns=1;s=${id}.Result`,
  };
}

/** Those node ids as a YAML flow mapping. */
export function handshakeNodesYaml(id: string): string {
  const n = handshakeNodes(id);
  return `{ request: "${n.request}", ack: "${n.ack}", serial: "${n.serial}", result: "${n.result}" }`;
}

/** A flow-style device section entry per name (`  name: entry`), e.g. simulated readers. */
export function devicesYaml(names: string[], entry: (name: string) => string): string {
  return names.map((name) => `  ${name}: ${entry(name)}\n`).join('');
}

/** A simulated serial RFID module speaking `protocol` (the built-in simulator). */
export const SIMULATED_UHF = '{ connection: { type: simulator }, protocol: uhf-bb7e }';

/** A simulated device of any family (printer, scanner, reader). */
export const SIMULATED = '{ connection: { type: simulator } }';
