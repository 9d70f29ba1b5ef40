/** Loading the config for CLI commands: problems printed as check-config prints them. */
import { loadConfigFile } from '../config/load';
import { formatProblem } from '../config/problems';
import type { Config } from '../config/schema';

/** The config, or undefined after printing every problem to stderr. */
export function configOrReport(file: string): Config | undefined {
  const { config, problems } = loadConfigFile(file);
  if (!config) for (const p of problems) process.stderr.write(formatProblem(p) + '\n');
  return config;
}
