/**
 * The RFID device family for the registry (devices/index.ts): one driver per `readers` entry,
 * on a serial port or on the built-in simulator.
 */
import type { ReaderConfig } from '../../src/config/schema';
import type { DeviceContext, TagReader } from '../../src/ports';
import type { DeviceFamily } from '../../src/ports/devices';
import { SimOptionsReader } from '../serial/sim-options';
import { createReaderProtocol } from './protocols';
import { checkReaderPattern } from './protocols/ascii-lines';
import { SerialTagReader, type ReaderTuning } from './reader';
import { SimulatedTagReader } from './simulated-reader';
import type { RfidSimulatorOptions } from './simulator';

const EPC = /^([0-9A-Fa-f]{4})+$/;

/** The simulator settings in `connection.options`: tags, everyMs, readsPerPass, delayMs, pty. */
export function rfidSimulatorOptions(cfg: ReaderConfig, where: string): RfidSimulatorOptions {
  const options = cfg.connection.type === 'simulator' ? (cfg.connection.options ?? {}) : {};
  const o = new SimOptionsReader(options, `${where}.connection.options`).only([
    'tags',
    'everyMs',
    'readsPerPass',
    'delayMs',
    'pty',
  ]);
  return {
    protocol: cfg.protocol,
    autoTags: o.strings('tags', EPC, 'EPCs in hex (whole 16-bit words)'),
    autoEveryMs: o.positiveInt('everyMs'),
    autoReads: o.positiveInt('readsPerPass'),
    autoDelayMs: o.positiveInt('delayMs'),
    pty: o.bool('pty'),
  };
}

/** Builds the driver for one `readers` entry (nothing is opened until start()); throws TypeError on bad settings. */
export function createTagReader(
  cfg: ReaderConfig,
  ctx: DeviceContext,
  tuning?: ReaderTuning,
): SerialTagReader | SimulatedTagReader {
  const where = `readers.${ctx.name}`;
  let protocol;
  try {
    protocol = createReaderProtocol(cfg.protocol, { pattern: cfg.pattern });
  } catch (err) {
    throw new TypeError(`${where}: ${(err as Error).message}`, { cause: err });
  }
  const common = { ctx, protocol, dedupWindowMs: cfg.dedupWindowMs, tuning };
  if (cfg.connection.type === 'serial') {
    return new SerialTagReader({
      ...common,
      address: { path: cfg.connection.path, baudRate: cfg.connection.baudRate },
    });
  }
  if (cfg.pattern !== undefined) {
    ctx.log.warn(
      { reader: ctx.name },
      'the simulator prints EPC,RSSI,ANTENNA lines; a custom pattern must match them',
    );
  }
  return new SimulatedTagReader({ ...common, simulator: rfidSimulatorOptions(cfg, where) });
}

/** The RFID family. */
export const rfidFamily: DeviceFamily = {
  name: 'rfid',
  checkConfig(config) {
    const problems = [];
    for (const [name, cfg] of Object.entries(config.readers ?? {})) {
      const bad = cfg.pattern === undefined ? undefined : checkReaderPattern(cfg.pattern);
      if (bad) problems.push({ path: ['readers', name, 'pattern'], message: bad });
    }
    return problems;
  },
  readers(config, ctx): Map<string, TagReader> {
    const readers = new Map<string, TagReader>();
    for (const [name, cfg] of Object.entries(config.readers ?? {})) {
      if (cfg.connection.type === 'llrp') continue; // LLRP readers belong to devices/llrp
      readers.set(name, createTagReader(cfg, ctx('reader', name)));
    }
    return readers;
  },
};
