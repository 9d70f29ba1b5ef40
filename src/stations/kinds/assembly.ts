/** The assembly station kind: each scan on its consume scanner is a component consumed into the identified unit. */
import { Type } from '@sinclair/typebox';
import { Strict } from '../../config/schema-kit';
import type { StationKind } from './kind';
import { buildLineStation, checkLineStation, Identify, ReleaseKeys, StationBase } from './parts';

const AssemblySchema = Strict(
  {
    ...StationBase,
    ...ReleaseKeys,
    kind: Type.Literal('assembly'),
    identify: Identify,
    consume: Type.Optional(
      Strict(
        {
          scanner: Type.String({ description: 'name of a scanner under scanners' }),
          pattern: Type.Optional(
            Type.String({
              minLength: 1,
              description:
                'regex a plain (non-GS1) component scan must match; default printable ASCII without spaces, 4-64 characters',
            }),
          ),
          lotQuantity: Type.Number({
            exclusiveMinimum: 0,
            default: 1,
            description: 'quantity of a lot scan',
          }),
          unknownComponents: Type.Union([Type.Literal('accept'), Type.Literal('refuse')], {
            default: 'accept',
            description:
              'a component the plant does not know (serial neither received nor built here, lot not received): accept it with a component.unknown warning event, or refuse the scan',
          }),
        },
        'each scan is a component consumed into the identified unit',
      ),
    ),
  },
  'an assembly station: components consumed into the identified unit',
);

/** The assembly station kind. */
export const assembly: StationKind<typeof AssemblySchema> = {
  schema: AssemblySchema,
  begins: false,
  check: (station, ctx) => checkLineStation(station, ctx, station.consume),
  build: (station, ctx) =>
    buildLineStation(station, ctx, { consume: station.consume, scanner: station.consume?.scanner }),
};
