/**
 * Store damage as an SD card does it: a real gateway issues serials, is killed, its data folder
 * is copied, the copy's LevelDB write-ahead log is damaged, and a second gateway starts on the
 * copy. Counted as false: a serial answered before and again after (servedTwice), an event seq
 * of the first run used again (eventsLost), and a damaged store that health does not report.
 */
import { cpSync, mkdirSync, readdirSync, statSync, truncateSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openStore } from '../../src/store/store';
import { Sublevels } from '../../src/store/layout';
import type { GatewayEvent } from '../../src/events/event';
import { startGateway, type GatewayProcess } from '../helpers/gateway-process';
import { TEST_TOKEN, gatewayYaml } from '../helpers/gateway-config';
import { tempDir } from '../helpers/tmp';
import type { FaultOutcome } from './fault';

/** Starts issued before the damage, and after it. */
const BEFORE = 40;
const AFTER = 10;
/** A gateway start takes about a second; on a loaded machine (CI, shared cores) many times that. */
const START_MS = 90_000;

/** Damages LevelDB's newest write-ahead log file in `dataDir`. */
export type Damage = (walFile: string) => void;

/** Truncates the log to `fraction` of its length. */
export function truncateTo(fraction: number): Damage {
  return (file) => truncateSync(file, Math.floor(statSync(file).size * fraction));
}

/** Flips `count` bytes (every bit of each) from the middle of the log on. */
export function flipBytes(count: number): Damage {
  return (file) => {
    const bytes = readFileSync(file);
    const from = Math.floor(bytes.length / 2);
    for (let i = from; i < Math.min(bytes.length, from + count); i++) bytes[i] ^= 0xff;
    writeFileSync(file, bytes);
  };
}

/** The newest `NNNNNN.log` of a LevelDB folder. */
function newestLog(dataDir: string): string {
  const logs = readdirSync(dataDir)
    .filter((f) => /^\d+\.log$/.test(f))
    .sort();
  if (logs.length === 0) throw new Error(`no write-ahead log in ${dataDir}`);
  return path.join(dataDir, logs[logs.length - 1]);
}

async function starts(gw: GatewayProcess, prefix: string, n: number): Promise<string[]> {
  const serials: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await fetch(`${gw.url}/api/stations/ST10/start`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ requestId: `${prefix}-${i}` }),
    });
    const body = (await res.json()) as { serial?: string; result: number; code?: string };
    if (res.status === 200 && body.result === 0 && body.serial) serials.push(body.serial);
  }
  return serials;
}

/** seq → event id of every stored event. */
async function storedEvents(dataDir: string): Promise<Map<number, string>> {
  const store = await openStore(dataDir);
  try {
    const events = new Map<number, string>();
    for await (const v of store.sub(Sublevels.events).values()) {
      const e = v as GatewayEvent;
      events.set(e.seq, e.id);
    }
    return events;
  } finally {
    await store.close();
  }
}

/** Runs one damage case end to end on its own folder. */
export async function storeDamageCase(injected: string, damage: Damage): Promise<FaultOutcome> {
  const tmp = tempDir('linegate-fault-store-');
  try {
    const first = path.join(tmp.dir, 'first');
    const copy = path.join(tmp.dir, 'copy');
    const config = (dir: string) => {
      mkdirSync(dir, { recursive: true });
      const file = path.join(dir, 'linegate.yaml');
      writeFileSync(file, gatewayYaml(dir));
      return file;
    };
    const gw1 = await startGateway(config(first), {}, START_MS);
    const answered = new Set(await starts(gw1, 'before', BEFORE));
    gw1.child.kill('SIGKILL');
    await gw1.exited;
    // Copied before anything opens it: opening replays the log into a table and starts a new one.
    cpSync(path.join(first, 'data'), path.join(copy, 'data'), { recursive: true });
    damage(newestLog(path.join(copy, 'data')));
    const before = await storedEvents(path.join(first, 'data'));

    const gw2 = await startGateway(config(copy), {}, START_MS);
    const health = (await (await fetch(`${gw2.url}/healthz`)).json()) as {
      parts: Record<string, { ok: boolean; state: string }>;
    };
    const metrics = await (await fetch(`${gw2.url}/metrics`)).text();
    const after = await starts(gw2, 'after', AFTER);
    gw2.child.kill('SIGTERM');
    await gw2.exited;
    const afterEvents = await storedEvents(path.join(copy, 'data'));

    const servedTwice = after.filter((s) => answered.has(s)).length;
    // A seq of the first run held by another event now: receivers would see one seq twice.
    let lost = 0;
    let reused = 0;
    for (const [seq, id] of before) {
      const now = afterEvents.get(seq);
      if (now !== id) lost++;
      if (now !== undefined && now !== id) reused++;
    }
    const store = health.parts.store;
    const integrity = /linegate_store_integrity_ok\{[^}]*\} (\d)/.exec(metrics)?.[1];
    // Losing records is the injected fault; saying nothing about it would be false.
    const unreported = lost > 0 && (store.ok || integrity !== '0') ? 1 : 0;
    return {
      injected: `${injected} after ${BEFORE} starts (${lost} of ${before.size} events lost with it)`,
      answered:
        `health store ${store.ok ? 'ok' : 'not ok'} "${store.state.slice(0, 90)}", integrity_ok ${integrity}; ` +
        `${after.length}/${AFTER} new starts, ${servedTwice} reissued; ${reused} seqs reused`,
      false: { servedTwice, eventsLost: reused, otherFalse: unreported },
    };
  } finally {
    tmp.cleanup();
  }
}
