/**
 * `linegate run`: starts the gateway and keeps it until SIGTERM or SIGINT, then stops it
 * gracefully within the contract's 10 s (a second signal exits at once).
 */
import { loadConfigChecked } from '../config/load';
import { formatProblem } from '../config/problems';
import { LinegateError } from '../errors';
import { Gateway } from '../gateway';
import { createLogger, envLogLevelProblem } from '../log';
import { allFamilies, familyChecks } from './compose';
import { startSdNotify } from '../ops/sd-notify';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK } from './exit-codes';

/** Runs until a stop signal; resolves with the process exit code. */
export async function runCommand(configFile: string): Promise<number> {
  const envProblem = envLogLevelProblem();
  if (envProblem) {
    process.stderr.write(`linegate: refusing to start: ${envProblem}\n`);
    return EXIT_CONFIG;
  }
  const { config, problems } = await loadConfigChecked(configFile, { checks: familyChecks() });
  if (!config) {
    for (const p of problems) process.stderr.write(formatProblem(p) + '\n');
    process.stderr.write(`linegate: refusing to start: ${problems.length} problem(s) in ${configFile}\n`);
    return EXIT_CONFIG;
  }
  const log = createLogger({ level: config.logging?.level });
  const gateway = new Gateway({ config, log, families: allFamilies() });
  const systemd = startSdNotify(log);
  try {
    await gateway.start();
  } catch (err) {
    const message = err instanceof LinegateError ? `${err.code}: ${err.message}` : (err as Error).stack;
    log.fatal({ err }, 'linegate failed to start');
    process.stderr.write(`linegate: ${message}\n`);
    await gateway.stop(1000);
    systemd.close();
    return EXIT_FAILURE;
  }
  systemd.ready(`serving ${gateway.url}`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGTERM', () => resolve('SIGTERM'));
    process.once('SIGINT', () => resolve('SIGINT'));
  });
  log.info({ signal }, 'stopping');
  systemd.stopping();
  const force = () => process.exit(EXIT_FAILURE);
  process.once('SIGTERM', force).once('SIGINT', force);
  const hard = setTimeout(() => {
    log.error('stop took longer than 10 s; exiting');
    process.exit(EXIT_FAILURE);
  }, 10_000);
  await gateway.stop(8000);
  clearTimeout(hard);
  systemd.close();
  return EXIT_OK;
}
