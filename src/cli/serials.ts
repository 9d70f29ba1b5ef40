/**
 * `linegate serials reserve|print|void|import|reserialize|list --config FILE`: the serial
 * lifecycle from the command line. With the gateway stopped the store is opened directly; while
 * it runs (its LevelDB lock keeps other processes out) the same actions go through its local API
 * (`--api URL` overrides the address in the config). Batch printing needs the running gateway.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import type { Config } from '../config/schema';
import { hasCode, LinegateError } from '../errors';
import { systemClock } from '../ports';
import { buildSchemes, SerialsAdmin } from '../serials/admin';
import { createSerialsApiClient } from '../serials/api-client';
import { rejectedImport } from '../serials/import';
import { parseFilter } from '../serials/list';
import type { SerialsPort } from '../serials/port';
import { Journal } from '../store/journal';
import { openStore } from '../store/store';
import { configOrReport } from './config-arg';
import { allFamilies } from './compose';
import { EXIT_CONFIG, EXIT_DATA, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes';
import * as show from './serials-output';

interface Common {
  config: string;
  api?: string;
  json?: boolean;
}

type Run = (result: Promise<number>) => void;

/** Registers `serials` and its subcommands; `run` receives the exit code promise of the one invoked. */
export function registerSerialsCommand(program: Command, run: Run): void {
  const serials = program
    .command('serials')
    .description('serial lifecycle: pre-assignment, import, void, re-serialization, listings');
  const common = (c: Command) =>
    c
      .requiredOption('-c, --config <file>', 'config file (YAML)')
      .option('--api <url>', 'API of the running gateway (default: from api.listen)')
      .option('--json', 'print JSON');
  const act = <O extends Common>(fn: (port: SerialsPort, o: O, args: string[]) => Promise<number>) =>
    function (this: Command) {
      const o = this.opts<O>();
      run(withSerials(o, (port) => fn(port, o, this.args)));
    };

  common(serials.command('reserve').description('reserve serials of a scheme for a work order, in one batch'))
    .requiredOption('--scheme <name>', 'serial scheme')
    .requiredOption('--count <n>', 'how many (1-10000)')
    .requiredOption('--work-order <id>', 'the work order whose starts take them, in order')
    .option('--part-number <pn>', 'part number (default: the station’s)')
    .option('--station <id>', 'start station they are for (default: one using the scheme)')
    .option('--print', 'print their labels as a batch at the station (running gateway)')
    .action(
      act<
        Common & {
          scheme: string;
          count: string;
          workOrder: string;
          partNumber?: string;
          station?: string;
          print?: boolean;
        }
      >(async (port, o) => {
        const count = Number(o.count);
        if (!Number.isSafeInteger(count)) throw new TypeError(`--count ${o.count} is not a whole number`);
        const { json: _json, config: _config, api: _api, ...params } = o;
        return print(o, await port.reserve({ ...params, count }), show.reserveText);
      }),
    );

  common(serials.command('print').description("print labels of a work order's reserved serials as a batch"))
    .requiredOption('--work-order <id>', 'work order')
    .requiredOption('--station <id>', 'start station with a label and printer')
    .option('--count <n>', 'at most this many')
    .action(
      act<Common & { workOrder: string; station: string; count?: string }>(async (port, o) => {
        const count = o.count === undefined ? undefined : Number(o.count);
        return print(
          o,
          await port.print({ workOrder: o.workOrder, station: o.station, count }),
          show.printText,
        );
      }),
    );

  common(
    serials.command('void').description("void a work order's unused pre-assigned serials, or named serials"),
  )
    .argument('[serials...]', 'serials to void (instead of --work-order)')
    .option('--work-order <id>', 'void every serial of its pool not yet taken')
    .requiredOption('--reason <text>', 'why (recorded in each serial.voided event)')
    .option('--by <name>', 'who (default: the OS user)')
    .action(
      act<Common & { workOrder?: string; reason: string; by?: string }>(async (port, o, args) => {
        const named = args.length > 0 ? args : undefined;
        const by = o.by ?? os.userInfo().username;
        return print(
          o,
          await port.void({ workOrder: o.workOrder, serials: named, reason: o.reason, by }),
          show.voidText,
        );
      }),
    );

  common(serials.command('import').description('import serials from a CSV file: all rows or none'))
    .argument('<file>', 'CSV: serial, partNumber, workOrder or lot, optional gtin, expiry')
    .option('--scheme <name>', 'scheme whose format work-order serials must match')
    .option('--verbose', 'report each phase on stderr')
    .action(
      act<Common & { scheme?: string; verbose?: boolean }>(async (port, o, [file]) => {
        const text = readFileSync(file, 'utf8');
        const progress = o.verbose ? (phase: string) => process.stderr.write(`${phase}…\n`) : undefined;
        const report = await port.importCsv({ text, file: path.basename(file), scheme: o.scheme, progress });
        return print(o, report, show.importText);
      }),
    );

  common(serials.command('reserialize').description("give a supplier's serial the plant's own serial"))
    .argument('<original>', "the supplier's serial")
    .option('--serial <serial>', 'the new serial (default: the next of --scheme)')
    .option('--scheme <name>', 'scheme to issue the new serial from')
    .option('--station <id>', 'station it is done at')
    .option('--part-number <pn>', 'part number, for a serial not received before')
    .action(
      act<Common & { serial?: string; scheme?: string; station?: string; partNumber?: string }>(
        async (port, o, [original]) => {
          const done = await port.reserialize({
            original,
            serial: o.serial,
            scheme: o.scheme,
            station: o.station,
            partNumber: o.partNumber,
          });
          return print(o, done, (d) => `${d.original} is now ${d.serial}\n`);
        },
      ),
    );

  common(serials.command('list').description('list serials (streamed), filtered'))
    .option(
      '--status <s,...>',
      'reserved, printed, started, in-process, completed, received, consumed, scrapped, voided',
    )
    .option('--work-order <id>', 'work order')
    .option('--part-number <pn>', 'part number')
    .option('--kind <kind>', 'unit or component')
    .option('--from <date>', 'issued at or after (ISO 8601 date or date-time)')
    .option('--to <date>', 'issued at or before (a date includes the whole day)')
    .action(
      act<Common & Record<string, string | undefined>>(async (port, o) => {
        const filter = parseFilter({ ...o, json: undefined, config: undefined, api: undefined });
        if (!o.json && !(await show.out(show.listHead))) return EXIT_OK;
        for await (const s of port.stream(filter))
          if (!(await show.out(o.json ? JSON.stringify(s) + '\n' : show.listRow(s)))) break;
        return EXIT_OK;
      }),
    );
}

/** Runs `fn` on the store (gateway stopped) or on the API (gateway running). */
async function withSerials(o: Common, fn: (port: SerialsPort) => Promise<number>): Promise<number> {
  const config = configOrReport(o.config, allFamilies());
  if (!config) return EXIT_CONFIG;
  try {
    if (o.api) return await fn(createSerialsApiClient(o.api, config.api.token));
    return await onStore(config, fn);
  } catch (err) {
    return failed(err);
  }
}

async function onStore(config: Config, fn: (port: SerialsPort) => Promise<number>): Promise<number> {
  let store;
  try {
    store = await openStore(config.gateway.dataDir);
  } catch (err) {
    if (!hasCode(err, 'STORE_LOCKED')) throw err;
    const url = `http://${config.api.listen.replace(/^0\.0\.0\.0:/, '127.0.0.1:')}`;
    process.stderr.write(`linegate serials: the gateway is running; going through its API at ${url}\n`);
    return fn(createSerialsApiClient(url, config.api.token));
  }
  const clock = systemClock;
  const log = pino({ level: 'warn' }, process.stderr);
  const journal = new Journal(store, { gatewayId: config.gateway.id, clock });
  try {
    const schemes = buildSchemes(config, clock, log);
    return await fn(new SerialsAdmin({ config, store, journal, clock, log, schemes }));
  } finally {
    await journal.close();
    await store.close();
  }
}

function failed(err: unknown): number {
  const report = rejectedImport(err);
  if (report) {
    process.stderr.write(show.problemsText(report));
    return EXIT_DATA;
  }
  if (err instanceof TypeError) {
    process.stderr.write(`linegate serials: ${err.message}\n`);
    return EXIT_USAGE;
  }
  const text = err instanceof LinegateError ? `${err.code}: ${err.message}` : (err as Error).message;
  process.stderr.write(`linegate serials: ${text}\n`);
  return EXIT_FAILURE;
}

function print<T>(o: Common, value: T, text: (v: T) => string): number {
  process.stdout.write(o.json ? JSON.stringify(value, null, 2) + '\n' : text(value));
  return EXIT_OK;
}
