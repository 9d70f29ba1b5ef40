/**
 * The station kind registry: adding a kind is one file in this folder plus one line here. The
 * config schema's `stations[]` entry, the config checks and the line's build all go through it.
 */
import type { Static, TObject } from '@sinclair/typebox';
import { Tagged } from '../../config/schema-kit';
import { LinegateError } from '../../errors';
import { assembly } from './assembly';
import { end } from './end';
import type { BuildContext, BuiltStation, CheckContext, StationKind } from './kind';
import { start, type StartStationConfig } from './start';
import { test } from './test';

export const stationKinds = {
  start,
  assembly,
  test,
  end,
};

type Kinds = typeof stationKinds;
type KindSchema = Kinds[keyof Kinds]['schema'];

/** A `stations[]` entry: one branch per registered kind, picked by its `kind`. */
export const Station = Tagged(
  'kind',
  Object.values(stationKinds).map((k): KindSchema => k.schema),
  'a station',
);
type AnyStation = Static<typeof Station>;
type AnyKind = StationKind<TObject, AnyStation>;

/** The registered kind named `kind`, if any. */
export function kindOf(kind: string): AnyKind | undefined {
  // The registry key is the schema's `kind` literal (test/unit/stations/kinds.test.ts), so the
  // kind's functions take any station carrying that key.
  return Object.hasOwn(stationKinds, kind)
    ? (stationKinds[kind as keyof Kinds] as unknown as AnyKind)
    : undefined;
}

/** The checks of the station's kind (an unknown kind is the schema's problem, not checked here). */
export function checkStation(station: AnyStation, ctx: CheckContext): void {
  kindOf(station.kind)?.check(station, ctx);
}

/** Builds the station as its kind says; throws LinegateError CONFIG_INVALID for an unknown kind. */
export function buildStation(station: AnyStation, ctx: BuildContext): BuiltStation {
  const kind = kindOf(station.kind);
  if (!kind)
    throw new LinegateError('CONFIG_INVALID', `station ${station.id}: unknown kind "${station.kind}"`);
  return kind.build(station, ctx);
}

/** Whether stations of this kind begin units (assign serials, print labels) rather than identify them. */
export function beginsUnits(kind: string): boolean {
  return kindOf(kind)?.begins === true;
}

/** The stations that begin units: the ones serial schemes, labels and block leases serve. */
export function startStations(stations: readonly AnyStation[]): StartStationConfig[] {
  return stations.filter((s): s is StartStationConfig => beginsUnits(s.kind));
}

export type { StartStationConfig } from './start';
