/**
 * The GPIO family's part of the config: the `gpio` section (which backend) and the `gpio` variant
 * of a station's trigger (an input edge such as a photo-eye).
 */
import { Type, type Static } from '@sinclair/typebox';
import { sectionOf, variant, type ConfigDeclaration } from '../../src/config/compose';
import type { Config } from '../../src/config/schema';
import { TRIGGER_SLOT } from '../../src/config/triggers';
import { Millis, Strict } from '../../src/config/schema-kit';

const GpioSection = Type.Optional(
  Strict(
    {
      backend: Type.Union([Type.Literal('auto'), Type.Literal('gpiod'), Type.Literal('onoff')], {
        default: 'auto',
        description:
          'gpiod: character device (Pi OS Bookworm, Pi 5); onoff: sysfs; auto: gpiod when its tools exist',
      }),
      chip: Type.Optional(Type.String({ description: 'gpiod: chip name or number (default gpiochip0)' })),
      sysfsBase: Type.Optional(
        Type.Integer({
          minimum: 0,
          description: 'onoff: sysfs number of line 0 (512 on Pi OS Bookworm)',
        }),
      ),
    },
    'GPIO backend',
  ),
);

const GpioTrigger = Strict(
  {
    type: Type.Literal('gpio'),
    pin: Type.Integer({ minimum: 0, maximum: 4096, description: 'GPIO line number (see README)' }),
    edge: Type.Union([Type.Literal('rising'), Type.Literal('falling')], { default: 'rising' }),
    debounceMs: Millis(20, 'ignore edges closer than this'),
    activeLow: Type.Boolean({ default: false, description: 'the sensor pulls the line low when active' }),
  },
  'a GPIO input such as a photo-eye',
);

/** `gpio`: the backend (optional section). */
export const GPIO = { key: 'gpio', schema: GpioSection };
/** `trigger: { type: gpio }`. */
export const GPIO_TRIGGER = variant(TRIGGER_SLOT, GpioTrigger);
/** What the GPIO family declares of the config. */
export const gpioConfig: ConfigDeclaration = { sections: [GPIO], variants: [GPIO_TRIGGER] };

/** The `gpio` section. */
export type GpioConfig = Static<typeof GpioSection>;
/** The `gpio` variant of a station trigger. */
export type GpioTriggerConfig = Static<typeof GpioTrigger>;

/** The `gpio` section of a validated config ({} when absent). */
export function gpioOf(config: Config): GpioConfig {
  return sectionOf(config, GPIO) ?? {};
}
