/**
 * The GPIO device family for the registry (devices/index.ts): one edge trigger per station whose
 * trigger is `type: gpio`. The backend is chosen automatically (see createGpioBackend).
 */
import type { DeviceFamily, NamedPart } from '../../src/ports/devices';
import { GPIO_TRIGGER, gpioConfig, gpioOf } from './config';
import { GpioTrigger } from './gpio-trigger';
import { variantOf } from '../../src/config/compose';
import { createGpioBackend } from './index';

/** The GPIO family. */
export const gpioFamily: DeviceFamily = {
  name: 'gpio',
  config: gpioConfig,
  triggers(config, stations, ctx): NamedPart[] {
    const parts: NamedPart[] = [];
    let backend: ReturnType<typeof createGpioBackend> | undefined;
    for (const s of config.stations) {
      const port = stations.get(s.id);
      const trigger = variantOf(s.trigger, GPIO_TRIGGER);
      if (!trigger || !port) continue;
      const c = ctx('trigger', s.id);
      backend ??= createGpioBackend(gpioOf(config), c.log);
      parts.push(new GpioTrigger(trigger, { station: port, ctx: c, backend, activeLow: trigger.activeLow }));
    }
    return parts;
  },
};
