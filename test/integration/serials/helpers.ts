/**
 * Helpers of the serial lifecycle tests: CSV files of valid serials for the test scheme
 * ("{YY}{seq:7}{check:gs1}"), the CLI run in this process with its output captured, and what a
 * store holds after an import.
 */
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { main } from '../../../src/cli/main';
import { checkAlgorithms } from '../../../src/serials/check';
import { Sublevels } from '../../../src/store/layout';
import { openStore } from '../../../src/store/store';
import type { GatewayEvent } from '../../../src/events/event';
import type { SerialRecord } from '../../../src/units/unit';
import { gatewayYaml } from '../../helpers/gateway-config';

/** A serial of the test scheme for year code 26 and sequence `seq`. */
export function serialOf(seq: number): string {
  const payload = '26' + String(seq).padStart(7, '0');
  return payload + checkAlgorithms.gs1.compute(payload);
}

/** The lines of an import file: header, then `count` rows for the work order from `firstSeq` on. */
export function csvLines(count: number, firstSeq: number, workOrder = 'WO-55'): string[] {
  const lines = ['serial,partNumber,workOrder'];
  for (let i = 0; i < count; i++) lines.push(`${serialOf(firstSeq + i)},PN-100,${workOrder}`);
  return lines;
}

/** Writes lines as a CSV file in `dir`; returns its path. */
export function writeCsv(dir: string, name: string, lines: string[], eol = '\n'): string {
  const file = path.join(dir, name);
  writeFileSync(file, lines.join(eol) + eol);
  return file;
}

/** A config with one start station whose work order is WO-55, its API on `port`. */
export function serialsYaml(dir: string, port = 0, extraStation = ''): string {
  return gatewayYaml(dir, `    workOrder: WO-55\n${extraStation}`, '', port);
}

/** Runs `linegate serials …` in this process (spawning one costs a second or two), capturing its output. */
export async function serialsCli(
  ...args: string[]
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const out = process.stdout.write.bind(process.stdout);
  const err = process.stderr.write.bind(process.stderr);
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += String(chunk)), true)) as typeof out;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += String(chunk)), true)) as typeof err;
  try {
    const code = await main(['node', 'linegate', 'serials', ...args]);
    return { code, stdout, stderr };
  } finally {
    process.stdout.write = out;
    process.stderr.write = err;
  }
}

/** What a store holds: serials by status, event types, imports, and the WO-55 pool size. */
export interface StoreSummary {
  serials: number;
  byStatus: Record<string, number>;
  events: string[];
  imports: number;
  poolSize: number;
}

/** Reads the store in `dataDir` (the gateway must be stopped). */
export async function summarize(dataDir: string): Promise<StoreSummary> {
  const store = await openStore(dataDir);
  try {
    const byStatus: Record<string, number> = {};
    let serials = 0;
    for await (const v of store.sub(Sublevels.serials).values()) {
      const r = v as SerialRecord;
      byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
      serials++;
    }
    const events = ((await store.sub(Sublevels.events).values().all()) as GatewayEvent[]).map((e) => e.type);
    const imports = (await store.sub(Sublevels.imports).keys().all()).length;
    const head = (await store.sub(Sublevels.workOrders).get('WO-55')) as { size: number } | undefined;
    return { serials, byStatus, events, imports, poolSize: head?.size ?? 0 };
  } finally {
    await store.close();
  }
}
