/** The `interval` trigger family: simulated starts at a fixed rate. */
import type { DeviceFamily, NamedPart } from '../../src/ports/devices';
import { IntervalTrigger } from './interval-trigger';

export const intervalFamily: DeviceFamily = {
  name: 'interval',
  triggers(config, stations, ctx) {
    const parts: NamedPart[] = [];
    for (const station of config.stations) {
      const port = stations.get(station.id);
      if (station.trigger?.type !== 'interval' || !port) continue;
      parts.push(new IntervalTrigger(port, station.trigger.everyMs, ctx('trigger', station.id)));
    }
    return parts;
  },
};
