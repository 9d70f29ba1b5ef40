/**
 * `npm run soak`: the long soak (SOAK_KILLS, default 200), printing every figure and the machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { machine } from '../bench/bench-lib';
import { runSoak } from './soak';

async function main(): Promise<void> {
  const kills = Number(process.env.SOAK_KILLS ?? 200);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'linegate-soak-'));
  console.log(`soak: ${kills} SIGKILLs of a gateway running a whole line on simulators, on ${machine()}`);
  try {
    const report = await runSoak({ dir, kills, log: (l) => console.log(l) });
    console.log(JSON.stringify(report, null, 2));
    const bad = (
      [
        'serialsIssuedTwice',
        'serialsBurned',
        'acknowledgedMissingUpstream',
        'upstreamSeqGaps',
        'acknowledgedWithoutLabel',
        'componentsInstalledTwice',
      ] as const
    ).filter((k) => report[k] !== 0);
    console.log(bad.length === 0 ? 'soak: every invariant held' : `soak: FAILED: ${bad.join(', ')}`);
    process.exitCode = bad.length === 0 ? 0 : 1;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main();
