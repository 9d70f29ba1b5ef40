/**
 * CLI output to a pipe whose reader is slow (a pager, a script that reads late) arrives whole:
 * stdout to a pipe is written asynchronously, and exiting as soon as the command returned cut the
 * schema (107 kB) off at the pipe's 64 KiB.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { BIN } from '../../helpers/gateway-process';
import { tempDir } from '../../helpers/tmp';

describe('cli: output to a slow pipe', function () {
  this.timeout(90_000);
  const tmp = tempDir();
  after(() => tmp.cleanup());

  it('config schema through a pipe whose reader starts late gets every byte the --out file gets', async () => {
    const file = path.join(tmp.dir, 'schema.json');
    const wrote = spawn(process.execPath, [BIN, 'config', 'schema', '--out', file], { stdio: 'ignore' });
    await new Promise((resolve) => wrote.on('exit', resolve));
    const whole = readFileSync(file);
    assert.ok(whole.length > 65_536, `the schema (${whole.length} bytes) is larger than a pipe holds`);

    // A real pipe (node's own child pipes are sockets with larger buffers); the reader starts 2 s
    // late, after a command that does not flush has exited.
    const script = `"${process.execPath}" "${BIN}" config schema | (sleep 2; cat)`;
    const { stdout } = await promisify(execFile)('sh', ['-c', script], {
      encoding: 'buffer',
      maxBuffer: 16 * 1024 * 1024,
    });
    assert.equal(stdout.length, whole.length);
    assert.ok(stdout.equals(whole));
  });
});
