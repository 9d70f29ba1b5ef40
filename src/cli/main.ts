/**
 * The `linegate` command line (docs/contracts.md §1). `main` resolves with the exit code instead of
 * exiting, so tests can call it in-process.
 */
import { Command, CommanderError } from 'commander';
import { loadConfigChecked } from '../config/load';
import { envLogLevelProblem } from '../log';
import { formatProblem } from '../config/problems';
import { EXIT_CONFIG, EXIT_OK, EXIT_USAGE } from './exit-codes';
import { runCommand } from './run';
import { registerOutboxCommand } from './outbox';
import { registerLabelCommand } from './label';
import { allFamilies, registerDeviceCommands } from './compose';
import { registerSerialsCommand } from './serials';
import { registerContainCommand } from './contain';
import { registerEpcisCommand } from './epcis';
import { registerConfigCommand } from './config-schema';

/** Parses argv (as process.argv) and runs the command. */
export async function main(argv: string[]): Promise<number> {
  let result: Promise<number> = Promise.resolve(EXIT_OK);
  const program = new Command()
    .name('linegate')
    .description('Line-side edge gateway: serials, labels, genealogy, store-and-forward')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('run')
    .description('run the gateway until SIGTERM/SIGINT')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .action((opts: { config: string }) => {
      result = runCommand(opts.config);
    });

  program
    .command('check-config')
    .description('check a config file: prints ok, or every problem as FILE:LINE:COL key.path: message')
    .argument('<file>', 'config file (YAML)')
    .action((file: string) => {
      result = checkConfig(file);
    });

  registerOutboxCommand(program, (r) => (result = r));
  registerLabelCommand(program, (r) => (result = r));
  registerDeviceCommands(program, (r) => (result = r));
  registerSerialsCommand(program, (r) => (result = r));
  registerContainCommand(program, (r) => (result = r));
  registerEpcisCommand(program, (r) => (result = r));
  registerConfigCommand(program, allFamilies(), (r) => (result = r));

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    throw err;
  }
  return result;
}

/** check-config: ok only when run would start on this file (and this environment). */
async function checkConfig(file: string): Promise<number> {
  const envProblem = envLogLevelProblem();
  if (envProblem) {
    process.stdout.write(`${envProblem}\n`);
    return EXIT_CONFIG;
  }
  const { config, problems } = await loadConfigChecked(file, { parts: allFamilies() });
  if (config) {
    process.stdout.write('ok\n');
    return EXIT_OK;
  }
  for (const p of problems) process.stdout.write(formatProblem(p) + '\n');
  return EXIT_CONFIG;
}
