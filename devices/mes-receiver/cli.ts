/**
 * The MES receiver as a small program, for the benchmark and manual tests:
 *   npx tsx devices/mes-receiver/cli.ts --file events.jsonl [--port 9200] [--base /linegate] [--no-fsync]
 * Prints "ready URL" once listening. Commands on stdin, one a line: `stats` prints
 * "stats {json}"; `quit` stops.
 */
import readline from 'node:readline';
import { MesReceiver } from './receiver';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const file = arg('file');
  if (!file) throw new Error('--file is required');
  const receiver = new MesReceiver({
    file,
    port: Number(arg('port') ?? 0),
    host: arg('host') ?? '127.0.0.1',
    basePath: arg('base') ?? '',
    token: arg('token'),
    fsync: !process.argv.includes('--no-fsync'),
  });
  console.log(`ready ${await receiver.start()}`);
  readline.createInterface({ input: process.stdin }).on('line', (line) => {
    const cmd = line.trim();
    if (cmd === 'stats')
      console.log(
        `stats ${JSON.stringify({ ...receiver.stats, maxRss: process.resourceUsage().maxRSS * 1024 })}`,
      );
    if (cmd === 'quit') void receiver.stop().then(() => process.exit(0));
  });
  process.stdin.on('end', () => void receiver.stop().then(() => process.exit(0)));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
