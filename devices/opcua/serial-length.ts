/**
 * The length of the serials a station writes to its PLC, from the config: a start station's
 * scheme, or for other stations the longest scheme of the gateway (they answer with units made
 * anywhere on the line). Every serial of a scheme has the same length: `{seq:N}` is zero-padded
 * and the date tokens have fixed widths.
 */
import type { Config } from '../../src/config/schema';
import { dateParts } from '../../src/serials/calendar';
import { compileFormat } from '../../src/serials/format';
import type { SerialRequirement } from './handshake-nodes';
import { startStations } from '../../src/stations/kinds';

// any date will do: every date token has a fixed width.
const SAMPLE_DATE = dateParts(Date.UTC(2026, 0, 1), 'UTC');

/** The length of the serials of scheme `name`, or undefined when it cannot be rendered. */
function schemeLength(config: Config, name: string, station: string): number | undefined {
  const scheme = (config.serials ?? {})[name];
  if (!scheme) return undefined;
  try {
    const format = compileFormat(scheme.format, scheme.vars);
    const ctx = { date: SAMPLE_DATE, station, gateway: config.gateway.id };
    return format.render(ctx, format.capacity).length;
  } catch {
    return undefined;
  }
}

/** What the serial node of `stationId` must hold. */
export function serialRequirement(config: Config, stationId: string): SerialRequirement {
  // `?? {}` / `?? []`: code and tests may hand in a partial config (the schema fills these in).
  const station = startStations(config.stations ?? []).find((s) => s.id === stationId);
  if (station) {
    const length = schemeLength(config, station.serial, stationId);
    return length === undefined ? {} : { length, from: `serial scheme "${station.serial}"` };
  }
  let best: SerialRequirement = {};
  for (const name of Object.keys(config.serials ?? {})) {
    const length = schemeLength(config, name, stationId);
    if (length !== undefined && length > (best.length ?? 0))
      best = { length, from: `serial scheme "${name}" (the longest)` };
  }
  return best;
}
