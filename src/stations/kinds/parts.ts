/**
 * Config parts and code shared by station kinds: the keys every station has (id, work order,
 * trigger), how a station after the start identifies units, its process release keys, and the
 * check and build every station after the start shares.
 */
import { Type, type Static } from '@sinclair/typebox';
import { Name, Strict } from '../../config/schema-kit';
import { Trigger } from '../../config/triggers';
import { LineStation, type LineStationConfig } from '../line-station';
import { checkStationScanning } from './scanning';
import type { BuildContext, BuiltStation, CheckContext, LineConduct } from './kind';

const ReaderRef = Strict({ reader: Type.String() }, 'identify by the carrier tag an RFID reader sees');
const ScannerRef = Strict(
  {
    scanner: Type.String(),
    pattern: Type.Optional(
      Type.String({
        minLength: 1,
        description:
          'one-scanner stations: a scan matching this regex identifies the unit; any other scan is a component',
      }),
    ),
    knownUnits: Type.Optional(
      Type.Literal(true, {
        description:
          'one-scanner stations: a scan naming a unit built here (not itself consumed) identifies it; any other scan is a component',
      }),
    ),
  },
  'identify by the unit serial a barcode scanner reads',
);
/** How a station after the start knows the unit in front of it. */
export const Identify = Type.Union([ReaderRef, ScannerRef], {
  description: 'how the unit at the station is known',
});

/** Keys every station has. */
export const StationBase = {
  id: Name,
  workOrder: Type.Optional(Type.String({ minLength: 1, description: 'active work order' })),
  trigger: Type.Optional(Trigger),
};
const Requirement = Strict(
  {
    station: Type.String({ minLength: 1, description: 'a station the unit must have been identified at' }),
    result: Type.Optional(
      Type.Union([Type.Literal('pass'), Type.Literal('fail')], {
        description: "the unit's latest operation result at that station",
      }),
    ),
    minMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'at least this long since its latest operation (or visit) there (a cure time), ms',
      }),
    ),
    maxMs: Type.Optional(
      Type.Integer({
        minimum: 0,
        description: 'at most this long since its latest operation (or visit) there, ms',
      }),
    ),
  },
  'what the unit must have done before this station',
);
/** Process release keys of every station after the start (see docs/release.md). */
export const ReleaseKeys = {
  requires: Type.Optional(
    Type.Array(Requirement, { maxItems: 50, description: 'the route before this station' }),
  ),
  maxAttempts: Type.Optional(
    Type.Integer({
      minimum: 1,
      description: 'operations allowed here per unit; one more is refused and held',
    }),
  ),
  partNumber: Type.Optional(Type.String({ minLength: 1, description: 'only units of this part number' })),
  tool: Type.Optional(
    Type.String({ minLength: 1, description: 'the tool or fixture id recorded with every operation here' }),
  ),
  badge: Type.Optional(
    Strict(
      { prefix: Type.String({ minLength: 1 }) },
      "a scan beginning with prefix on the station's scanner is an operator badge, not a unit or component",
    ),
  ),
};
export type IdentifyConfig = Static<typeof Identify>;

/** Checks shared by stations after the start: the identifying device, scanner use, the route. */
export function checkLineStation(
  station: Pick<LineStationConfig, 'identify' | 'requires'>,
  ctx: CheckContext,
  consume?: { scanner: string; pattern?: string },
): void {
  const { at, ref } = ctx;
  (station.requires ?? []).forEach((r, j) => {
    if (!ctx.stationIds.has(r.station))
      ctx.problems.push(ctx.locate.at(at('requires', j, 'station'), `no station has id "${r.station}"`));
  });
  const identify = station.identify;
  if (typeof identify !== 'object' || identify === null) return;
  if ('reader' in identify) ref(at('identify', 'reader'), identify.reader, 'readers', 'reader');
  else ref(at('identify', 'scanner'), identify.scanner, 'scanners', 'scanner');
  if (consume) ref(at('consume', 'scanner'), consume.scanner, 'scanners', 'scanner');
  ctx.problems.push(...checkStationScanning(identify, consume, at, ctx.locate));
}

/** Builds a station after the start on its identifying device (and consume scanner). */
export function buildLineStation(
  station: LineStationConfig,
  ctx: BuildContext,
  conduct: LineConduct & { scanner?: string },
): BuiltStation {
  const { opts, device } = ctx;
  const identify =
    'reader' in station.identify
      ? device(opts.devices.readers, station.identify.reader, 'reader')
      : device(opts.devices.scanners, station.identify.scanner, 'scanner');
  const { scanner, ...rest } = conduct;
  const consume = scanner !== undefined ? device(opts.devices.scanners, scanner, 'scanner') : undefined;
  return {
    line: new LineStation({
      config: station,
      conduct: rest,
      identify,
      consume,
      journal: opts.journal,
      clock: opts.clock,
      log: ctx.log,
      release: opts.release?.check.forStation(station),
    }),
  };
}
