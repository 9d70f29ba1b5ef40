/**
 * The RFID family's part of the config: the `readers` section, whose `connection` is a slot other
 * families fill too (devices/llrp adds `type: llrp`); this family brings `serial` and `simulator`.
 * Also the checks a reader would otherwise fail at start: its pattern and its simulator options.
 */
import { Type, type Static } from '@sinclair/typebox';
import {
  sectionOf,
  variant,
  variantOf,
  type ConfigDeclaration,
  type FamilyConfigProblem,
} from '../../src/config/compose';
import { SerialConnection, SimulatorConnection } from '../../src/config/connections';
import type { Config } from '../../src/config/schema';
import { Millis, Slot, Strict, type SlotName, type TaggedRef } from '../../src/config/schema-kit';
import { SimOptionsReader } from '../serial/sim-options';
import { checkReaderPattern } from './protocols/ascii-lines';
import type { RfidSimulatorOptions } from './simulator';

/** A reader's `connection`: every reader family contributes its variants (see variantOf). */
export const READER_CONNECTION: SlotName = {
  name: 'reader-connection',
  tag: 'type',
  description: 'how to reach it',
};

const Reader = Strict(
  {
    connection: Slot<TaggedRef>(READER_CONNECTION),
    protocol: Type.Union([Type.Literal('uhf-bb7e'), Type.Literal('ascii-lines')], {
      default: 'ascii-lines',
      description: 'serial readers only (an llrp connection speaks LLRP)',
    }),
    pattern: Type.Optional(
      Type.String({ description: 'ascii-lines: regex with named groups epc, rssi, antenna' }),
    ),
    dedupWindowMs: Millis(2000, 'reads of one tag within this window are one visit'),
  },
  'an RFID reader',
);

/** `readers`: RFID readers by name. */
export const READERS = {
  key: 'readers',
  schema: Type.Record(Type.String(), Reader, { default: {} }),
  devices: true,
};
/** `connection: { type: serial }` of a reader. */
export const READER_SERIAL = variant(READER_CONNECTION, SerialConnection);
/** `connection: { type: simulator }` of a reader: the built-in simulated reader. */
export const READER_SIMULATOR = variant(READER_CONNECTION, SimulatorConnection);
/** What the RFID family declares of the config. */
export const rfidConfig: ConfigDeclaration = {
  sections: [READERS],
  variants: [READER_SERIAL, READER_SIMULATOR],
};

/** One `readers` entry (its connection narrowed with variantOf). */
export type ReaderConfig = Static<typeof Reader>;

/** The readers of a validated config. */
export function readersOf(config: Config): Record<string, ReaderConfig> {
  return sectionOf(config, READERS);
}

const EPC = /^([0-9A-Fa-f]{4})+$/;

/**
 * The simulator settings in `connection.options`: tags, everyMs, readsPerPass, delayMs, pty.
 * A bad option throws a TypeError naming it, or given `report`, is reported.
 */
export function rfidSimulatorOptions(
  cfg: ReaderConfig,
  where: string,
  report?: (key: string, message: string) => void,
): RfidSimulatorOptions {
  const options = variantOf(cfg.connection, READER_SIMULATOR)?.options ?? {};
  const o = new SimOptionsReader(options, `${where}.connection.options`, report).only([
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

/** Patterns that are not usable regexes, and bad simulator options. */
export function checkRfidConfig(config: Config): FamilyConfigProblem[] {
  const problems: FamilyConfigProblem[] = [];
  for (const [name, cfg] of Object.entries(readersOf(config))) {
    const bad = cfg.pattern === undefined ? undefined : checkReaderPattern(cfg.pattern);
    if (bad) problems.push({ path: ['readers', name, 'pattern'], message: bad });
    if (!variantOf(cfg.connection, READER_SIMULATOR)) continue;
    rfidSimulatorOptions(cfg, `readers.${name}`, (key, message) =>
      problems.push({ path: ['readers', name, 'connection', 'options', key], message }),
    );
  }
  return problems;
}
