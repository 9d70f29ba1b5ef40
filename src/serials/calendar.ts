// Date codes for serial formats (docs/contracts.md §2: `{YYYY}`..`{WW}` in the gateway's time zone).
//
// Intl.DateTimeFormat#formatToParts costs a few microseconds, so it is used only to learn a zone's
// UTC offset, which is cached per aligned 15-minute UTC slot; the date itself is then plain
// arithmetic. Current tzdb offsets and transition times are whole multiples of 15 minutes, so a
// slot whose offset is the same at both ends has one offset and no local midnight inside it.
// Anything else (historic LMT offsets such as +00:19:32) is computed per call, never cached.

/** Calendar and ISO 8601 week-numbering parts, zero-padded. */
export interface DateParts {
  /** calendar year, 4 digits. */
  YYYY: string;
  /** calendar year, last 2 digits. */
  YY: string;
  /** month 01-12. */
  MM: string;
  /** day of month 01-31. */
  DD: string;
  /** day of year 001-366. */
  DDD: string;
  /** ISO 8601 week-numbering year, 4 digits (differs from YYYY around 1 January). */
  GGGG: string;
  /** ISO week-numbering year, last 2 digits. */
  GG: string;
  /** ISO week 01-53. */
  WW: string;
}

const SLOT_MS = 15 * 60_000;
const DAY_MS = 86_400_000;

interface ZoneCache {
  readonly format: Intl.DateTimeFormat;
  slot: number;
  offsetMs: number;
}

const zones = new Map<string, ZoneCache>();

function zoneCache(timeZone: string): ZoneCache {
  let z = zones.get(timeZone);
  if (z === undefined) {
    let format: Intl.DateTimeFormat;
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch (err) {
      throw new TypeError(`timeZone: ${JSON.stringify(timeZone)} is not an IANA time zone`, { cause: err });
    }
    z = { format, slot: Number.NaN, offsetMs: 0 };
    zones.set(timeZone, z);
  }
  return z;
}

/** The zone's UTC offset at an instant, to the second (Intl has no finer resolution). */
function offsetAt(format: Intl.DateTimeFormat, epochMs: number): number {
  const f: Record<string, number> = {};
  for (const p of format.formatToParts(epochMs)) if (p.type !== 'literal') f[p.type] = Number(p.value);
  const wall = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0-99 to 1900-1999.
  wall.setUTCFullYear(f.year, f.month - 1, f.day);
  wall.setUTCHours(f.hour, f.minute, f.second, 0);
  return wall.getTime() - Math.floor(epochMs / 1000) * 1000;
}

function localOffset(z: ZoneCache, epochMs: number): number {
  const slot = Math.floor(epochMs / SLOT_MS);
  if (slot === z.slot) return z.offsetMs;
  const start = offsetAt(z.format, slot * SLOT_MS);
  const end = offsetAt(z.format, slot * SLOT_MS + SLOT_MS - 1);
  if (start === end && start % SLOT_MS === 0) {
    z.slot = slot;
    z.offsetMs = start;
    return start;
  }
  return offsetAt(z.format, epochMs);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** calendar and ISO 8601 week-numbering parts of an instant, in an IANA time zone */
export function dateParts(epochMs: number, timeZone: string): DateParts {
  if (!Number.isFinite(epochMs)) throw new TypeError(`epochMs: ${epochMs} is not a finite number`);
  const local = new Date(epochMs + localOffset(zoneCache(timeZone), epochMs));
  const year = local.getUTCFullYear();
  const dayNumber = Math.floor(local.getTime() / DAY_MS);
  const yearStart = new Date(0);
  yearStart.setUTCFullYear(year, 0, 1);
  const dayOfYear = dayNumber - Math.floor(yearStart.getTime() / DAY_MS) + 1;
  // ISO 8601: a week belongs to the year holding its Thursday, and week 1 holds 4 January.
  const isoWeekday = local.getUTCDay() || 7;
  const thursday = new Date((dayNumber + 4 - isoWeekday) * DAY_MS);
  const weekYear = thursday.getUTCFullYear();
  const weekYearStart = new Date(0);
  weekYearStart.setUTCFullYear(weekYear, 0, 1);
  const week = Math.floor((dayNumber + 4 - isoWeekday - weekYearStart.getTime() / DAY_MS) / 7) + 1;
  return {
    YYYY: pad(year, 4),
    YY: pad(year % 100, 2),
    MM: pad(local.getUTCMonth() + 1, 2),
    DD: pad(local.getUTCDate(), 2),
    DDD: pad(dayOfYear, 3),
    GGGG: pad(weekYear, 4),
    GG: pad(weekYear % 100, 2),
    WW: pad(week, 2),
  };
}

/** True when the runtime's Intl knows `tz` as a time zone (IANA name or UTC). */
export function isValidTimeZone(tz: string): boolean {
  if (typeof tz !== 'string' || tz === '') return false;
  try {
    zoneCache(tz);
    return true;
  } catch {
    return false;
  }
}

/** The host's IANA time zone as the runtime resolves it (TZ variable, else /etc/localtime). */
export function systemTimeZone(): string {
  return new Intl.DateTimeFormat().resolvedOptions().timeZone;
}
