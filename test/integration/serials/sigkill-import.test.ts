/**
 * A real `linegate serials import` process killed with SIGKILL at moments spread over a
 * 100,000-row import (while reading, while checking, while building and writing its batch)
 * leaves the store with all of the file or none of it: serials, pool, import record and event.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { BIN } from '../../helpers/gateway-process';
import { tempDir } from '../../helpers/tmp';
import { csvLines, serialsYaml, summarize, writeCsv, type StoreSummary } from './helpers';

const ROWS = 100_000;

/** Runs the import; kills it `delayMs` after the first stderr line containing `marker` (never, without one). */
function importAndKill(config: string, file: string, marker?: string, delayMs = 0) {
  const child = spawn(process.execPath, [BIN, 'serials', 'import', '--config', config, file, '--verbose'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => {
    stderr += d;
    if (marker !== undefined && stderr.includes(marker) && !child.killed)
      setTimeout(() => child.kill('SIGKILL'), delayMs);
  });
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>(
    (resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
}

function allOrNone(s: StoreSummary): 'all' | 'none' {
  if (s.serials === 0) {
    assert.deepEqual(s.events, []);
    assert.equal(s.imports, 0);
    assert.equal(s.poolSize, 0);
    return 'none';
  }
  assert.deepEqual(s.byStatus, { reserved: ROWS });
  assert.deepEqual(s.events, ['serial.imported']);
  assert.equal(s.imports, 1);
  assert.equal(s.poolSize, ROWS);
  return 'all';
}

describe('crash safety: SIGKILL during a 100,000-row import', function () {
  this.timeout(180_000);
  let tmp: ReturnType<typeof tempDir>;
  let file: string;
  before(() => {
    tmp = tempDir();
    file = writeCsv(tmp.dir, 'big.csv', csvLines(ROWS, 1_000_001));
  });
  after(() => tmp.cleanup());

  const config = (round: number) => {
    const dir = path.join(tmp.dir, `round${round}`);
    const f = path.join(tmp.dir, `round${round}.yaml`);
    writeFileSync(f, serialsYaml(dir));
    return { file: f, data: path.join(dir, 'data') };
  };

  it('leaves all or none, wherever the kill lands', async () => {
    const kills: Array<[string, number]> = [
      ['reading', 0],
      ['checking', 0],
      ['writing', 0],
      ['writing', 50],
      ['writing', 150],
      ['writing', 300],
      ['writing', 600],
    ];
    const outcomes: string[] = [];
    for (const [i, [marker, delay]] of kills.entries()) {
      const c = config(i);
      const run = await importAndKill(c.file, file, marker, delay);
      const killed = run.signal === 'SIGKILL';
      assert.ok(killed || run.code === 0, `the import failed: ${run.stderr}`);
      outcomes.push(
        `${marker}+${delay}ms: ${killed ? 'killed' : 'finished'}, ${allOrNone(await summarize(c.data))}`,
      );
    }
    console.log(`      ${outcomes.join('; ')}`);
    // After any kill the same file imports completely, then once only.
    const c = config(0);
    const again = await importAndKill(c.file, file);
    assert.equal(again.code, 0, again.stderr);
    assert.equal(allOrNone(await summarize(c.data)), 'all');
    const twice = await importAndKill(c.file, file);
    assert.match(twice.stdout, /imported before/);
    assert.equal(allOrNone(await summarize(c.data)), 'all');
  });
});
