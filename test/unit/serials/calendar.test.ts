import assert from 'node:assert/strict';
import { dateParts, isValidTimeZone, systemTimeZone } from '../../../src/serials/calendar';

const utc = (iso: string): number => Date.parse(iso);

const references = new Map<string, Intl.DateTimeFormat>();

/** Reference: local calendar date straight from Intl, one formatToParts per call. */
function intlDate(epochMs: number, timeZone: string): string {
  let f = references.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    references.set(timeZone, f);
  }
  const p = Object.fromEntries(f.formatToParts(epochMs).map((x) => [x.type, x.value]));
  return `${p.year.padStart(4, '0')}-${p.month}-${p.day}`;
}

/** Reference ISO week by the ordinal-date rule (ISO 8601 / Wikipedia "ISO week date"). */
function isoWeek(y: number, m: number, d: number): [number, number] {
  const ordinal = (Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / 86_400_000 + 1;
  const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay() || 7;
  const weeksIn = (year: number): number => {
    const p = (yy: number): number =>
      (yy + Math.floor(yy / 4) - Math.floor(yy / 100) + Math.floor(yy / 400)) % 7;
    return p(year) === 4 || p(year - 1) === 3 ? 53 : 52;
  };
  const w = Math.floor((ordinal - weekday + 10) / 7);
  if (w < 1) return [y - 1, weeksIn(y - 1)];
  if (w > weeksIn(y)) return [y + 1, 1];
  return [y, w];
}

describe('serials/calendar', () => {
  describe('ISO 8601 week-numbering year and week (UTC)', () => {
    const cases: Array<[string, string, string]> = [
      ['2005-01-01', '2004', '53'],
      ['2005-01-02', '2004', '53'],
      ['2005-01-03', '2005', '01'],
      ['2005-12-31', '2005', '52'],
      ['2006-01-01', '2005', '52'],
      ['2006-01-02', '2006', '01'],
      ['2007-12-31', '2008', '01'],
      ['2008-12-28', '2008', '52'],
      ['2008-12-29', '2009', '01'],
      ['2009-12-31', '2009', '53'],
      ['2010-01-03', '2009', '53'],
      ['2020-12-31', '2020', '53'],
      ['2021-01-01', '2020', '53'],
      ['2021-01-04', '2021', '01'],
    ];
    for (const [day, gggg, ww] of cases) {
      it(`${day} is ${gggg}-W${ww}`, () => {
        const p = dateParts(utc(`${day}T12:00:00Z`), 'UTC');
        assert.deepEqual([p.GGGG, p.GG, p.WW], [gggg, gggg.slice(2), ww]);
      });
    }
  });

  it('gives zero-padded calendar parts', () => {
    assert.deepEqual(dateParts(utc('2024-03-05T00:00:00Z'), 'UTC'), {
      YYYY: '2024',
      YY: '24',
      MM: '03',
      DD: '05',
      DDD: '065',
      GGGG: '2024',
      GG: '24',
      WW: '10',
    });
  });

  it('gives DDD 366 on 31 December of a leap year and 365 otherwise', () => {
    assert.equal(dateParts(utc('2024-12-31T23:59:59.999Z'), 'UTC').DDD, '366');
    assert.equal(dateParts(utc('2000-12-31T10:00:00Z'), 'UTC').DDD, '366');
    assert.equal(dateParts(utc('2025-12-31T10:00:00Z'), 'UTC').DDD, '365');
    assert.equal(dateParts(utc('1900-12-31T10:00:00Z'), 'UTC').DDD, '365');
    assert.equal(dateParts(utc('2024-01-01T00:00:00Z'), 'UTC').DDD, '001');
  });

  it('uses the time zone: 2026-01-01T02:00Z is still 2025-12-31 in New York', () => {
    const p = dateParts(utc('2026-01-01T02:00:00Z'), 'America/New_York');
    assert.deepEqual([p.YYYY, p.MM, p.DD, p.DDD], ['2025', '12', '31', '365']);
    assert.deepEqual([p.GGGG, p.WW], ['2026', '01']);
    const q = dateParts(utc('2026-01-01T02:00:00Z'), 'UTC');
    assert.deepEqual([q.YYYY, q.MM, q.DD, q.DDD], ['2026', '01', '01', '001']);
  });

  it('turns the day at local midnight in half- and quarter-hour zones', () => {
    assert.equal(dateParts(utc('2025-06-30T18:29:59.999Z'), 'Asia/Kolkata').DD, '30');
    assert.equal(dateParts(utc('2025-06-30T18:30:00Z'), 'Asia/Kolkata').DD, '01');
    assert.equal(dateParts(utc('2025-06-30T18:14:59.999Z'), 'Asia/Kathmandu').DD, '30');
    assert.equal(dateParts(utc('2025-06-30T18:15:00Z'), 'Asia/Kathmandu').DD, '01');
  });

  it('follows DST: local midnight moves by an hour across the transition', () => {
    // Berlin: UTC+1 in January, UTC+2 in July.
    assert.equal(dateParts(utc('2025-01-15T23:00:00Z'), 'Europe/Berlin').DD, '16');
    assert.equal(dateParts(utc('2025-07-15T22:00:00Z'), 'Europe/Berlin').DD, '16');
    assert.equal(dateParts(utc('2025-07-15T21:59:59.999Z'), 'Europe/Berlin').DD, '15');
  });

  it('agrees with Intl and the ordinal-date week rule at random instants in many zones', () => {
    const zones = [
      'UTC',
      'Europe/Berlin',
      'America/New_York',
      'America/St_Johns',
      'Asia/Kolkata',
      'Asia/Kathmandu',
      'Australia/Lord_Howe',
      'Australia/Eucla',
      'Pacific/Chatham',
      'Pacific/Kiritimati',
      'Pacific/Apia', // skipped 30 December 2011
      'Europe/Amsterdam', // +00:19:32 before 1937: the uncached path
      'Africa/Monrovia', // -00:44:30 until 1972
    ];
    let seed = 12345;
    const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const from = utc('1900-01-01T00:00:00Z');
    const to = utc('2040-01-01T00:00:00Z');
    for (const tz of zones) {
      for (let n = 0; n < 400; n++) {
        const t = Math.floor(from + next() * (to - from));
        for (const at of [t, t + 1, t + 60_000, t + 3_600_000]) {
          const p = dateParts(at, tz);
          const want = intlDate(at, tz);
          assert.equal(`${p.YYYY}-${p.MM}-${p.DD}`, want, `${tz} ${new Date(at).toISOString()}`);
          const [gy, gw] = isoWeek(Number(p.YYYY), Number(p.MM), Number(p.DD));
          assert.deepEqual([p.GGGG, p.WW], [String(gy), String(gw).padStart(2, '0')], want);
        }
      }
    }
  });

  it('agrees with Intl minute by minute across DST transitions, including 30-minute ones', () => {
    const windows: Array<[string, string]> = [
      ['Europe/Berlin', '2025-03-30T00:00:00Z'],
      ['America/New_York', '2025-11-02T03:00:00Z'],
      ['Australia/Lord_Howe', '2025-04-05T13:00:00Z'], // +11 -> +10:30 at 02:00 local
      ['Australia/Lord_Howe', '2025-10-04T14:00:00Z'], // +10:30 -> +11
      ['Pacific/Chatham', '2025-04-05T12:00:00Z'], // +13:45 -> +12:45
      ['America/Moncton', '2005-10-30T02:00:00Z'], // transitions at 00:01 local before 2007
    ];
    for (const [tz, from] of windows) {
      const start = utc(from);
      for (let t = start; t < start + 26 * 3_600_000; t += 60_000) {
        const p = dateParts(t, tz);
        assert.equal(`${p.YYYY}-${p.MM}-${p.DD}`, intlDate(t, tz), `${tz} ${new Date(t).toISOString()}`);
      }
    }
  });

  it('validates time zones', () => {
    assert.equal(isValidTimeZone('Europe/Berlin'), true);
    assert.equal(isValidTimeZone('UTC'), true);
    assert.equal(isValidTimeZone('Mars/Olympus_Mons'), false);
    assert.equal(isValidTimeZone(''), false);
    assert.throws(() => dateParts(0, 'Mars/Olympus_Mons'), TypeError);
    assert.throws(() => dateParts(Number.NaN, 'UTC'), TypeError);
  });

  it('reports the system time zone as a valid zone', () => {
    const tz = systemTimeZone();
    assert.equal(typeof tz, 'string');
    assert.equal(isValidTimeZone(tz), true);
  });
});
