/**
 * `linegate epcis export --config FILE --from ISO --to ISO [--sink NAME] [--out FILE]`: the
 * period's events as one EPCIS 2.0 document (JSON-LD), for an auditor, from the store alone.
 * The store is opened directly: stop the gateway first (its LevelDB lock keeps others out).
 */
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadConfigFile } from '../config/load';
import { allFamilies } from './compose';
import { formatProblem } from '../config/problems';
import { hasCode, LinegateError } from '../errors';
import { openStore } from '../store/store';
import { exportEpcis } from '../upstream/epcis/export';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes';

interface ExportArgs {
  config: string;
  from: string;
  to: string;
  sink?: string;
  out?: string;
}

/** Registers `epcis export`; `run` receives the exit code promise. */
export function registerEpcisCommand(program: Command, run: (result: Promise<number>) => void): void {
  const epcis = program.command('epcis').description('GS1 EPCIS 2.0 documents from the store');
  epcis
    .command('export')
    .description('an EPCIS document of the events of a period (from inclusive, to exclusive)')
    .requiredOption('-c, --config <file>', 'config file (YAML)')
    .requiredOption('--from <time>', 'ISO 8601 start, e.g. 2026-11-01T00:00:00Z')
    .requiredOption('--to <time>', 'ISO 8601 end')
    .option('--sink <name>', 'the epcis sink whose mapping settings to use (default: the first)')
    .option('--out <file>', 'write the document here (default: standard output)')
    .action((o: ExportArgs) => run(exportCommand(o)));
}

async function exportCommand(o: ExportArgs): Promise<number> {
  const { config, problems } = loadConfigFile(o.config, allFamilies());
  if (!config) {
    for (const p of problems) process.stderr.write(formatProblem(p) + '\n');
    return EXIT_CONFIG;
  }
  let store;
  try {
    store = await openStore(config.gateway.dataDir);
  } catch (err) {
    const locked = hasCode(err, 'STORE_LOCKED');
    const hint = locked ? ' (the gateway is running: stop it, or export from a copy of the data folder)' : '';
    process.stderr.write(`linegate epcis: ${describe(err)}${hint}\n`);
    return EXIT_FAILURE;
  }
  try {
    const result = await exportEpcis({
      config,
      store,
      from: o.from,
      to: o.to,
      sink: o.sink,
      now: Date.now(),
    });
    const text = JSON.stringify(result.document, null, 2) + '\n';
    if (o.out) writeFileSync(o.out, text);
    else process.stdout.write(text);
    process.stderr.write(
      `linegate epcis: ${result.events - result.skipped} EPCIS events from ${result.events} stored events ` +
        `(${result.skipped} without EPCIS meaning skipped)\n`,
    );
    return EXIT_OK;
  } catch (err) {
    if (err instanceof TypeError) {
      process.stderr.write(`linegate epcis: ${err.message}\n`);
      return EXIT_USAGE;
    }
    process.stderr.write(`linegate epcis: ${describe(err)}\n`);
    return EXIT_FAILURE;
  } finally {
    await store.close();
  }
}

function describe(err: unknown): string {
  return err instanceof LinegateError ? `${err.code}: ${err.message}` : (err as Error).message;
}
