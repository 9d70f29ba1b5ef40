/** The end station kind: identifying a unit completes it and releases its carrier. */
import { Type } from '@sinclair/typebox';
import { Strict } from '../../config/schema-kit';
import { completeUnit } from '../../units/changes';
import type { StationKind } from './kind';
import { buildLineStation, checkLineStation, Identify, ReleaseKeys, StationBase } from './parts';

const EndSchema = Strict(
  { ...StationBase, ...ReleaseKeys, kind: Type.Literal('end'), identify: Identify },
  'an end station: completes the unit and releases its carrier',
);

/** The end station kind. */
export const end: StationKind<typeof EndSchema> = {
  schema: EndSchema,
  begins: false,
  check: (station, ctx) => checkLineStation(station, ctx),
  build: (station, ctx) => buildLineStation(station, ctx, { complete: completeUnit }),
};
