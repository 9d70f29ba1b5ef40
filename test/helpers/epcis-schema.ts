/**
 * GS1's EPCIS 2.0 JSON Schema (vendored unchanged in test/fixtures/gs1-epcis) compiled with Ajv 8
 * and ajv-formats, `strict: false` as GS1's schema needs: the judge of every EPCIS document the
 * tests see.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export const GS1_FIXTURES = path.join(__dirname, '..', 'fixtures', 'gs1-epcis');

let validate: ValidateFunction | undefined;

/** Every schema violation of `doc` as `path: message`; [] when GS1's schema accepts it. */
export function epcisProblems(doc: unknown): string[] {
  if (!validate) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv);
    const schema = JSON.parse(
      readFileSync(path.join(GS1_FIXTURES, 'EPCIS-JSON-Schema.json'), 'utf8'),
    ) as object;
    validate = ajv.compile(schema);
  }
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'}: ${e.message ?? e.keyword}`);
}

/** A GS1 example document from the fixtures. */
export function gs1Example(file: string): unknown {
  return JSON.parse(readFileSync(path.join(GS1_FIXTURES, file), 'utf8'));
}
