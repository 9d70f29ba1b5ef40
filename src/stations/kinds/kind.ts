/**
 * What a station kind declares: its config schema, its config checks, how it is built, and what
 * a station of the kind does beyond the common cycle. The registry is ./index.ts.
 */
import type { Static, TObject } from '@sinclair/typebox';
import type { Config } from '../../config/schema';
import type { ConfigProblem, KeyPath, Locator } from '../../config/problems';
import type { CarrierWindow } from '../carrier-window';
import type { BuildOptions } from '../../line/build';
import type { Logger } from '../../ports';
import type { CompiledFormat } from '../../serials/format';
import type { SerialScheme } from '../../serials/scheme';
import type { Tx } from '../../store/journal';
import type { LineStation } from '../line-station';
import type { StartStation } from '../start-station';

/** One station kind. `schema`'s `kind` literal is the kind's key in the registry. */
export interface StationKind<S extends TObject, C = Static<S>> {
  /** the config schema of a station of this kind (a strict object with a `kind` literal). */
  schema: S;
  /** a station of this kind begins units (assigns serials, prints their labels) rather than identifying them. */
  begins: boolean;
  /** pushes the problems the schema cannot express onto ctx.problems (references, patterns, formats). */
  check(station: C, ctx: CheckContext): void;
  /** builds the station on the devices the families built; throws LinegateError when one is missing. */
  build(station: C, ctx: BuildContext): BuiltStation;
}

/** Refers `name` to an entry of a config section; a located problem when it is not defined there. */
export type RefCheck = (path: KeyPath, name: string | undefined, section: keyof Config, what: string) => void;

/** What a kind's config check gets. */
export interface CheckContext {
  config: Config;
  locate: Locator;
  /** the key path of a key of this station. */
  at: (...rest: (string | number)[]) => KeyPath;
  ref: RefCheck;
  problems: ConfigProblem[];
  /** the serial schemes whose format compiled, by name. */
  formats: ReadonlyMap<string, CompiledFormat>;
  /** every station id of the config. */
  stationIds: ReadonlySet<string>;
}

/** What a kind's build gets. */
export interface BuildContext {
  opts: BuildOptions;
  schemes: ReadonlyMap<string, SerialScheme>;
  timeZone: string;
  /** the station's logger. */
  log: Logger;
  /** the device of that name; throws LinegateError CONFIG_INVALID when no family drives it. */
  device<T>(table: ReadonlyMap<string, T>, name: string, what: string): T;
}

/** A built station: one that begins units (with its carrier window, if any), or one after the start. */
export type BuiltStation = { start: StartStation; carrier?: CarrierWindow } | { line: LineStation };

/** The consume settings of a station whose scans are components (assembly). */
export interface ConsumeSettings {
  pattern?: string;
  lotQuantity: number;
  unknownComponents: 'accept' | 'refuse';
}

/** What a station after the start does besides identifying units, as its kind says. */
export interface LineConduct {
  /** scans on the consume scanner are components consumed into the unit present (assembly). */
  consume?: ConsumeSettings;
  /** done to an admitted unit in the transaction that identifies it: completes it (end). */
  complete?: (tx: Tx, serial: string, station: string) => Promise<unknown>;
}
