/**
 * `linegate contain --lot L --reason R --by B`: containment through the running gateway's API.
 * Places the hold (in force when the gateway answers), then prints every unit it covers with its
 * status and the station where it was last seen. The API address and token come from `--config`,
 * or from `--api` / `--token` (defaults: LINEGATE_API_URL or http://127.0.0.1:8080, and
 * LINEGATE_API_TOKEN).
 */
import type { Command } from 'commander';
import { configOrReport } from './config-arg';
import { allFamilies } from './compose';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes';

interface ContainOptions {
  lot?: string;
  serial?: string;
  reason: string;
  by: string;
  config?: string;
  api?: string;
  token?: string;
  json?: boolean;
}

interface HeldUnit {
  serial: string;
  status: string;
  station: string | null;
  time: string | null;
}

/** Registers `contain`; `run` receives the exit code promise. */
export function registerContainCommand(program: Command, run: (result: Promise<number>) => void): void {
  program
    .command('contain')
    .description('hold a lot (or a serial) on the running gateway and list every unit it stops')
    .option('--lot <lot>', 'the lot to hold: every unit containing it, also through sub-assemblies')
    .option('--serial <serial>', 'the serial to hold: that unit and every unit it went into')
    .requiredOption('--reason <text>', 'why (recorded with the hold)')
    .requiredOption('--by <who>', 'who places it')
    .option('-c, --config <file>', 'the gateway config (its api.listen and api.token)')
    .option('--api <url>', 'API of the running gateway')
    .option('--token <token>', 'API token')
    .option('--json', 'print JSON')
    .action(function (this: Command) {
      run(contain(this.opts<ContainOptions>()));
    });
}

async function contain(o: ContainOptions): Promise<number> {
  if ((o.lot === undefined) === (o.serial === undefined)) {
    process.stderr.write('linegate contain: give exactly one of --lot or --serial\n');
    return EXIT_USAGE;
  }
  let api = o.api ?? process.env.LINEGATE_API_URL ?? 'http://127.0.0.1:8080';
  let token = o.token ?? process.env.LINEGATE_API_TOKEN ?? '';
  if (o.config !== undefined) {
    const config = configOrReport(o.config, allFamilies());
    if (!config) return EXIT_CONFIG;
    api = o.api ?? `http://${config.api.listen.replace(/^0\.0\.0\.0:/, '127.0.0.1:')}`;
    token = o.token ?? config.api.token;
  }
  const base = api.replace(/\/$/, '');
  const scope = o.lot !== undefined ? { lot: o.lot } : { serial: o.serial };
  try {
    const placed = await fetch(`${base}/api/holds`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...scope, reason: o.reason, by: o.by }),
    });
    const answer = (await placed.json()) as { id?: string; error?: string };
    if (placed.status !== 201 || answer.id === undefined) {
      process.stderr.write(
        `linegate contain: the gateway answered ${placed.status}: ${answer.error ?? ''}\n`,
      );
      return EXIT_FAILURE;
    }
    const detail = (await (await fetch(`${base}/api/holds/${answer.id}`)).json()) as { units: HeldUnit[] };
    if (o.json) process.stdout.write(JSON.stringify({ id: answer.id, units: detail.units }, null, 2) + '\n');
    else process.stdout.write(table(answer.id, scope, detail.units));
    return EXIT_OK;
  } catch (err) {
    process.stderr.write(
      `linegate contain: cannot reach the gateway at ${base}: ${(err as Error).message}\n`,
    );
    return EXIT_FAILURE;
  }
}

function table(id: string, scope: Record<string, string | undefined>, units: HeldUnit[]): string {
  const [kind, value] = Object.entries(scope)[0];
  const lines = [`hold ${id} on ${kind} ${value}: in force; ${units.length} unit(s) held`];
  if (units.length > 0) {
    const width = Math.max(6, ...units.map((u) => u.serial.length));
    lines.push(`${'SERIAL'.padEnd(width)}  ${'STATUS'.padEnd(10)}  LAST SEEN`);
    for (const u of units)
      lines.push(
        `${u.serial.padEnd(width)}  ${u.status.padEnd(10)}  ${u.station ?? '-'} ${u.time ?? ''}`.trimEnd(),
      );
  }
  return lines.join('\n') + '\n';
}
