/**
 * Config mistakes that used to crash (exit 1) or pass silently: each is now a located problem.
 * Real files and folders where the mistake is in the file system.
 */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfigChecked, loadConfigFile, loadConfigText } from '../../../src/config/load';
import { formatProblem } from '../../../src/config/problems';
import { MAX_CONFIG_BYTES } from '../../../src/config/text';
import { envLogLevelProblem } from '../../../src/log';
import { tempDir } from '../../helpers/tmp';
import { BASE_ENV, BASE_YAML } from './base-yaml';
import { deviceFamilies } from '../../../devices';

const BASE = BASE_YAML;

function problems(yaml: string): string[] {
  return loadConfigText(yaml, 'line.yaml', deviceFamilies, BASE_ENV).problems.map(formatProblem);
}

describe('config: hostile and broken input is a located problem', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  /** Writes `yaml` (or bytes) as line.yaml in the temp folder and checks it as run would. */
  async function checked(content: string | Buffer): Promise<string[]> {
    const file = path.join(tmp.dir, 'line.yaml');
    writeFileSync(file, content);
    const result = await loadConfigChecked(file, { env: BASE_ENV, parts: deviceFamilies });
    return result.problems.map((p) => formatProblem(p).replace(tmp.dir + path.sep, ''));
  }

  it('a label template that is a directory', async () => {
    mkdirSync(path.join(tmp.dir, 'tpl'));
    const out = await checked(BASE + 'labels:\n  unit:\n    template: tpl\n');
    assert.deepEqual(out, [
      `line.yaml:17:15 labels.unit.template: is a directory, not a file: ${path.join(tmp.dir, 'tpl')}`,
    ]);
  });

  it('a YAML alias bomb is refused at its first alias, without expanding it', () => {
    let yaml = BASE + 'x0: &a0 [1, 1, 1, 1, 1, 1, 1, 1, 1]\n';
    for (let i = 1; i < 9; i++)
      yaml += `x${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    const out = problems(yaml);
    assert.equal(out.length, 1);
    assert.match(out[0], /^line\.yaml:16:10 x1\[0\]: YAML aliases expand too far/);
  });

  it('an invalid reader pattern (run would refuse it) is reported by check-config', async () => {
    const out = await checked(
      BASE + 'readers:\n  r1:\n    connection: { type: simulator }\n    pattern: "(?<epc>[0-9"\n',
    );
    assert.equal(out.length, 1);
    assert.match(out[0], /^line\.yaml:18:14 readers\.r1\.pattern: is not a valid regular expression/);
  });

  it('an upstream URL without a host', () => {
    const out = problems(BASE + 'upstream:\n  - name: mes\n    type: http\n    url: "http://"\n');
    assert.deepEqual(out, ['line.yaml:18:10 upstream[0].url: "http://" is not a valid URL']);
  });

  it('an api.listen host that does not resolve', async () => {
    const out = await checked(BASE.replace('127.0.0.1:8080', 'no-such-host.invalid:8080'));
    assert.equal(out.length, 1);
    assert.match(out[0], /^line\.yaml:5:11 api\.listen: host "no-such-host\.invalid" does not resolve/);
  });

  it('a data directory on /proc (where mkdir used to spin) or on a file', async () => {
    let out = await checked(BASE.replace('./data', '/proc/linegate-data'));
    assert.deepEqual(out, [
      "line.yaml:3:12 gateway.dataDir: /proc/linegate-data is on the kernel's proc filesystem, which cannot hold files; use a folder on disk",
    ]);
    writeFileSync(path.join(tmp.dir, 'afile'), 'x');
    out = await checked(BASE.replace('./data', './afile/data'));
    assert.equal(out.length, 1);
    assert.match(out[0], /^line\.yaml:3:12 gateway\.dataDir: .*afile is not a folder$/);
  });

  it('duplicate device names across sections are located at the second', () => {
    const out = problems(
      BASE +
        'printers:\n  dev1:\n    connection: { type: simulator }\nscanners:\n  dev1:\n    connection: { type: simulator }\n',
    );
    assert.deepEqual(out, [
      'line.yaml:19:3 scanners.dev1: device name "dev1" is already used by printers.dev1',
    ]);
  });

  it('a duplicate key, an unknown tag, a non-plain tag and a NUL in a value', () => {
    assert.deepEqual(problems(BASE + 'gateway:\n  id: x\n'), [
      'line.yaml:15:1 gateway: duplicate key "gateway"',
    ]);
    assert.deepEqual(problems(BASE.replace('partNumber: PN-100', 'partNumber: !part PN-100')), [
      'line.yaml:13:23 stations[0].partNumber: unknown YAML tag !part',
    ]);
    assert.deepEqual(problems(BASE.replace('partNumber: PN-100', 'partNumber: !!binary UE4=')), [
      'line.yaml:13:26 stations[0].partNumber: YAML tag tag:yaml.org,2002:binary is not allowed in a config',
    ]);
    assert.deepEqual(problems(BASE.replace('partNumber: PN-100', 'partNumber: "PN\\x00100"')), [
      'line.yaml:13:17 stations[0].partNumber: a NUL character in a value',
    ]);
    // GS, RS and EOT are barcode data (a simulated scanner's GS1 scans carry them).
    assert.deepEqual(
      problems(BASE.replace('partNumber: PN-100', 'partNumber: "PN\\u001d100\\x1e\\x04"')),
      [],
    );
  });

  it('a raw NUL byte and bytes that are not UTF-8, located', async () => {
    let out = await checked(BASE.replace('PN-100', 'PN\x00100'));
    assert.deepEqual(out, [
      'line.yaml:13:19 stations[0].partNumber: control character U+0000 in the file (remove it)',
    ]);
    const latin1 = Buffer.from(BASE.replace('PN-100', 'PN-é100'), 'latin1');
    out = await checked(latin1);
    assert.deepEqual(out, ['line.yaml:13:20 (root): not UTF-8 text (save the file as UTF-8)']);
  });

  it('a file larger than the limit is refused without being parsed', async () => {
    const out = await checked(BASE + '#'.repeat(MAX_CONFIG_BYTES) + '\n');
    assert.deepEqual(out, [`line.yaml:1:1 (root): config is larger than ${MAX_CONFIG_BYTES} bytes`]);
  });

  it('20,000 unknown keys are each reported, located at their key', () => {
    let yaml = BASE;
    for (let i = 0; i < 20000; i++) yaml += `k${i}: 1\n`;
    const out = problems(yaml);
    assert.equal(out.length, 20000);
    assert.equal(out[19999], 'line.yaml:20014:1 k19999: unknown key');
  });

  it('a directory given as the config file', () => {
    const out = loadConfigFile(tmp.dir, deviceFamilies).problems.map(formatProblem);
    assert.deepEqual(out, [`${tmp.dir}:1:1 (root): cannot read config: it is a directory`]);
  });

  it('an unknown LINEGATE_LOG_LEVEL is a problem, not a crash', () => {
    assert.equal(envLogLevelProblem({ LINEGATE_LOG_LEVEL: 'debug' }), undefined);
    assert.equal(envLogLevelProblem({}), undefined);
    assert.equal(
      envLogLevelProblem({ LINEGATE_LOG_LEVEL: 'verbose' }),
      'LINEGATE_LOG_LEVEL="verbose" is not a log level (fatal, error, warn, info, debug, trace, silent)',
    );
  });
});
