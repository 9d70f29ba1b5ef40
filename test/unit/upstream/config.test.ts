import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfigText } from '../../../src/config/load';
import { formatProblem } from '../../../src/config/problems';
import { tempDir } from '../../helpers/tmp';
import { deviceFamilies } from '../../../devices';
import { baseYaml } from '../../helpers/gateway-config';

const BASE = baseYaml();

describe('config: upstream, store and upstream serial schemes', () => {
  let tmp: ReturnType<typeof tempDir>;
  before(() => {
    tmp = tempDir();
    for (const f of ['ca.pem', 'client.pem', 'client.key']) writeFileSync(path.join(tmp.dir, f), 'x');
  });
  after(() => tmp.cleanup());

  const load = (yaml: string, env: Record<string, string> = {}) =>
    loadConfigText(yaml, path.join(tmp.dir, 'line.yaml'), deviceFamilies, env);
  const problems = (yaml: string) =>
    load(yaml)
      .problems.map(formatProblem)
      .map((p) => p.replace(/^.*?:\d+:\d+ /, ''));

  it('accepts the contract example and fills every default', () => {
    const { config, problems: found } = load(`${BASE}upstream:
  - name: mes
    type: http
    url: http://127.0.0.1:9200/linegate
`);
    assert.deepEqual(found, []);
    const sink = config!.upstream[0];
    assert.deepEqual(sink.batch, { maxEvents: 500, maxBytes: 1048576, lingerMs: 200 });
    assert.deepEqual(sink.retry, {
      initialMs: 500,
      maxMs: 60000,
      authRetryMs: 300000,
      maxRetryAfterMs: 3600000,
    });
    assert.deepEqual(sink.tls, { rejectUnauthorized: true }, 'certificate checks on by default');
    assert.equal(sink.timeoutMs, 10000);
    assert.deepEqual(config!.store, {
      maxBytes: 1073741824,
      maxEvents: 5000000,
      highWaterPercent: 90,
      retentionHours: 720,
      pruneIntervalMs: 60000,
    });
    assert.deepEqual(config!.serials.unit.source, 'local');
  });

  it('accepts TLS, MQTT, a store section and an upstream scheme, with the token from the environment', () => {
    const { config, problems: found } = load(
      `${BASE.replace(
        'serials:\n',
        `serials:
  lot:
    format: "L{seq:8}"
    source: upstream
    blockSize: 500
    lowWater: 50
`,
      )}upstream:
  - name: mes
    type: http
    url: https://mes.example:8443/linegate
    token: \${MES_TOKEN}
    tls: { ca: ca.pem, cert: client.pem, key: client.key }
    batch: { maxEvents: 100, lingerMs: 50 }
    retry: { maxMs: 30000 }
  - name: broker
    type: mqtt
    url: mqtts://broker.example:8883
    username: gw-1
    password: \${MQTT_PASSWORD}
    tls: { ca: ca.pem }
store:
  maxEvents: 1000000
  highWaterPercent: 80
  retentionHours: 48
`,
      { MES_TOKEN: 'tok-123', MQTT_PASSWORD: 'pw' },
    );
    assert.deepEqual(found.map(formatProblem), []);
    const mes = config!.upstream[0];
    assert.equal(mes.type === 'http' && mes.token, 'tok-123');
    assert.equal(mes.tls?.ca, path.join(tmp.dir, 'ca.pem'), 'paths are relative to the config file');
    assert.deepEqual(mes.batch, { maxEvents: 100, maxBytes: 1048576, lingerMs: 50 });
    assert.equal(config!.serials.lot.blockSize, 500);
    assert.equal(config!.store?.maxBytes, 1073741824);
  });

  const cases: Array<[string, string, RegExp]> = [
    [
      'source: upstream without an http sink',
      BASE.replace('{check:gs1}"', '{check:gs1}"\n    source: upstream'),
      /serials\.unit\.source: source: upstream leases serial blocks over HTTP: define an http sink/,
    ],
    [
      'an upstream that is not an http sink',
      BASE.replace('{check:gs1}"', '{check:gs1}"\n    source: upstream\n    upstream: broker') +
        'upstream:\n  - { name: broker, type: mqtt, url: "mqtt://127.0.0.1:1883" }\n',
      /serials\.unit\.upstream: "broker" is not an http upstream sink \(no http sink is defined under upstream\)/,
    ],
    [
      'upstream with a local scheme',
      BASE.replace('{check:gs1}"', '{check:gs1}"\n    upstream: mes'),
      /serials\.unit\.upstream: applies only with source: upstream/,
    ],
    [
      'a client certificate without its key',
      BASE + 'upstream:\n  - { name: mes, type: http, url: "https://x:1", tls: { cert: client.pem } }\n',
      /upstream\[0\]\.tls: a client certificate needs both cert and key/,
    ],
    [
      'a missing CA file',
      BASE + 'upstream:\n  - { name: mes, type: http, url: "https://x:1", tls: { ca: nope.pem } }\n',
      /upstream\[0\]\.tls\.ca: file not found: .*nope\.pem/,
    ],
    [
      'TLS files on a plain URL',
      BASE + 'upstream:\n  - { name: mes, type: http, url: "http://x:1", tls: { ca: ca.pem } }\n',
      /upstream\[0\]\.tls\.ca: TLS files apply only to https/,
    ],
    [
      'the simulated receiver on https',
      BASE + 'upstream:\n  - { name: mes, type: http, url: "https://x:1", simulate: true }\n',
      /upstream\[0\]\.simulate: the built-in receiver serves http:\/\/ only/,
    ],
    [
      'a typo in batch',
      BASE + 'upstream:\n  - { name: mes, type: http, url: "http://x:1", batch: { maxEvent: 5 } }\n',
      /upstream\[0\]\.batch\.maxEvent: unknown key \(did you mean "maxEvents"\?\)/,
    ],
    [
      'initialMs above maxMs',
      BASE +
        'upstream:\n  - { name: mes, type: http, url: "http://x:1", retry: { initialMs: 9000, maxMs: 1000 } }\n',
      /upstream\[0\]\.retry\.initialMs: must not exceed retry\.maxMs \(1000\)/,
    ],
    ['a store quota too small', BASE + 'store:\n  maxEvents: 5\n', /store\.maxEvents: must be at least 100/],
  ];
  for (const [what, yaml, expected] of cases) {
    it(`reports ${what}`, () => {
      const found = problems(yaml);
      assert.ok(
        found.some((p) => expected.test(p)),
        found.join('\n'),
      );
    });
  }
});
