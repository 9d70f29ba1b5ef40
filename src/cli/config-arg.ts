/** Loading the config for CLI commands: problems printed as check-config prints them. */
import type { ConfigPart } from '../config/compose';
import { loadConfigFile } from '../config/load';
import { formatProblem } from '../config/problems';
import type { Config } from '../config/schema';

/** The config (with the sections `parts` declare), or undefined after printing every problem to stderr. */
export function configOrReport(file: string, parts: readonly ConfigPart[]): Config | undefined {
  const { config, problems } = loadConfigFile(file, parts);
  if (!config) for (const p of problems) process.stderr.write(formatProblem(p) + '\n');
  return config;
}
