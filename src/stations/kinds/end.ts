/** The end station kind: identifying a unit completes it and releases its carrier. */
import { Type } from '@sinclair/typebox';
import { Strict } from '../../config/schema-kit';
import { releaseCarrier } from '../../genealogy/carriers';
import { moveUnit } from '../../units/status';
import { appendUnitEvent } from '../../units/unit';
import type { LineConduct, StationKind } from './kind';
import { buildLineStation, checkLineStation, Identify, ReleaseKeys, StationBase } from './parts';

const EndSchema = Strict(
  { ...StationBase, ...ReleaseKeys, kind: Type.Literal('end'), identify: Identify },
  'an end station: completes the unit and releases its carrier',
);

/** Completes an admitted unit where it is identified, and frees its carrier for the next unit. */
const complete: LineConduct['complete'] = async (tx, record, station) => {
  moveUnit(record, 'complete');
  appendUnitEvent(tx, record, { type: 'unit.completed', station });
  await releaseCarrier(tx, record, station, 'unit completed');
};

/** The end station kind. */
export const end: StationKind<typeof EndSchema> = {
  schema: EndSchema,
  begins: false,
  check: (station, ctx) => checkLineStation(station, ctx),
  build: (station, ctx) => buildLineStation(station, ctx, { complete }),
};
