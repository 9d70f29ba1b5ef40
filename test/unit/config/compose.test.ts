import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Type } from '@sinclair/typebox';
import { deviceFamilies } from '../../../devices';
import { GPIO_TRIGGER } from '../../../devices/gpio/config';
import { LLRP_CONNECTION } from '../../../devices/llrp/config';
import { OPCUA_TRIGGER, plcsOf } from '../../../devices/opcua/config';
import { configJsonSchema } from '../../../src/cli/config-schema';
import { composeConfig, sectionOf, variant, variantOf, type ConfigPart } from '../../../src/config/compose';
import { loadConfigText } from '../../../src/config/load';
import { formatProblem } from '../../../src/config/problems';
import type { Config } from '../../../src/config/schema';
import { TRIGGER_SLOT } from '../../../src/config/triggers';
import { Strict } from '../../../src/config/schema-kit';
import { BASE_ENV, BASE_YAML } from './base-yaml';
import { schemaKeyLines } from './schema-keys';

/** The key lines of the schema written before the families declared their own sections. */
const BEFORE = readFileSync(path.join(__dirname, 'schema-keys.txt'), 'utf8').trim().split('\n');

type Node = { properties: Record<string, Node>; oneOf?: Node[]; patternProperties?: Record<string, Node> };
const stationsOf = (schema: unknown) => (schema as Node).properties.stations as unknown as { items: Node };

describe('config: the schema composed from the device families', () => {
  it('offers the same keys, descriptions, defaults and required keys as the one schema did', () => {
    const now = schemaKeyLines(configJsonSchema(deviceFamilies));
    assert.deepEqual(
      now.filter((l) => !BEFORE.includes(l)),
      [],
      'keys or facts the composed schema has that the one schema did not',
    );
    assert.deepEqual(
      BEFORE.filter((l) => !now.includes(l)),
      [],
      'keys or facts the one schema had that the composed schema lacks',
    );
  });

  it('fills each slot with its variants in registry order, one family adding to another family section', () => {
    const schema = configJsonSchema(deviceFamilies);
    const start = stationsOf(schema).items.oneOf!.find((s) => s.properties.kind && 'serial' in s.properties)!;
    const trigger = start.properties.trigger;
    const tags = (n: Node) => n.oneOf!.map((v) => (v.properties.type as unknown as { const: string }).const);
    assert.deepEqual(tags(trigger), ['opcua-handshake', 'interval', 'gpio']);
    const reader = Object.values((schema as Node).properties.readers.patternProperties!)[0];
    assert.deepEqual(tags(reader.properties.connection), ['serial', 'simulator', 'llrp']);
    assert.doesNotMatch(JSON.stringify(schema), /x-slot/, 'no slot marker is left');
  });

  it('without families, the device sections are unknown keys and no trigger is accepted', () => {
    const yaml = `${BASE_YAML}    trigger: { type: interval }\nprinters: {}\n`;
    const problems = loadConfigText(yaml, 'line.yaml', [], BASE_ENV).problems.map(formatProblem);
    assert.ok(problems.includes('line.yaml:16:1 printers: unknown key'), problems.join('\n'));
    assert.ok(
      problems.includes(
        'line.yaml:15:14 stations[0].trigger: is not available: no device family in this build provides it',
      ),
      problems.join('\n'),
    );
    assert.equal(composeConfig([]).schema.properties.plcs, undefined);
  });

  it('a family may add a section and a trigger variant, validated and checked like the built-in ones', () => {
    const Beacon = Strict(
      { type: Type.Literal('beacon'), everyS: Type.Integer({ minimum: 1, default: 5 }) },
      'x',
    );
    const BEACON = variant(TRIGGER_SLOT, Beacon);
    const LAMPS = {
      key: 'lamps',
      schema: Type.Record(Type.String(), Type.Object({}), { default: {} }),
      devices: true,
    };
    const beacons: ConfigPart = {
      name: 'beacon',
      config: { sections: [LAMPS], variants: [BEACON] },
      checkConfig: (config) =>
        Object.keys(sectionOf(config, LAMPS)).length > 1
          ? [{ path: ['lamps'], message: 'one lamp only' }]
          : [],
    };
    const parts = [...deviceFamilies, beacons];
    const ok = loadConfigText(`${BASE_YAML}    trigger: { type: beacon }\n`, 'l.yaml', parts, BASE_ENV);
    assert.deepEqual(ok.problems, []);
    assert.deepEqual(variantOf(ok.config!.stations[0].trigger, BEACON), { type: 'beacon', everyS: 5 });
    assert.equal(variantOf(ok.config!.stations[0].trigger, OPCUA_TRIGGER), undefined);
    assert.deepEqual(ok.config!.lamps, {}, 'the section default is filled in');
    const bad = loadConfigText(
      `${BASE_YAML}lamps: { a: {}, b: {} }\nscanners: { a: { connection: { type: serial, path: /dev/x } } }\n`,
      'l.yaml',
      parts,
      BASE_ENV,
    );
    assert.deepEqual(bad.problems.map(formatProblem), [
      'l.yaml:15:8 lamps: one lamp only',
      'l.yaml:16:13 scanners.a: device name "a" is already used by lamps.a',
    ]);
  });

  it('refuses a section or a slot variant declared twice', () => {
    const twice: ConfigPart = {
      name: 'twice',
      config: { sections: [{ key: 'plcs', schema: Type.Object({}) }] },
    };
    assert.throws(() => composeConfig([...deviceFamilies, twice]), /config section plcs is declared twice/);
    const second: ConfigPart = { name: 'gpio2', config: { variants: [GPIO_TRIGGER] } };
    assert.throws(
      () => composeConfig([...deviceFamilies, second]),
      /trigger variant type: gpio is declared twice/,
    );
  });

  it('gives a family its section with its default when a hand-built config leaves it out', () => {
    const config = { stations: [] } as unknown as Config;
    assert.deepEqual(plcsOf(config), {});
    assert.equal(variantOf({ type: 'llrp', host: 'h' }, LLRP_CONNECTION)?.host, 'h');
    assert.equal(variantOf(undefined, LLRP_CONNECTION), undefined);
  });
});
