/** The `interval` trigger family: simulated starts at a fixed rate. */
import type { DeviceFamily, NamedPart } from '../../src/ports/devices';
import { variantOf } from '../../src/config/compose';
import { INTERVAL_TRIGGER, intervalConfig } from './config';
import { IntervalTrigger } from './interval-trigger';

export const intervalFamily: DeviceFamily = {
  name: 'interval',
  config: intervalConfig,
  triggers(config, stations, ctx) {
    const parts: NamedPart[] = [];
    for (const station of config.stations) {
      const port = stations.get(station.id);
      const trigger = variantOf(station.trigger, INTERVAL_TRIGGER);
      if (!trigger || !port) continue;
      parts.push(new IntervalTrigger(port, trigger.everyMs, ctx('trigger', station.id)));
    }
    return parts;
  },
};
