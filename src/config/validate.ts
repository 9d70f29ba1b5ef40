/**
 * Schema validation with Ajv, and the translation of Ajv's errors into located, plain-English
 * problems. Defaults are applied and `x-path` strings resolved against the config's folder.
 */
import path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { TSchema } from '@sinclair/typebox';
import type { ConfigProblem, KeyPath, Locator } from './problems';

let baseDir = process.cwd();
/** one compiled validator per composed schema (compiling takes tens of milliseconds). */
const compiled = new WeakMap<TSchema, ValidateFunction>();

function validator(schema: TSchema): ValidateFunction {
  const known = compiled.get(schema);
  if (known) return known;
  const ajv = new Ajv({
    allErrors: true,
    useDefaults: true,
    discriminator: true,
    verbose: true,
    strict: false,
  });
  ajv.addKeyword({ keyword: 'x-message', schemaType: 'string' });
  ajv.addKeyword({
    keyword: 'x-path',
    modifying: true,
    schemaType: 'boolean',
    validate(enabled: boolean, data: unknown, _schema, ctx) {
      // Relative paths are relative to the config file, not to wherever linegate was started.
      if (enabled && typeof data === 'string' && ctx?.parentData !== undefined) {
        (ctx.parentData as Record<string | number, unknown>)[ctx.parentDataProperty] = path.resolve(
          baseDir,
          data,
        );
      }
      return true;
    },
  });
  const validate = ajv.compile(schema);
  compiled.set(schema, validate);
  return validate;
}

/** Validates `data` against `schema` in place (defaults, resolved paths); returns every problem found. */
export function validateSchema(
  schema: TSchema,
  data: unknown,
  configDir: string,
  locate: Locator,
): ConfigProblem[] {
  const validate = validator(schema);
  baseDir = configDir;
  if (validate(data)) return [];
  const errors = validate.errors ?? [];
  // Errors inside a failed anyOf describe each rejected branch; the anyOf error itself says it better.
  const anyOfPaths = errors.filter((e) => e.keyword === 'anyOf').map((e) => e.schemaPath);
  const useful = errors.filter(
    (e) => !anyOfPaths.some((p) => e.schemaPath !== p && e.schemaPath.startsWith(p)),
  );
  return useful.map((e) => toProblem(e, locate));
}

function toPath(instancePath: string): (string | number)[] {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

function toProblem(e: ErrorObject, locate: Locator): ConfigProblem {
  const at: KeyPath = toPath(e.instancePath);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return locate.at([...at, String(params.missingProperty)], 'is required');
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = Object.keys((e.parentSchema as { properties?: object })?.properties ?? {});
      const hint = suggest(key, known);
      return locate.atKey([...at, key], `unknown key${hint ? ` (did you mean "${hint}"?)` : ''}`);
    }
    case 'type':
      return locate.at(at, `must be ${typeName(String(params.type))}`);
    case 'anyOf':
      return locate.at(at, describeAnyOf(e.schema as unknown[]));
    case 'discriminator': {
      const tag = String(params.tag);
      if (params.error === 'mapping') {
        const options = discriminatorValues(e.parentSchema, tag);
        return locate.at([...at, tag], `must be one of: ${options.join(', ')}`);
      }
      return locate.at([...at, tag], 'is required');
    }
    case 'not': {
      const custom = (e.parentSchema as Record<string, unknown> | undefined)?.['x-message'];
      return locate.at(at, typeof custom === 'string' ? custom : 'is not allowed');
    }
    case 'pattern': {
      const custom = (e.parentSchema as Record<string, unknown> | undefined)?.['x-message'];
      return locate.at(at, typeof custom === 'string' ? custom : `must match ${String(params.pattern)}`);
    }
    case 'minimum':
    case 'maximum':
      return locate.at(
        at,
        `must be ${e.keyword === 'minimum' ? 'at least' : 'at most'} ${String(params.limit)}`,
      );
    case 'minLength':
      return locate.at(
        at,
        Number(params.limit) === 1
          ? 'must not be empty'
          : `must be at least ${String(params.limit)} characters`,
      );
    case 'minItems':
      return locate.at(
        at,
        `must have at least ${String(params.limit)} item${Number(params.limit) === 1 ? '' : 's'}`,
      );
    case 'const':
      return locate.at(at, `must be ${JSON.stringify(params.allowedValue)}`);
    default:
      return locate.at(at, e.message ?? 'is invalid');
  }
}

function typeName(t: string): string {
  const names: Record<string, string> = {
    string: 'a string',
    integer: 'a whole number',
    number: 'a number',
    boolean: 'true or false',
    object: 'a mapping (key: value)',
    array: 'a list',
  };
  return names[t] ?? t;
}

function describeAnyOf(branches: unknown[]): string {
  const consts = branches.map((b) => (b as { const?: unknown }).const);
  if (consts.every((c) => c !== undefined)) return `must be one of: ${consts.map(String).join(', ')}`;
  const shapes = branches.map((b) => {
    const props = Object.keys((b as { properties?: object }).properties ?? {});
    return props.length > 0 ? `{ ${props.join(', ')} }` : typeName(String((b as { type?: string }).type));
  });
  return `must be one of: ${shapes.join(' or ')}`;
}

function discriminatorValues(schema: unknown, tag: string): string[] {
  const variants =
    (schema as { oneOf?: Array<{ properties?: Record<string, { const?: unknown }> }> }).oneOf ?? [];
  return variants.map((v) => String(v.properties?.[tag]?.const));
}

/** The closest known key by edit distance, when it is close enough to be a typo. */
function suggest(key: string, known: string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const k of known) {
    const d = editDistance(key.toLowerCase(), k.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [k, d];
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
