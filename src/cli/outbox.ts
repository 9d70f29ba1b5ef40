/**
 * `linegate outbox status|list|retry|discard --config FILE`: the outbox and its dead letters.
 * With the gateway stopped the store is opened directly; while it runs (the store is locked)
 * the same actions go through its local API (`--api URL` overrides the address in the config).
 */
import os from 'node:os';
import type { Command } from 'commander';
import { loadConfigFile } from '../config/load';
import { allFamilies } from './compose';
import { formatProblem } from '../config/problems';
import type { Config } from '../config/schema';
import { hasCode, LinegateError } from '../errors';
import { systemClock } from '../ports';
import { Journal } from '../store/journal';
import { openStore } from '../store/store';
import { createLocalAdmin, type OutboxAdmin, type OutboxStatus } from '../upstream/admin';
import { createApiAdmin } from '../upstream/admin-client';
import type { DeadLetter } from '../upstream/types';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes';

interface Common {
  config: string;
  api?: string;
  json?: boolean;
}
interface Selecting extends Common {
  sink?: string;
  all?: boolean;
}

/** Registers `outbox` and its subcommands; `run` receives the exit code promise of the one invoked. */
export function registerOutboxCommand(program: Command, run: (result: Promise<number>) => void): void {
  const outbox = program.command('outbox').description('the outbox to upstream sinks and its dead letters');
  const common = (c: Command) =>
    c
      .requiredOption('-c, --config <file>', 'config file (YAML)')
      .option('--api <url>', 'API of the running gateway (default: from api.listen)')
      .option('--json', 'print JSON');

  common(outbox.command('status').description('stored events, sinks, cursors, dead letters')).action(
    (o: Common) => run(withAdmin(o, async (admin) => print(o, await admin.status(), statusText))),
  );
  common(outbox.command('list').description('dead letters with the answers that rejected them'))
    .option('--sink <name>', 'only this sink')
    .option('--all', 'include discarded ones')
    .action((o: Selecting) =>
      run(
        withAdmin(o, async (admin) =>
          print(o, await admin.deadLetters({ sink: o.sink, all: o.all }), listText),
        ),
      ),
    );
  common(outbox.command('retry').description('send dead letters again').argument('[seqs...]', 'event seqs'))
    .option('--sink <name>', 'only this sink')
    .option('--all', 'every dead letter (of --sink)')
    .action((seqs: string[], o: Selecting) =>
      run(
        withAdmin(o, async (admin) => {
          const done = await admin.retry(selection(seqs, o));
          return print(o, done.map(brief), () => `queued ${done.length} dead letter(s) for retry\n`);
        }),
      ),
    );
  common(
    outbox
      .command('discard')
      .description('give up on dead letters, recording why')
      .argument('[seqs...]', 'event seqs'),
  )
    .requiredOption('--reason <text>', 'why (recorded with the dead letter)')
    .option('--by <name>', 'who (default: the OS user)')
    .option('--sink <name>', 'only this sink')
    .option('--all', 'every dead letter (of --sink)')
    .action((seqs: string[], o: Selecting & { reason: string; by?: string }) =>
      run(
        withAdmin(o, async (admin) => {
          const done = await admin.discard(selection(seqs, o), o.reason, o.by ?? os.userInfo().username);
          return print(o, done.map(brief), () => `discarded ${done.length} dead letter(s)\n`);
        }),
      ),
    );
}

function selection(seqs: string[], o: Selecting): { sink?: string; seqs?: number[] } {
  if (seqs.length === 0 && !o.all) throw new TypeError('name the seqs, or give --all');
  const nums = seqs.map(Number);
  if (nums.some((n) => !Number.isSafeInteger(n) || n < 1))
    throw new TypeError(`not event seqs: ${seqs.join(' ')}`);
  return { sink: o.sink, seqs: o.all ? undefined : nums };
}

/** Runs `fn` with an admin on the store (gateway stopped) or on the API (gateway running). */
async function withAdmin(
  o: Common,
  fn: (admin: OutboxAdmin, config: Config) => Promise<number>,
): Promise<number> {
  const { config, problems } = loadConfigFile(o.config, allFamilies());
  if (!config) {
    for (const p of problems) process.stderr.write(formatProblem(p) + '\n');
    return EXIT_CONFIG;
  }
  try {
    if (o.api) return await fn(createApiAdmin(o.api, config.api.token), config);
    let store;
    try {
      store = await openStore(config.gateway.dataDir);
    } catch (err) {
      if (!hasCode(err, 'STORE_LOCKED')) throw err;
      const listen = config.api.listen.replace(/^0\.0\.0\.0:/, '127.0.0.1:');
      return await fn(createApiAdmin(`http://${listen}`, config.api.token), config);
    }
    const journal = new Journal(store, { gatewayId: config.gateway.id, clock: systemClock });
    try {
      return await fn(createLocalAdmin({ config, store, journal, clock: systemClock }), config);
    } finally {
      await journal.close();
      await store.close();
    }
  } catch (err) {
    if (err instanceof TypeError) {
      process.stderr.write(`linegate outbox: ${err.message}\n`);
      return EXIT_USAGE;
    }
    const text = err instanceof LinegateError ? `${err.code}: ${err.message}` : (err as Error).message;
    process.stderr.write(`linegate outbox: ${text}\n`);
    return EXIT_FAILURE;
  }
}

function print<T>(o: Common, value: T, text: (v: T) => string): number {
  process.stdout.write(o.json ? JSON.stringify(value, null, 2) + '\n' : text(value));
  return EXIT_OK;
}

const brief = (d: DeadLetter) => ({ sink: d.sink, seq: d.seq });

function statusText(s: OutboxStatus): string {
  const lines = [
    `gateway ${s.gatewayId} (${s.running ? 'running' : 'stopped'}): ${s.storedEvents} events stored ` +
      `(${mib(s.storedBytes)}), seq ${s.firstSeq}..${s.lastSeq}`,
    `quota ${s.quota.maxEvents} events / ${mib(s.quota.maxBytes)}, high water ${s.quota.highWaterPercent}%, ` +
      `retention ${s.quota.retentionHours} h`,
  ];
  if (s.stats) {
    const t = s.stats;
    lines.push(
      `depth ${t.depth}, oldest ${(t.oldestAgeMs / 1000).toFixed(1)} s, sending ${t.sendRate.toFixed(1)}/s, ` +
        `sent ${t.sent}, failed ${t.failed}, dead-lettered ${t.deadLettered}, autonomy ${hours(t.autonomyHours)}` +
        (t.full ? ', STORE FULL' : ''),
    );
  }
  const rows = s.sinks.map((k) => [
    k.name,
    k.type,
    String(k.cursor),
    String(k.depth),
    String(k.deadLetters),
    k.state ?? '',
  ]);
  return lines.join('\n') + '\n' + table(['sink', 'type', 'cursor', 'depth', 'dead letters', 'state'], rows);
}

function listText(letters: DeadLetter[]): string {
  if (letters.length === 0) return 'no dead letters\n';
  const rows = letters.map((d) => [
    d.sink,
    String(d.seq),
    d.type,
    d.state + (d.discarded ? ` (${d.discarded.by}: ${d.discarded.reason})` : ''),
    String(d.attempts),
    d.at,
    `HTTP ${d.status} ${d.answer.replace(/\s+/g, ' ').slice(0, 120)}`,
  ]);
  return table(['sink', 'seq', 'type', 'state', 'tries', 'at', 'answer'], rows);
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;
const hours = (h: number) => (Number.isFinite(h) ? `${h.toFixed(1)} h` : 'unlimited');
