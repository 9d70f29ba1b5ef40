import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import { tempDir } from '../../helpers/tmp';
import { runCli } from '../../helpers/gateway-process';

const CONFIG_DIR = path.resolve(__dirname, '../../../config');

/** `${NAME:-default}` → default, `${NAME}` → a sample value, as the gateway would substitute them. */
function substitute(text: string): string {
  return text.replace(
    /\$\{[A-Za-z_][A-Za-z0-9_]*(?::-([^}]*))?\}/g,
    (_m, def?: string) => def ?? 'sample-token-123',
  );
}

describe('linegate config schema', function () {
  this.timeout(30000);
  let tmp: ReturnType<typeof tempDir>;
  let validate: ReturnType<Ajv['compile']>;
  before(async () => {
    tmp = tempDir();
    const out = path.join(tmp.dir, 'linegate.schema.json');
    const r = await runCli(['config', 'schema', '--out', out]);
    assert.equal(r.code, 0, r.stderr);
    const schema = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(schema.title, 'linegate configuration');
    // a plain draft-07 validator, as an editor has: no discriminator support, x- keywords ignored.
    validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
  });
  after(() => tmp.cleanup());

  const files = readdirSync(CONFIG_DIR).filter((f) => f === 'demo.yaml' || /^example-.*\.yaml$/.test(f));
  it('finds the shipped configs', () => assert.ok(files.length >= 3, files.join(', ')));
  for (const file of files) {
    it(`accepts config/${file}`, () => {
      const data: unknown = parse(substitute(readFileSync(path.join(CONFIG_DIR, file), 'utf8')));
      assert.ok(validate(data), JSON.stringify(validate.errors, null, 1));
    });
  }

  it('rejects an unknown key, and carries descriptions and defaults', async () => {
    const data = parse(substitute(readFileSync(path.join(CONFIG_DIR, 'demo.yaml'), 'utf8'))) as {
      gateway: Record<string, unknown>;
    };
    data.gateway.colour = 'red';
    assert.equal(validate(data), false);
    assert.ok(
      validate.errors?.some(
        (e) => e.keyword === 'additionalProperties' && e.params.additionalProperty === 'colour',
      ),
    );
    const r = await runCli(['config', 'schema']);
    const schema = JSON.parse(r.stdout) as {
      properties: { api: { properties: { listen: { default: string } } }; gateway: { description: string } };
    };
    assert.equal(schema.properties.api.properties.listen.default, '127.0.0.1:8080');
    assert.equal(schema.properties.gateway.description, 'this gateway');
  });
});
