/** RFID readers: the family for the registry, the drivers, the protocols and the simulator. */
export { rfidFamily, createTagReader, rfidSimulatorOptions } from './family';
export {
  SerialTagReader,
  sgtinOf,
  type SerialTagReaderOptions,
  type ReaderTuning,
  type TagReaderEvents,
} from './reader';
export { SimulatedTagReader, type SimulatedTagReaderOptions } from './simulated-reader';
export { DedupFilter, type DedupOptions, type DedupStats, type DedupEvents } from './dedup';
export { RfidSimulator, type RfidSimulatorOptions, type SimTagOptions } from './simulator';
export { RfidSimDevice, type SimReaderProtocol } from './sim-device';
export { readerProtocols, createReaderProtocol, type ReaderProtocolName } from './protocols';
export { checkReaderPattern, parseAsciiLine, DEFAULT_ASCII_PATTERN } from './protocols/ascii-lines';
export {
  multiPollCommand,
  stopMultiPollCommand,
  singlePollCommand,
  tagNotice,
  parseTagNotice,
  gen2Crc16,
} from './protocols/uhf-bb7e';
export type * from './types';
