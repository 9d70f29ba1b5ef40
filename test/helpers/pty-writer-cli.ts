/**
 * Plays timed byte scripts into several socat pty pairs from its own process (a blocking pty
 * write in the gateway's process could deadlock it, and one process keeps the order and the gaps
 * between devices). Started by pty-writer.ts:
 *   --dir D --ports N      N pairs under D/0, D/1, ...; prints `ready ["D/0/gateway", ...]`
 * Commands on stdin, one a line:
 *   play {"t0": EPOCH_MS, "writes": [[AT_MS, PORT, HEX], ...]}   writes each at t0 + AT, then
 *                                   `done [T, ...]`: when each write began (epoch ms, sub-ms)
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { PtyHost } from '../../devices/serial/pty-host';

const arg = (name: string) => process.argv[process.argv.indexOf(`--${name}`) + 1];

/** Epoch ms with sub-ms resolution (comparable across processes of one machine). */
const hrNow = () => performance.timeOrigin + performance.now();

async function play(
  hosts: PtyHost[],
  t0: number,
  writes: Array<[number, number, string]>,
): Promise<number[]> {
  const written: number[] = [];
  for (const [at, port, hex] of writes) {
    const due = t0 + at;
    const wait = due - Date.now() - 2;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    while (Date.now() < due) {
      // the last 2 ms: spin, timers are not that precise
    }
    written.push(hrNow());
    await hosts[port].write(Buffer.from(hex, 'hex'));
  }
  return written;
}

async function main(): Promise<void> {
  const dir = arg('dir');
  const hosts = Array.from({ length: Number(arg('ports')) }, (_, i) => {
    mkdirSync(path.join(dir, String(i)), { recursive: true });
    return new PtyHost({ dir: path.join(dir, String(i)) });
  });
  for (const h of hosts) await h.start();
  console.log(`ready ${JSON.stringify(hosts.map((h) => h.gatewayPath))}`);
  const stop = async () => {
    for (const h of hosts) await h.stop();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop());
  let queue = Promise.resolve();
  readline
    .createInterface({ input: process.stdin })
    .on('line', (line) => {
      queue = queue.then(async () => {
        if (!line.startsWith('play ')) return console.log(`error unknown command`);
        const plan = JSON.parse(line.slice(5)) as { t0: number; writes: Array<[number, number, string]> };
        try {
          console.log(`done ${JSON.stringify(await play(hosts, plan.t0, plan.writes))}`);
        } catch (err) {
          console.log(`error ${(err as Error).message}`);
        }
      });
    })
    .on('close', () => void stop());
}

void main();
