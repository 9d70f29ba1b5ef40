/**
 * Checks of what a valid config points at in this machine, which `run` would otherwise meet only
 * when it starts: the data directory and the API's listen host (each device family's own checks
 * run with the schema, see load.ts). check-config and run both make them, so check-config says
 * ok only when run would start.
 */
import { lookup } from 'node:dns/promises';
import { dataDirProblem } from '../store/data-dir';
import type { Config } from './schema';
import type { ConfigProblem, Locator } from './problems';

/** Every environment problem of a schema-valid config. */
export async function checkEnvironment(config: Config, locate: Locator): Promise<ConfigProblem[]> {
  const problems: ConfigProblem[] = [];
  const dataDir = dataDirProblem(config.gateway.dataDir);
  if (dataDir) problems.push(locate.at(['gateway', 'dataDir'], `${config.gateway.dataDir} ${dataDir}`));
  const listen = config.api.listen;
  const host = listen.slice(0, listen.lastIndexOf(':')).replace(/^\[|\]$/g, '');
  // An address literal needs no lookup (a name does: run would fail to listen on it).
  if (!/^\d{1,3}(\.\d{1,3}){3}$/.test(host) && !host.includes(':')) {
    try {
      await lookup(host);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
      problems.push(locate.at(['api', 'listen'], `host "${host}" does not resolve (${code})`));
    }
  }
  return problems;
}
