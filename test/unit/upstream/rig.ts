/**
 * Test rig for the upstream part: a real store and journal in a temp folder, events appended
 * as the journal would for start cycles, the upstream part on a config written as YAML, and a
 * logger whose lines the test can read (to prove the token never shows up).
 */
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Config } from '../../../src/config/schema';
import type { GatewayEvent } from '../../../src/events/event';
import type { Clock, Logger } from '../../../src/ports';
import { Journal } from '../../../src/store/journal';
import { Sublevels } from '../../../src/store/layout';
import { openStore, type Store } from '../../../src/store/store';
import { createUpstream, type UpstreamDeps, type UpstreamPart } from '../../../src/upstream/upstream';
import type { UpstreamAlarm } from '../../../src/upstream/types';
import { gatewayConfig } from '../../helpers/gateway-config';
import { tempDir } from '../../helpers/tmp';

/** A logger that keeps every line. */
export function capturingLog(level: pino.LevelWithSilent = 'debug'): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  return { log: pino({ level }, sink), lines };
}

/** Polls `check` until it holds; the test's own timeout bounds the wait. */
export async function waitFor(check: () => boolean | Promise<boolean>, intervalMs = 10): Promise<void> {
  while (!(await check())) await new Promise((r) => setTimeout(r, intervalMs));
}

export interface UpstreamRig {
  dir: string;
  config: Config;
  store: Store;
  journal: Journal;
  upstream: UpstreamPart;
  alarms: UpstreamAlarm[];
  lines: string[];
  /** Appends `n` unit.started events, `perTx` per transaction; resolves once durable. */
  append(n: number, perTx?: number): Promise<void>;
  events(): Promise<GatewayEvent[]>;
  /** Stops the upstream part and closes the store (idempotent). */
  close(): Promise<void>;
  /** close() and remove the folder. */
  dispose(): Promise<void>;
}

export interface RigOptions {
  /** YAML appended to the test gateway config (upstream:, store:, ...). */
  yaml: string;
  /** YAML of more schemes under serials: (indented two spaces). */
  schemes?: string;
  dir?: string;
  clock?: Clock;
  deps?: Partial<UpstreamDeps>;
  /** don't start the upstream part. */
  idle?: boolean;
}

/** A store, a journal and the upstream part of `yaml`. */
export async function upstreamRig(opts: RigOptions): Promise<UpstreamRig> {
  const tmp = opts.dir ? { dir: opts.dir, cleanup: () => undefined } : tempDir('linegate-up-');
  const config = gatewayConfig(tmp.dir, opts.yaml, opts.schemes);
  const clock = opts.clock ?? { now: () => Date.now() };
  const store = await openStore(config.gateway.dataDir);
  const journal = new Journal(store, { gatewayId: config.gateway.id, clock });
  const alarms: UpstreamAlarm[] = [];
  const { log, lines } = capturingLog();
  const upstream = createUpstream({
    config,
    store,
    journal,
    log,
    clock,
    onAlarm: (a) => alarms.push(a),
    ...opts.deps,
  });
  if (!opts.idle) await upstream.start();
  let closed = false;
  let serial = 0;
  const rig: UpstreamRig = {
    dir: tmp.dir,
    config,
    store,
    journal,
    upstream,
    alarms,
    lines,
    async append(n, perTx = 200) {
      for (let done = 0; done < n; done += perTx) {
        const k = Math.min(perTx, n - done);
        await journal.run((tx) => {
          for (let i = 0; i < k; i++)
            tx.appendEvent({
              type: 'unit.started',
              station: 'ST10',
              serial: `S${++serial}`,
              partNumber: 'PN-100',
            });
        });
      }
    },
    async events() {
      return (await store.sub(Sublevels.events).values().all()) as GatewayEvent[];
    },
    async close() {
      if (closed) return;
      closed = true;
      await upstream.stop();
      await journal.close();
      await store.close();
    },
    async dispose() {
      await rig.close();
      tmp.cleanup();
    },
  };
  return rig;
}
