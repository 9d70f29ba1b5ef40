import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { startSdNotify } from '../../../src/ops/sd-notify';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';

/** A stand-in for systemd's notify socket: a real Unix datagram socket, read by python3. */
function notifySocket(file: string) {
  const receiver = spawn('python3', [
    '-u',
    '-c',
    `
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print("LISTENING", flush=True)
while True:
    print(s.recv(4096).decode().replace("\\n", "|"), flush=True)
`,
    file,
  ]);
  const messages: string[] = [];
  const lines = readline.createInterface({ input: receiver.stdout });
  const listening = new Promise<void>((resolve) =>
    lines.on('line', (l) => (l === 'LISTENING' ? resolve() : messages.push(l))),
  );
  return { messages, listening, close: () => receiver.kill() };
}

const until = async (cond: () => boolean) => {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
  assert.ok(cond(), 'condition not met in time');
};

describe('sd_notify', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('sends READY, WATCHDOG at half the interval, and STOPPING to NOTIFY_SOCKET', async () => {
    const file = path.join(tmp.dir, 'notify.sock');
    const socket = notifySocket(file);
    await socket.listening;
    const notifier = startSdNotify(silentLog, {
      NOTIFY_SOCKET: file,
      WATCHDOG_USEC: '200000',
      PATH: process.env.PATH,
    });
    notifier.ready('serving');
    await until(() => socket.messages.some((m) => m.startsWith('WATCHDOG=1')));
    notifier.stopping();
    await until(() => socket.messages.includes('STOPPING=1'));
    notifier.close();
    socket.close();
    assert.equal(socket.messages[0], `READY=1|MAINPID=${process.pid}|STATUS=serving`);
  });

  it('does nothing outside systemd', () => {
    const notifier = startSdNotify(silentLog, {});
    notifier.ready();
    notifier.close();
  });
});
