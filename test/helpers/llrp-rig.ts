/**
 * An LLRP driver against the simulated reader on a real local TCP port, with fast timing so
 * faults show in a few hundred milliseconds: keepalive 100 ms, read timeout 400 ms.
 */
import { systemClock } from '../../src/ports';
import { LlrpTagReader, type LlrpTagReaderOptions } from '../../devices/llrp/reader';
import { LlrpReaderSimulator, type LlrpSimulatorOptions } from '../../devices/llrp/simulator';
import { DEFAULT_INVENTORY } from '../../devices/llrp/settings';
import type { RfidTagRead } from '../../devices/rfid/types';
import { silentLog } from './silent-log';
import { until as pollUntil } from './until';

/** Polls `cond` every 10 ms until it holds; throws naming `what` after `ms`. */
export function until(what: string, cond: () => boolean, ms = 10000): Promise<void> {
  return pollUntil(what, cond, ms, 10);
}

/** A started simulator and a driver pointed at it (not started unless `start` is set). */
export interface LlrpRig {
  sim: LlrpReaderSimulator;
  reader: LlrpTagReader;
  tags: RfidTagRead[];
  stop(): Promise<void>;
}

/** Builds a rig; `driver` overrides the driver's options. */
export async function llrpRig(
  driver: Partial<LlrpTagReaderOptions> = {},
  sim: LlrpSimulatorOptions = { reportEveryMs: 20 },
): Promise<LlrpRig> {
  const simulator = new LlrpReaderSimulator(sim);
  const port = await simulator.start();
  const reader = new LlrpTagReader({
    ctx: { name: 'rfid-llrp', log: silentLog, clock: systemClock, dataDir: '.' },
    host: '127.0.0.1',
    port,
    settings: { ...DEFAULT_INVENTORY, antennas: [1, 2] },
    timing: { keepaliveMs: 100, readTimeoutMs: 400, responseTimeoutMs: 1000, greetingTimeoutMs: 1000 },
    dedupWindowMs: 300,
    settleMs: 0,
    backoff: { minMs: 20, maxMs: 200 },
    ...driver,
  });
  const tags: RfidTagRead[] = [];
  reader.on('tag', (t) => tags.push(t));
  return {
    sim: simulator,
    reader,
    tags,
    async stop() {
      await reader.stop();
      await simulator.stop();
    },
  };
}

/** The health detail of a reader as a plain record. */
export function detail(reader: LlrpTagReader): Record<string, unknown> {
  return reader.health().detail ?? {};
}

/** How many connections the reader ended with `code` since it started. */
export function errorCount(reader: LlrpTagReader, code: string): number {
  return (detail(reader).errors as Record<string, number> | undefined)?.[code] ?? 0;
}
