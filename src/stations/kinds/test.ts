/** The test station kind: operation results (pass/fail) for the identified unit. */
import { Type } from '@sinclair/typebox';
import { Strict } from '../../config/schema-kit';
import type { StationKind } from './kind';
import { buildLineStation, checkLineStation, Identify, ReleaseKeys, StationBase } from './parts';

const TestSchema = Strict(
  {
    ...StationBase,
    ...ReleaseKeys,
    kind: Type.Literal('test'),
    identify: Identify,
    holdAfterFailures: Type.Optional(
      Type.Integer({ minimum: 1, description: 'hold a unit after this many consecutive fails here' }),
    ),
  },
  'a test station: operation results for the identified unit',
);

/** The test station kind. */
export const test: StationKind<typeof TestSchema> = {
  schema: TestSchema,
  begins: false,
  check: (station, ctx) => checkLineStation(station, ctx),
  build: (station, ctx) => buildLineStation(station, ctx, {}),
};
