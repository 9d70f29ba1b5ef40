/**
 * A tty whose other end went away while this process was busy: the kernel has already hung it up,
 * so the first read returns 0 (end of file), not EIO. serialport's binding loops on 0 for ever;
 * the gateway's binding must report the disconnect and reopen when the device returns. This is
 * what made the scanner replug test fail under load (the read came after the hangup).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ReconnectingLink, serialOpener } from '../../../devices/link';
import { tempDir } from '../../helpers/tmp';
import { FAST_BACKOFF, until } from './pty.helper';

/** Blocks this thread (the event loop too), as a loaded machine does. */
function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

async function ptyPair(dir: string): Promise<ChildProcess> {
  const socat = spawn('socat', [
    `pty,raw,echo=0,link=${path.join(dir, 'gateway')}`,
    `pty,raw,echo=0,link=${path.join(dir, 'device')}`,
  ]);
  await until(
    () => existsSync(path.join(dir, 'gateway')) && existsSync(path.join(dir, 'device')),
    'pty links',
  );
  return socat;
}

describe('a serial device hung up while the gateway was busy (end of file, not EIO)', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  let socat: ChildProcess | undefined;
  let port: ReconnectingLink | undefined;

  beforeEach(() => (tmp = tempDir()));
  afterEach(async () => {
    await port?.stop();
    socat?.kill('SIGKILL');
    tmp.cleanup();
  });

  for (const busyMs of [0, 50, 300])
    it(`is noticed as a disconnect and reopened (busy ${busyMs} ms while it hangs up)`, async () => {
      socat = await ptyPair(tmp.dir);
      port = new ReconnectingLink({
        opener: serialOpener({ path: path.join(tmp.dir, 'gateway'), baudRate: 9600 }),
        backoff: FAST_BACKOFF,
      });
      let closes = 0;
      port.on('close', () => closes++);
      await port.start();
      await until(() => port!.isOpen, 'open');
      const gone = new Promise((resolve) => socat!.once('exit', resolve));
      socat.kill('SIGKILL');
      blockFor(busyMs);
      await gone;
      await until(() => closes === 1, 'the disconnect noticed');
      socat = await ptyPair(tmp.dir);
      await until(() => port!.isOpen, 'reopened after the device returned');
      assert.equal(port.health().detail?.disconnects, 1);
    });
});
