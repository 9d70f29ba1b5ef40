/**
 * `npm run bench`: runs every test/bench/*.bench.ts in its own process, one after another, and
 * prints their figures as one table with the raw limit or peer each was measured against.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fmt, machine, type BenchResult } from './bench-lib';

const only = process.argv.slice(2);
const files = readdirSync(__dirname)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const results: Array<BenchResult & { file: string }> = [];
for (const file of files) {
  console.log(`\n== ${file}`);
  const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', path.join(__dirname, file)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for (const line of run.stdout.split('\n')) {
    if (line.startsWith('BENCH ')) results.push({ ...(JSON.parse(line.slice(6)) as BenchResult), file });
    else if (line.trim() !== '') console.log(line);
  }
  if (run.status !== 0) console.log(`!! ${file} exited with ${run.status}`);
}

console.log(`\nlinegate benchmarks on ${machine()}\n`);
const rows = results.map((r) => [
  r.name,
  `${fmt(r.value)} ${r.unit}`,
  r.peer ? `${r.peer.name}: ${fmt(r.peer.value)} ${r.unit}` : '',
  r.peer ? (r.value / r.peer.value).toFixed(2) : '',
  r.goal ?? '',
]);
const head = ['figure', 'linegate', 'raw limit / peer (same run)', 'ratio', 'goal'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
console.log(line(head));
console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
for (const r of rows) console.log(line(r));
