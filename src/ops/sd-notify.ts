/**
 * systemd notification (sd_notify) without a native module. Node cannot send on a Unix datagram
 * socket, so a small long-lived python3 helper does it: messages go to its stdin, one a line.
 * Long-lived matters: systemd attributes a notification by the sender's cgroup, and a sender
 * that has already exited (as a one-shot `systemd-notify` may have) can be dropped; the unit
 * sets NotifyAccess=all so the helper, a child of linegate, is accepted.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { Logger } from '../ports';

const HELPER = `
import os, socket, sys
addr = os.environ["NOTIFY_SOCKET"]
if addr.startswith("@"):
    addr = "\\0" + addr[1:]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
for line in sys.stdin:
    try:
        s.sendto(line.rstrip("\\n").replace("\\\\n", "\\n").encode(), addr)
    except OSError as e:
        sys.stderr.write("sd_notify: %s\\n" % e)
`;

export interface SdNotifier {
  /** READY=1: devices are open and the API answers. */
  ready(status?: string): void;
  /** STOPPING=1: a graceful stop has begun. */
  stopping(): void;
  /** Ends the watchdog timer and the helper. */
  close(): void;
}

/** Starts notifying when NOTIFY_SOCKET is set (running under Type=notify); otherwise a no-op. */
export function startSdNotify(log: Logger, env: NodeJS.ProcessEnv = process.env): SdNotifier {
  if (!env.NOTIFY_SOCKET)
    return { ready: () => undefined, stopping: () => undefined, close: () => undefined };
  let helper: ChildProcess | undefined = spawn(env.LINEGATE_PYTHON ?? 'python3', ['-u', '-c', HELPER], {
    env: { NOTIFY_SOCKET: env.NOTIFY_SOCKET, PATH: env.PATH },
    stdio: ['pipe', 'ignore', 'pipe'],
  });
  helper.on('error', (err) => {
    log.error({ err }, 'sd_notify helper (python3) could not start: systemd will not see READY');
    helper = undefined;
  });
  helper.stderr?.on('data', (d: Buffer) => log.warn({ detail: d.toString().trim() }, 'sd_notify failed'));
  const send = (message: string) => helper?.stdin?.write(message.replace(/\n/g, '\\n') + '\n');

  // Watchdog pings at half the interval systemd gives (WATCHDOG_USEC, microseconds).
  let watchdog: NodeJS.Timeout | undefined;
  const usec = Number(env.WATCHDOG_USEC);
  const forUs = env.WATCHDOG_PID === undefined || Number(env.WATCHDOG_PID) === process.pid;
  if (Number.isFinite(usec) && usec > 0 && forUs) {
    watchdog = setInterval(() => send('WATCHDOG=1'), usec / 1000 / 2);
    watchdog.unref();
  }
  return {
    ready: (status) => send(`READY=1\nMAINPID=${process.pid}${status ? `\nSTATUS=${status}` : ''}`),
    stopping: () => send('STOPPING=1'),
    close: () => {
      clearInterval(watchdog);
      helper?.stdin?.end();
      helper = undefined;
    },
  };
}
