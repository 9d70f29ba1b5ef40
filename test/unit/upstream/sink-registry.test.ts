import assert from 'node:assert/strict';
import type { UpstreamConfig } from '../../../src/config/schema';
import { createSink, sinkTypes } from '../../../src/upstream/sinks';
import { gatewayConfig } from '../../helpers/gateway-config';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';
import { openStore } from '../../../src/store/store';
import { configJsonSchema } from '../../../src/cli/config-schema';
import { loadConfigText } from '../../../src/config/load';
import { formatProblem } from '../../../src/config/problems';
import { baseYaml } from '../../helpers/gateway-config';

describe('sink registry', () => {
  it('builds each configured type through one registry, and names the types it has for an unknown one', async () => {
    const tmp = tempDir();
    const config = gatewayConfig(
      tmp.dir,
      `upstream:
  - { name: a, type: http, url: "http://127.0.0.1:1/x" }
  - { name: b, type: mqtt, url: "mqtt://127.0.0.1:1" }
  - { name: c, type: epcis, url: "http://127.0.0.1:1/epcis" }
`,
    );
    const store = await openStore(config.gateway.dataDir);
    try {
      const ctx = { config, store, clock: { now: () => 0 }, log: silentLog };
      const built = config.upstream.map((s) => createSink(s, ctx));
      assert.deepEqual(
        built.map((b) => [b.sink.name, b.sink.type, b.client !== undefined]),
        [
          ['a', 'http', true],
          ['b', 'mqtt', false],
          ['c', 'epcis', true],
        ],
      );
      for (const b of built) {
        b.client?.close();
        await b.sink.stop();
      }
      assert.deepEqual(Object.keys(sinkTypes), ['http', 'mqtt', 'epcis']);
      assert.throws(
        () => createSink({ ...config.upstream[0], type: 'amqp' } as unknown as UpstreamConfig, ctx),
        (err: Error) =>
          err instanceof TypeError && /unknown sink type "amqp": use http, mqtt, epcis/.test(err.message),
      );
    } finally {
      await store.close();
      tmp.cleanup();
    }
  });

  it('composes the upstream schema from every registered type, each declaring its keys in its own file', () => {
    type Entry = { oneOf: Array<{ properties: { type: { const: string }; url: unknown } }> };
    const written = configJsonSchema([]) as { properties: { upstream: { items: Entry } } };
    const variants = written.properties.upstream.items.oneOf;
    assert.deepEqual(
      variants.map((v) => v.properties.type.const),
      Object.keys(sinkTypes),
    );
    for (const [name, type] of Object.entries(sinkTypes)) assert.equal(type.config.value, name);
    // a key of one type is refused on another, located at its entry
    const yaml = `${baseYaml()}upstream:
  - { name: a, type: mqtt, url: "mqtt://127.0.0.1:1", simulate: true }
`;
    const problems = loadConfigText(yaml, 'line.yaml', [], {}).problems.map(formatProblem);
    assert.equal(problems.length, 1, problems.join('\n'));
    assert.match(problems[0], /upstream\[0\].*simulate/);
  });
});
