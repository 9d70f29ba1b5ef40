/**
 * `linegate run`: starts the gateway and keeps it until SIGTERM or SIGINT, then stops it
 * gracefully within the contract's 10 s (a second signal exits at once).
 */
import { loadConfigChecked } from '../config/load';
import { formatProblem } from '../config/problems';
import { LinegateError } from '../errors';
import { Gateway } from '../gateway';
import { createLogger, envLogLevelProblem } from '../log';
import { allFamilies } from './compose';
import { startSdNotify } from '../ops/sd-notify';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK } from './exit-codes';

/** What went wrong at start and what to do about it, in one line. */
export function startFailure(err: unknown, configFile: string): string {
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number };
  if (err instanceof LinegateError) return `${err.code}: ${err.message}`;
  if (e?.code === 'EADDRINUSE')
    return `${e.address ?? ''}:${e.port ?? ''} is in use (another linegate, or a second \`npm start\`?): stop it, or change the port in ${configFile}`;
  if (e?.code === 'EACCES' || e?.code === 'EPERM')
    return `${e.message}: the user running linegate may not use this; check the path, port and groups (docs/deployment.md)`;
  if (err instanceof TypeError)
    return `${err.message}: fix this in ${configFile} (linegate check-config ${configFile} checks the rest)`;
  return `${e?.message ?? String(err)} (the log line above has the details; see docs/troubleshooting.md)`;
}

/** Runs until a stop signal; resolves with the process exit code. */
export async function runCommand(configFile: string): Promise<number> {
  const envProblem = envLogLevelProblem();
  if (envProblem) {
    process.stderr.write(`linegate: refusing to start: ${envProblem}\n`);
    return EXIT_CONFIG;
  }
  const { config, problems } = await loadConfigChecked(configFile, { parts: allFamilies() });
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
    // The log line has the details (and the stack in JSON); the terminal gets one line and a hint.
    log.fatal({ err }, 'linegate failed to start');
    process.stderr.write(`linegate: could not start: ${startFailure(err, configFile)}\n`);
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
