/**
 * The RFID device family for the registry (devices/index.ts): one driver per `readers` entry,
 * on a serial port or on the built-in simulator.
 */
import { variantOf } from '../../src/config/compose';
import type { DeviceContext, TagReader } from '../../src/ports';
import type { DeviceFamily } from '../../src/ports/devices';
import {
  checkRfidConfig,
  READER_SERIAL,
  READER_SIMULATOR,
  readersOf,
  rfidConfig,
  rfidSimulatorOptions,
  type ReaderConfig,
} from './config';
import { createReaderProtocol } from './protocols';
import { SerialTagReader, type ReaderTuning } from './reader';
import { SimulatedTagReader } from './simulated-reader';

export { rfidSimulatorOptions } from './config';

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
  const serial = variantOf(cfg.connection, READER_SERIAL);
  if (serial) {
    return new SerialTagReader({ ...common, address: { path: serial.path, baudRate: serial.baudRate } });
  }
  if (!variantOf(cfg.connection, READER_SIMULATOR))
    throw new TypeError(`${where}: connection type ${cfg.connection.type} is not an RFID family connection`);
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
  config: rfidConfig,
  checkConfig: checkRfidConfig,
  readers(config, ctx): Map<string, TagReader> {
    const readers = new Map<string, TagReader>();
    for (const [name, cfg] of Object.entries(readersOf(config))) {
      // other families' connections (llrp) are theirs to build
      if (!variantOf(cfg.connection, READER_SERIAL) && !variantOf(cfg.connection, READER_SIMULATOR)) continue;
      readers.set(name, createTagReader(cfg, ctx('reader', name)));
    }
    return readers;
  },
};
