/**
 * How device families plug into the gateway. A family looks at the config, builds the parts it
 * drives (printers, PLC connections, readers, simulated devices) and hands them over as ports;
 * the core never learns which library is behind them.
 */
import type { ConfigPart } from '../config/compose';
import type { Config } from '../config/schema';
import type {
  BarcodeScanner,
  DeviceContext,
  HasHealth,
  LabelPrinter,
  Lifecycle,
  StartPort,
  TagReader,
} from './index';

/** A device part with a name and a kind, for health and the dashboard. */
export interface NamedPart extends Lifecycle, HasHealth {
  readonly name: string;
  readonly kind: string;
}

/** Builds the DeviceContext for a named part. */
export type ContextFor = (kind: string, name: string) => DeviceContext;

/** A value, or a promise of it: a family may load its library only when the config needs it. */
type Maybe<T> = T | Promise<T>;

export type { FamilyConfigProblem } from '../config/compose';

/**
 * One family of devices (one folder under devices/). Every method is optional. As a ConfigPart it
 * declares its config (`config`: sections, slot variants, with their defaults, in its own
 * devices/<family>/config.ts) and `checkConfig`, what its parts would refuse at start.
 */
export interface DeviceFamily extends ConfigPart {
  /** Simulated hardware to start before anything connects to it (demo, commissioning). */
  simulators?(config: Config, ctx: ContextFor): Maybe<NamedPart[]>;
  /** Printers this family drives, by the printer's config name. */
  printers?(config: Config, ctx: ContextFor): Maybe<Map<string, LabelPrinter>>;
  /** RFID readers this family drives, by the reader's config name. */
  readers?(config: Config, ctx: ContextFor): Maybe<Map<string, TagReader>>;
  /** Barcode scanners this family drives, by the scanner's config name. */
  scanners?(config: Config, ctx: ContextFor): Maybe<Map<string, BarcodeScanner>>;
  /** Parts that start cycles at stations (PLC handshakes, GPIO inputs, timers). */
  triggers?(config: Config, stations: ReadonlyMap<string, StartPort>, ctx: ContextFor): Maybe<NamedPart[]>;
}
