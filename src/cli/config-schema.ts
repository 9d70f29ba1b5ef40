/**
 * `linegate config schema [--out FILE]`: the JSON Schema of the config file, for editor completion
 * and checking of the YAML (docs/configuration.md): the core sections and every device family's,
 * composed as the loader composes them. The TypeBox schema already is JSON Schema.
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { composeConfig, type ConfigPart } from '../config/compose';
import { EXIT_FAILURE, EXIT_OK } from './exit-codes';

/** The config's JSON Schema (draft-07) as a plain object, with descriptions and defaults. */
export function configJsonSchema(parts: readonly ConfigPart[]): Record<string, unknown> {
  // JSON round trip: drops TypeBox's symbol keys, keeps every description and default.
  const body = JSON.parse(JSON.stringify(composeConfig(parts).schema)) as Record<string, unknown>;
  optionalDefaults(body);
  return { $schema: 'http://json-schema.org/draft-07/schema#', title: 'linegate configuration', ...body };
}

type Node = { properties?: Record<string, { default?: unknown }>; required?: string[] };

/**
 * The gateway fills defaults in before it checks `required` (Ajv useDefaults); an editor does not,
 * so a key with a default is not required in the written schema.
 */
function optionalDefaults(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(optionalDefaults);
  if (!node || typeof node !== 'object') return;
  const n = node as Node;
  if (n.required && n.properties) {
    const props = n.properties;
    n.required = n.required.filter((key) => props[key]?.default === undefined);
    if (n.required.length === 0) delete n.required;
  }
  Object.values(node).forEach(optionalDefaults);
}

/** Registers `linegate config schema` (of the core and `parts`' sections). */
export function registerConfigCommand(
  program: Command,
  parts: readonly ConfigPart[],
  run: (result: Promise<number>) => void,
): void {
  const config = program.command('config').description('the configuration file format');
  config
    .command('schema')
    .description('write the JSON Schema of the config (for editor completion of the YAML)')
    .option('-o, --out <file>', 'write to this file instead of stdout')
    .action((o: { out?: string }) => {
      const text = JSON.stringify(configJsonSchema(parts), null, 2) + '\n';
      if (!o.out) {
        process.stdout.write(text);
        run(Promise.resolve(EXIT_OK));
        return;
      }
      try {
        writeFileSync(o.out, text);
        run(Promise.resolve(EXIT_OK));
      } catch (err) {
        process.stderr.write(`linegate config schema: ${(err as Error).message}\n`);
        run(Promise.resolve(EXIT_FAILURE));
      }
    });
}
