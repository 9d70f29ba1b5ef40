/** Shared serial-device parts: the framing streams and the pty simulator host (the reconnecting link is devices/link). */
export { Framer, emptyStats, type FramingStats } from './framing/framer';
export { LineFramer, type LineFramerOptions } from './framing/line-framer';
export { StxEtxFramer, type StxEtxFramerOptions } from './framing/stx-etx-framer';
export { LengthPrefixedFramer, type LengthPrefixedFramerOptions } from './framing/length-prefixed-framer';
export {
  Bb7eFramer,
  bb7eChecksum,
  encodeBb7e,
  type Bb7eFrame,
  type Bb7eFramerOptions,
} from './framing/bb7e-framer';
export { SimulatorProcess, simulatorScript, type SimulatorProcessOptions } from './sim-process';
export { listSerialPorts, type SerialPortListing } from './list';
