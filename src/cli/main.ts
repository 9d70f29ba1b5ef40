/**
 * The `linegate` command line (CONTRACTS §1). `main` resolves with the exit code instead of
 * exiting, so tests can call it in-process.
 */
import { Command, CommanderError } from 'commander';
import { loadConfigFile } from '../config/load';
import { formatProblem } from '../config/problems';
import { EXIT_CONFIG, EXIT_OK, EXIT_USAGE } from './exit-codes';
import { runCommand } from './run';
import { registerOutboxCommand } from './outbox';
import { registerLabelCommand } from './label';
import { registerDeviceCommands } from './compose';
import { registerSerialsCommand } from './serials';
import { registerContainCommand } from './contain';

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
      result = Promise.resolve(checkConfig(file));
    });

  registerOutboxCommand(program, (r) => (result = r));
  registerLabelCommand(program, (r) => (result = r));
  registerDeviceCommands(program, (r) => (result = r));
  registerSerialsCommand(program, (r) => (result = r));
  registerContainCommand(program, (r) => (result = r));

  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT_OK : EXIT_USAGE;
    throw err;
  }
  return result;
}

function checkConfig(file: string): number {
  const { config, problems } = loadConfigFile(file);
  if (config) {
    process.stdout.write('ok\n');
    return EXIT_OK;
  }
  for (const p of problems) process.stdout.write(formatProblem(p) + '\n');
  return EXIT_CONFIG;
}
