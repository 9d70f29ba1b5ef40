/**
 * check-config says ok only when run would start: what a device family refuses is a located
 * problem in both, with exit 78 (systemd does not restart-loop a bad config), not a start failure
 * (exit 1). Real CLI processes.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { gatewayYaml } from '../../helpers/gateway-config';
import { runCli } from '../../helpers/gateway-process';
import { tempDir } from '../../helpers/tmp';

describe('linegate check-config and run: the device families refuse the same (exit 78)', function () {
  this.timeout(60000);
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  /** Writes the test gateway plus `sections` (top-level YAML) and returns the file. */
  function write(sections: string): string {
    const file = path.join(tmp.dir, 'linegate.yaml');
    writeFileSync(file, gatewayYaml(tmp.dir) + sections);
    return file;
  }

  /** check-config and run both exit 78 and print exactly `expected` (file:line:col key: message). */
  async function bothRefuse(file: string, expected: string[]): Promise<void> {
    const check = await runCli(['check-config', file]);
    assert.equal(check.code, 78, check.stdout + check.stderr);
    assert.deepEqual(check.stdout.trim().split('\n'), expected);
    const run = await runCli(['run', '--config', file]);
    assert.equal(run.code, 78, run.stderr);
    const lines = run.stderr.trim().split('\n');
    assert.deepEqual(lines.slice(0, -1), expected);
    assert.equal(lines.at(-1), `linegate: refusing to start: ${expected.length} problem(s) in ${file}`);
  }

  // gatewayYaml is 17 lines; the sections below start at line 18.
  it('a reader with a bad pattern plus an unknown simulator option: both named, located', async () => {
    const file = write(
      'readers:\n' +
        '  rfid1:\n' +
        '    pattern: "(?<epc>[0-9A-F]+"\n' +
        '    connection: { type: simulator, options: { colour: red } }\n',
    );
    await bothRefuse(file, [
      `${file}:20:14 readers.rfid1.pattern: is not a valid regular expression: Invalid regular expression: /(?<epc>[0-9A-F]+/: Unterminated group`,
      `${file}:21:55 readers.rfid1.connection.options.colour: unknown option (known: tags, everyMs, readsPerPass, delayMs, pty)`,
    ]);
  });

  const families: Array<[string, string, string]> = [
    [
      'rfid (readers)',
      'readers:\n  r1: { connection: { type: simulator, options: { everyMs: soon } } }\n',
      ':19:60 readers.r1.connection.options.everyMs: must be a positive integer',
    ],
    [
      'scanner (scanners)',
      'scanners:\n  s1: { connection: { type: simulator, options: { eol: nl } } }\n',
      ':19:56 scanners.s1.connection.options.eol: must be one of crlf, cr, lf',
    ],
    [
      'zebra (printers)',
      'printers:\n  p1: { connection: { type: simulator, options: { printMs: fast } } }\n',
      ':19:60 printers.p1.connection.options.printMs: must be a number',
    ],
  ];
  for (const [family, sections, problem] of families)
    it(`a bad simulator option of ${family}`, async () => {
      const file = write(sections);
      await bothRefuse(file, [file + problem]);
    });
});
