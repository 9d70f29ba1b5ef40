/**
 * `npm run soak:memory`: the demo line at a fast pace for SOAK_MINUTES (default 60); prints the
 * gateway's RSS every minute and compares the end with the 5-minute mark (goal: within 10%).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machine } from '../bench/bench-lib';
import { startSteady } from './steady';

async function main(): Promise<void> {
  const minutes = Number(process.env.SOAK_MINUTES ?? 60);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'linegate-memory-'));
  console.log(
    `memory soak: ${minutes} min of the demo line at a request every 20 ms per station, on ${machine()}`,
  );
  const line = await startSteady(dir);
  let at5 = 0;
  try {
    for (let m = 1; m <= minutes; m++) {
      await new Promise((r) => setTimeout(r, 60_000));
      const rss = line.rss();
      if (m === Math.min(5, minutes)) at5 = rss;
      const { anon, file } = line.rssParts();
      const mib = (n: number) => (n / 2 ** 20).toFixed(1);
      console.log(
        `minute ${m}: RSS ${mib(rss)} MiB (anonymous ${mib(anon)}, file-backed ${mib(file)}), ${await line.cycles()} cycles, ${line.mes.events.size} events upstream`,
      );
    }
    const end = line.rss();
    const growth = (end - at5) / at5;
    console.log(
      `RSS at 5 min ${(at5 / 2 ** 20).toFixed(1)} MiB, at ${minutes} min ${(end / 2 ** 20).toFixed(1)} MiB: ${(growth * 100).toFixed(1)}% (goal within 10%)`,
    );
    process.exitCode = Math.abs(growth) <= 0.1 ? 0 : 1;
  } finally {
    await line.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
