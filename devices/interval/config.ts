/** The interval family's part of the config: the `interval` variant of a station's trigger. */
import { Type, type Static } from '@sinclair/typebox';
import { variant, type ConfigDeclaration } from '../../src/config/compose';
import { TRIGGER_SLOT } from '../../src/config/triggers';
import { Strict } from '../../src/config/schema-kit';

const IntervalTrigger = Strict(
  {
    type: Type.Literal('interval'),
    everyMs: Type.Integer({ minimum: 100, maximum: 86_400_000, default: 3000 }),
  },
  'a simulated trigger that starts a unit at a fixed interval (demo)',
);

/** `trigger: { type: interval }`. */
export const INTERVAL_TRIGGER = variant(TRIGGER_SLOT, IntervalTrigger);
/** What the interval family declares of the config. */
export const intervalConfig: ConfigDeclaration = { variants: [INTERVAL_TRIGGER] };
/** The `interval` variant of a station trigger. */
export type IntervalTriggerConfig = Static<typeof IntervalTrigger>;
