import assert from 'node:assert/strict';
import { configJsonSchema } from '../../../src/cli/config-schema';
import { loadConfigText } from '../../../src/config/load';
import { formatProblem } from '../../../src/config/problems';
import { beginsUnits, kindOf, stationKinds, startStations, Station } from '../../../src/stations/kinds';
import { BASE_ENV, BASE_YAML } from '../config/base-yaml';
import { deviceFamilies } from '../../../devices';

type Branch = { properties: { kind: { const: string } } };

/** The kind literal of each branch of a `stations[]` entry schema. */
function branchKinds(schema: unknown): string[] {
  const entry = schema as { discriminator: { propertyName: string }; oneOf: Branch[] };
  assert.equal(entry.discriminator.propertyName, 'kind');
  return entry.oneOf.map((b) => b.properties.kind.const);
}

describe('station kinds: the registry', () => {
  const registered = Object.keys(stationKinds);

  it('names each kind by its schema literal', () => {
    assert.deepEqual(registered, ['start', 'assembly', 'test', 'end']);
    for (const [name, kind] of Object.entries(stationKinds))
      assert.equal((kind.schema as unknown as Branch).properties.kind.const, name);
  });

  it('composes the stations[] schema and `linegate config schema` from every registered kind', () => {
    assert.deepEqual(branchKinds(Station), registered);
    const written = configJsonSchema(deviceFamilies) as { properties: { stations: { items: unknown } } };
    assert.deepEqual(branchKinds(written.properties.stations.items), registered);
  });

  it('knows which kinds begin units, and nothing of an unknown kind', () => {
    assert.deepEqual(
      registered.filter((k) => beginsUnits(k)),
      ['start'],
    );
    assert.equal(kindOf('rework'), undefined);
    assert.equal(kindOf('toString'), undefined);
    assert.equal(beginsUnits('constructor'), false);
    const stations = [
      { id: 'A', kind: 'start', serial: 'unit' },
      { id: 'B', kind: 'end', identify: { reader: 'r' } },
    ] as Parameters<typeof startStations>[0];
    assert.deepEqual(
      startStations(stations).map((s) => s.id),
      ['A'],
    );
  });

  it('runs each kind its own config checks, located at its station', () => {
    const yaml = `${BASE_YAML}  - id: ST20
    kind: assembly
    identify: { scanner: sc1 }
    consume: { scanner: sc2 }
  - id: ST30
    kind: test
    identify: { reader: rd1 }
    requires: [{ station: ST99 }]
  - id: ST40
    kind: end
    identify: { reader: rd2 }
  - id: ST50
    kind: start
    serial: nope
`;
    const found = loadConfigText(yaml, 'line.yaml', deviceFamilies, BASE_ENV).problems.map(formatProblem);
    const expect = [
      /stations\[1\]\.identify\.scanner: scanner "sc1" is not defined under scanners/,
      /stations\[1\]\.consume\.scanner: scanner "sc2" is not defined under scanners/,
      /stations\[2\]\.identify\.reader: reader "rd1" is not defined under readers/,
      /stations\[2\]\.requires\[0\]\.station: no station has id "ST99"/,
      /stations\[3\]\.identify\.reader: reader "rd2" is not defined under readers/,
      /stations\[4\]\.serial: serial scheme "nope" is not defined under serials/,
    ];
    for (const re of expect)
      assert.ok(
        found.some((p) => re.test(p)),
        `${re} in:\n${found.join('\n')}`,
      );
    assert.equal(found.length, expect.length, found.join('\n'));
  });

  it('refuses a kind that is not registered, naming the registered ones', () => {
    const yaml = `${BASE_YAML}  - id: ST20
    kind: rework
    identify: { reader: rd1 }
`;
    const found = loadConfigText(yaml, 'line.yaml', deviceFamilies, BASE_ENV).problems.map(formatProblem);
    assert.equal(found.length, 1, found.join('\n'));
    assert.match(found[0], /stations\[1\]\.kind/);
    for (const kind of registered) assert.match(found[0], new RegExp(kind));
  });
});
