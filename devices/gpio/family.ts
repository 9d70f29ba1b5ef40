/**
 * The GPIO device family for the registry (devices/index.ts): one edge trigger per station whose
 * trigger is `type: gpio`. The backend is chosen automatically (see createGpioBackend).
 */
import type { DeviceFamily, NamedPart } from '../../src/ports/devices';
import { GpioTrigger } from './gpio-trigger';
import { createGpioBackend } from './index';

/** The GPIO family. */
export const gpioFamily: DeviceFamily = {
  name: 'gpio',
  triggers(config, stations, ctx): NamedPart[] {
    const parts: NamedPart[] = [];
    let backend: ReturnType<typeof createGpioBackend> | undefined;
    for (const s of config.stations) {
      const port = stations.get(s.id);
      if (s.trigger?.type !== 'gpio' || !port) continue;
      const c = ctx('trigger', s.id);
      backend ??= createGpioBackend(config.gpio ?? {}, c.log);
      parts.push(
        new GpioTrigger(s.trigger, { station: port, ctx: c, backend, activeLow: s.trigger.activeLow }),
      );
    }
    return parts;
  },
};
