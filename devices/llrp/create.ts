/** Builds LLRP reader drivers from `readers` entries whose connection is `{ type: llrp }`. */
import { readFileSync } from 'node:fs';
import type { LlrpConnectionConfig } from './config';
import type { DeviceContext } from '../../src/ports';
import { LlrpTagReader, type LlrpTagReaderOptions } from './reader';
import type { LlrpInventorySettings } from './settings';
import { SimulatedLlrpReader } from './simulated-reader';

/** Knobs that are not config keys (tests). */
export type LlrpTuning = Pick<LlrpTagReaderOptions, 'settleMs' | 'backoff' | 'timing'>;

/** The inventory settings of a connection entry. */
export function llrpSettings(c: LlrpConnectionConfig): LlrpInventorySettings {
  const settings: LlrpInventorySettings = {
    antennas: c.antennas,
    session: c.session as LlrpInventorySettings['session'],
    searchMode: c.searchMode,
    tagPopulation: c.tagPopulation,
    vendor: c.vendor,
  };
  if (c.powerDbm !== undefined) settings.powerDbm = c.powerDbm;
  return settings;
}

function tlsOf(c: LlrpConnectionConfig, where: string): LlrpTagReaderOptions['tls'] {
  if (!c.tls) return undefined;
  let ca: Buffer | undefined;
  if (c.tls.ca) {
    try {
      ca = readFileSync(c.tls.ca);
    } catch (err) {
      throw new TypeError(`${where}.connection.tls.ca: ${(err as Error).message}`, { cause: err });
    }
  }
  return { ca, rejectUnauthorized: !c.tls.insecure };
}

/** What an LLRP reader is built from: its `readers` entry's connection and dedup window. */
export interface LlrpReaderConfig {
  connection: LlrpConnectionConfig;
  dedupWindowMs: number;
}

/** Builds the driver for one LLRP `readers` entry (nothing is opened until start()). */
export function createLlrpReader(
  cfg: LlrpReaderConfig,
  ctx: DeviceContext,
  tuning: LlrpTuning = {},
): LlrpTagReader | SimulatedLlrpReader {
  const c = cfg.connection;
  const common = {
    ctx,
    host: c.host,
    tls: tlsOf(c, `readers.${ctx.name}`),
    settings: llrpSettings(c),
    timing: { keepaliveMs: c.keepaliveMs, readTimeoutMs: c.readTimeoutMs, ...tuning.timing },
    dedupWindowMs: cfg.dedupWindowMs,
    settleMs: tuning.settleMs,
    backoff: tuning.backoff,
  };
  if (!c.simulate) return new LlrpTagReader({ ...common, port: c.port });
  const { tags, everyMs, dwellMs } = c.simulate;
  return new SimulatedLlrpReader({
    ...common,
    simulator: { port: c.port, auto: tags.length > 0 ? { tags, everyMs, dwellMs } : undefined },
  });
}
