/**
 * The LLRP family for the registry (devices/index.ts): one driver per `readers` entry whose
 * connection is `{ type: llrp }`; serial readers stay with devices/rfid. The driver (and llrpjs,
 * about 200 ms to load) is loaded only when the config has an LLRP reader.
 */
import type { TagReader } from '../../src/ports';
import type { DeviceFamily } from '../../src/ports/devices';

/** The LLRP family. */
export const llrpFamily: DeviceFamily = {
  name: 'llrp',
  readers(config, ctx): Map<string, TagReader> {
    const readers = new Map<string, TagReader>();
    const entries = Object.entries(config.readers ?? {}).filter(([, cfg]) => cfg.connection.type === 'llrp');
    if (entries.length === 0) return readers;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when configured
    const { createLlrpReader } = require('./create') as typeof import('./create');
    for (const [name, cfg] of entries) readers.set(name, createLlrpReader(cfg, ctx('reader', name)));
    return readers;
  },
};
