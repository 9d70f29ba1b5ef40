/**
 * Loads a config file: YAML with positions kept, `${NAME}` substitution, version migration,
 * schema validation and cross-reference checks. Every problem is collected before returning,
 * so a user fixes a file in one pass.
 */
import path from 'node:path';
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { Config } from './schema';
import { Locator, type ConfigProblem } from './problems';
import { validateSchema } from './validate';
import { checkReferences } from './references';
import { CURRENT_CONFIG_VERSION, migrateConfig } from './migrations';
import { MAX_CONFIG_BYTES, controlCharacters, readConfigText } from './text';
import { documentProblems, pathOf, toData } from './yaml-checks';
import { checkEnvironment } from './environment';
import { composeConfig, type ConfigPart } from './compose';

export interface LoadResult {
  /** the validated config with defaults applied and paths resolved; absent when problems exist. */
  config?: Config;
  problems: ConfigProblem[];
  /** where the config's keys are in the file (for checks made after loading). */
  locate?: Locator;
}

/**
 * Loads the file and checks what it points at (data directory, listen host): what check-config
 * and run both use, so neither says ok to what run refuses.
 */
export async function loadConfigChecked(
  file: string,
  opts: { env?: NodeJS.ProcessEnv; parts: readonly ConfigPart[] },
): Promise<LoadResult> {
  const result = loadConfigFile(file, opts.parts, opts.env);
  if (!result.config || !result.locate) return result;
  const problems = await checkEnvironment(result.config, result.locate);
  return problems.length > 0 ? { problems: sortProblems(problems) } : result;
}

/**
 * Reads and checks a config file against the core sections plus what `parts` (the device
 * families) declare, and runs their checks. Never throws for problems in the file itself.
 */
export function loadConfigFile(
  file: string,
  parts: readonly ConfigPart[],
  env: NodeJS.ProcessEnv = process.env,
): LoadResult {
  const read = readConfigText(file);
  if ('problem' in read) return { problems: [read.problem] };
  return loadConfigText(read.text, file, parts, env);
}

/** Checks config text; `file` is used for messages and as the base of relative paths. */
export function loadConfigText(
  text: string,
  file: string,
  parts: readonly ConfigPart[],
  env: NodeJS.ProcessEnv = process.env,
): LoadResult {
  if (text.length > MAX_CONFIG_BYTES) {
    return {
      problems: [
        { file, line: 1, col: 1, path: [], message: `config is larger than ${MAX_CONFIG_BYTES} bytes` },
      ],
    };
  }
  const lines = new LineCounter();
  // uniqueKeys: false: the library compares every key with every other (quadratic);
  // documentProblems finds duplicates in one pass.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const locate = new Locator(file, doc, lines);
  const syntax = doc.errors.map((e) => {
    const { line, col } = lines.linePos(e.pos[0]);
    return { file, line, col, path: [], message: `YAML syntax: ${e.message.split('\n')[0]}` };
  });
  if (syntax.length > 0) return { problems: syntax };
  const structure = documentProblems(doc, file, lines, controlCharacters(text));
  if (structure.length > 0) return { problems: sortProblems(structure) };

  const problems: ConfigProblem[] = substituteEnv(doc, env, locate);
  const converted = toData(doc, file, lines);
  if ('problem' in converted) return { problems: [converted.problem] };
  const raw: unknown = converted.data ?? {};
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      problems: [locate.at([], 'the config must be a mapping of sections (gateway, api, stations, ...)')],
    };
  }
  const data = raw as Record<string, unknown>;
  const version = data.version ?? CURRENT_CONFIG_VERSION;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return { problems: [...problems, locate.at(['version'], 'must be a whole number (1)')] };
  }
  if (version > CURRENT_CONFIG_VERSION) {
    const message = `version ${version} is newer than this linegate understands (${CURRENT_CONFIG_VERSION})`;
    return { problems: [...problems, locate.at(['version'], message)] };
  }
  migrateConfig(data, version);

  const baseDir = path.dirname(path.resolve(file));
  // A key whose variable is unset is reported once, not again for the empty text left behind.
  const envPaths = new Set(problems.map((p) => p.path.join('.')));
  const composed = composeConfig(parts);
  const schemaProblems = validateSchema(composed.schema, data, baseDir, locate).filter(
    (p) => !envPaths.has(p.path.join('.')),
  );
  problems.push(...schemaProblems);
  const checks = [
    (config: Config) => checkReferences(config, locate, composed.deviceSections),
    ...parts.map(
      (part) => (config: Config) =>
        (part.checkConfig?.(config) ?? []).map((p) => locate.at(p.path, p.message)),
    ),
  ];
  for (const check of checks) {
    try {
      problems.push(...check(data as Config));
    } catch (err) {
      // With schema problems the data may be malformed enough to trip a check; the schema
      // problems are reported either way, and they are what the user must fix first.
      if (schemaProblems.length === 0) throw err;
    }
  }
  return problems.length > 0
    ? { problems: sortProblems(problems) }
    : { config: data as Config, problems, locate };
}

/**
 * Replaces `${NAME}` (and `${NAME:-default}`) in string scalars. A scalar that is exactly one
 * reference takes the variable's YAML type, so `port: ${PORT}` is still a number.
 */
function substituteEnv(doc: Document, env: NodeJS.ProcessEnv, locate: Locator): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  visit(doc, {
    Scalar(_key, node, ancestry) {
      if (typeof node.value !== 'string' || !node.value.includes('${')) return;
      const keyPath = pathOf(ancestry, node);
      const whole = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}$/.exec(node.value);
      let missing = false;
      const replaced = node.value.replace(
        /\$\{([^}:]*)(?::-([^}]*))?\}/g,
        (_m, name: string, fallback: string | undefined) => {
          if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
            problems.push(locate.at(keyPath, `"\${${name}}" is not a valid environment variable name`));
            return '';
          }
          const value = env[name] ?? fallback;
          if (value === undefined) {
            missing = true;
            problems.push(locate.at(keyPath, `environment variable ${name} is not set`));
            return '';
          }
          return value;
        },
      );
      if (missing) return;
      node.value = whole ? typedScalar(replaced) : replaced;
    },
  });
  return problems;
}

function typedScalar(text: string): unknown {
  if (/^-?\d+(\.\d+)?$/.test(text)) return Number(text);
  if (text === 'true' || text === 'false') return text === 'true';
  return text;
}

function sortProblems(problems: ConfigProblem[]): ConfigProblem[] {
  const seen = new Set<string>();
  return problems
    .filter((p) => {
      const k = `${p.line}:${p.col}:${p.message}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    })
    .sort((a, b) => a.line - b.line || a.col - b.col);
}
