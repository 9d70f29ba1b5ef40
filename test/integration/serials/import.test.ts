/**
 * CSV import through the CLI on a stopped gateway's store: a 10,000-row file with three planted
 * bad rows is refused with each named by line and nothing imported; the corrected file imports
 * in one batch; importing it again (also re-saved with CRLF) is a no-op.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../helpers/tmp';
import { csvLines, serialOf, serialsCli, serialsYaml, summarize, writeCsv } from './helpers';

describe('linegate serials import (CLI, store)', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  let config: string;
  let taken: string;
  const data = () => path.join(tmp.dir, 'data');

  before(async () => {
    tmp = tempDir();
    config = path.join(tmp.dir, 'linegate.yaml');
    writeFileSync(config, serialsYaml(tmp.dir));
    // One serial issued (reserved for another work order) before the import: a row naming it collides.
    const r = await serialsCli(
      'reserve',
      '--config',
      config,
      '--scheme',
      'unit',
      '--count',
      '1',
      '--work-order',
      'WO-1',
      '--json',
    );
    assert.equal(r.code, 0, r.stderr);
    taken = (JSON.parse(r.stdout) as { serials: string[] }).serials[0];
  });
  after(() => tmp.cleanup());

  const good = () => csvLines(10_000, 100_001);

  it('refuses a file with bad rows, naming each by line, and imports nothing', async () => {
    const lines = good();
    const serial = lines[100].slice(0, 10); // line 101: its check digit off by one
    lines[100] = serial.slice(0, 9) + String((Number(serial[9]) + 1) % 10) + lines[100].slice(10);
    lines[5001] = lines[6]; // line 5002 repeats line 7
    lines[9000] = `${taken},PN-100,WO-55`; // line 9001: already issued here
    const file = writeCsv(tmp.dir, 'wo55.csv', lines);
    const r = await serialsCli('import', '--config', config, file);
    assert.equal(r.code, 65, r.stderr);
    const problems = r.stderr.trim().split('\n');
    assert.deepEqual(
      problems.slice(0, 3).map((l) => l.split(':').slice(0, 2).join(':')),
      ['wo55.csv:101', 'wo55.csv:5002', 'wo55.csv:9001'],
    );
    assert.match(problems[0], /check character is "\d", expected "\d"/);
    assert.match(problems[1], /is also on line 7/);
    assert.match(
      problems[2],
      new RegExp(`serial ${taken} is already known here \\(reserved, work order WO-1`),
    );
    assert.match(problems[3], /3 bad row\(s\) of 10000; nothing was imported/);
    const s = await summarize(data());
    assert.deepEqual(s.byStatus, { reserved: 1 });
    assert.deepEqual(s.events, ['serial.reserved']);
    assert.equal(s.imports, 0);
    assert.equal(s.poolSize, 0);
  });

  it('imports the corrected file in one batch', async () => {
    const file = writeCsv(tmp.dir, 'wo55.csv', good());
    const r = await serialsCli('import', '--config', config, file);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /imported 10000 rows in one batch: 10000 unit serial\(s\) \(10000 for WO-55\)/);
    const s = await summarize(data());
    assert.deepEqual(s.byStatus, { reserved: 10_001 });
    assert.deepEqual(s.events, ['serial.reserved', 'serial.imported']);
    assert.equal(s.imports, 1);
    assert.equal(s.poolSize, 10_000);
  });

  it('does nothing when the same rows are imported again, even re-saved with CRLF', async () => {
    for (const eol of ['\n', '\r\n']) {
      const file = writeCsv(tmp.dir, 'again.csv', good(), eol);
      const r = await serialsCli('import', '--config', config, file);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /these 10000 rows were imported before .*nothing to do/);
    }
    const s = await summarize(data());
    assert.deepEqual(s.events, ['serial.reserved', 'serial.imported']);
    assert.equal(s.serials, 10_001);
  });

  it('refuses a file that overlaps an earlier import, and one with a bad header', async () => {
    const lines = csvLines(3, 109_999); // the last two rows of the earlier file and one new one
    const r = await serialsCli('import', '--config', config, writeCsv(tmp.dir, 'overlap.csv', lines));
    assert.equal(r.code, 65);
    assert.match(r.stderr, /overlap\.csv:2: serial \d+ is already known here/);
    assert.match(r.stderr, /overlap\.csv:3: /);
    assert.doesNotMatch(r.stderr, /overlap\.csv:4: /);
    const header = await serialsCli(
      'import',
      '--config',
      config,
      writeCsv(tmp.dir, 'h.csv', ['serial,part,wo', `${serialOf(7)},P,W`]),
    );
    assert.equal(header.code, 65);
    assert.match(header.stderr, /h\.csv:1: unknown column\(s\) "part", "wo"/);
  });
});
