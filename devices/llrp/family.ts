/**
 * The LLRP family for the registry (devices/index.ts): one driver per `readers` entry whose
 * connection is `{ type: llrp }`; serial readers stay with devices/rfid. The driver (and llrpjs,
 * about 200 ms to load) is loaded only when the config has an LLRP reader.
 */
import type { TagReader } from '../../src/ports';
import type { DeviceFamily } from '../../src/ports/devices';
import { checkLlrpConfig, llrpConfig, llrpReaders } from './config';

/** The LLRP family. */
export const llrpFamily: DeviceFamily = {
  name: 'llrp',
  config: llrpConfig,
  checkConfig: checkLlrpConfig,
  readers(config, ctx): Map<string, TagReader> {
    const readers = new Map<string, TagReader>();
    const entries = llrpReaders(config);
    if (entries.length === 0) return readers;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only when configured
    const { createLlrpReader } = require('./create') as typeof import('./create');
    for (const r of entries) readers.set(r.name, createLlrpReader(r, ctx('reader', r.name)));
    return readers;
  },
};
