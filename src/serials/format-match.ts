/**
 * Checks a serial made elsewhere (an ERP, a customer, a pre-printed roll) against a scheme's
 * format: literal text, date codes of the right width and range, the sequence, and every check
 * character recomputed over the characters before it, as the scheme itself would render it.
 */
import { checkAlgorithms, checkPayload } from './check';
import { formatParts, type DateToken, type Part } from './format';

/** What a matching serial tells about itself: its counter key and sequence number. */
export interface FormatMatch {
  key: string;
  seq: number;
}

/** Matches serials against one format; `match` answers the parts or a message saying what is wrong. */
export interface FormatMatcher {
  readonly format: string;
  match(serial: string): FormatMatch | { error: string };
}

const DATE_DIGITS: Record<DateToken, number> = {
  YYYY: 4,
  YY: 2,
  MM: 2,
  DD: 2,
  DDD: 3,
  GGGG: 4,
  GG: 2,
  WW: 2,
};
const DATE_RANGE: Partial<Record<DateToken, [number, number]>> = {
  MM: [1, 12],
  DD: [1, 31],
  DDD: [1, 366],
  WW: [1, 53],
};

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * A matcher for `format`. `station` lists the station ids a `{station}` token may stand for
 * (any id-like text when empty); `gateway` is this gateway's id.
 */
export function formatMatcher(
  format: string,
  vars: Readonly<Record<string, string>>,
  values: { gateway: string; stations: readonly string[] },
): FormatMatcher {
  // A {station} that can only be one id is literal text, and so is {gateway}; a format whose
  // parts all have a fixed width is then checked by position (an import checks 100,000 serials
  // at a time), anything else by a regular expression.
  const parts = formatParts(format, vars).map((p): Part => {
    if (p.kind === 'gateway') return { kind: 'text', text: values.gateway };
    if (p.kind === 'station' && values.stations.length === 1)
      return { kind: 'text', text: values.stations[0] };
    return p;
  });
  const plan = fixedPlan(parts);
  const station = values.stations.length > 0 ? values.stations.map(escape).join('|') : '[A-Za-z0-9._-]{1,64}';
  const regex = new RegExp(`^${parts.map((p) => `(${partPattern(p, station)})`).join('')}$`);
  const mismatch = { error: `does not match the format "${format}"` };
  return {
    format,
    match(serial) {
      const spans = plan ? (fits(plan, serial) ? plan.spans : undefined) : regexSpans(regex, serial);
      if (!spans) return mismatch;
      let seqAt: Span | undefined;
      for (let i = 0; i < parts.length; i++) {
        const p = parts[i];
        const [start, end] = spans[i];
        if (p.kind === 'seq') seqAt = spans[i];
        else if (p.kind === 'date' && DATE_RANGE[p.token]) {
          const [lo, hi] = DATE_RANGE[p.token]!;
          const v = Number(serial.slice(start, end));
          if (v < lo || v > hi)
            return { error: `date code {${p.token}} "${serial.slice(start, end)}" is outside ${lo}..${hi}` };
        } else if (p.kind === 'check') {
          const expected = checkAlgorithms[p.algorithm].compute(checkPayload(serial.slice(0, start)));
          const found = serial.slice(start, end);
          if (found !== expected)
            return {
              error: `check character is "${found}", expected "${expected}" ({check:${p.algorithm}})`,
            };
        }
      }
      const seq = Number(serial.slice(seqAt![0], seqAt![1]));
      if (seq < 1) return { error: 'sequence number 0 is never issued' };
      return { key: serial.slice(0, seqAt![0]), seq };
    },
  };
}

/** Start and end offset of a part in a serial. */
type Span = [number, number];

/** A fixed-width format: its length, each part's span, and what each character may be. */
interface FixedPlan {
  length: number;
  spans: Span[];
  /** per position: a literal character code, or the class of characters allowed there. */
  chars: Slot[];
}

/** What a position of a fixed-width format may hold: one character, digits, or check characters. */
type Slot = number | 'digit' | 'check';

/** A check character: a digit, an upper-case letter, or `*` (mod37-2). */
const isCheckChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || c === 42;

function fixedPlan(parts: Part[]): FixedPlan | undefined {
  const spans: Span[] = [];
  const chars: Slot[] = [];
  for (const p of parts) {
    if (p.kind === 'station' || p.kind === 'gateway') return undefined;
    const start = chars.length;
    if (p.kind === 'text') for (let i = 0; i < p.text.length; i++) chars.push(p.text.charCodeAt(i));
    else {
      const width =
        p.kind === 'date'
          ? DATE_DIGITS[p.token]
          : p.kind === 'seq'
            ? p.width
            : checkAlgorithms[p.algorithm].width;
      for (let k = 0; k < width; k++) chars.push(p.kind === 'check' ? 'check' : 'digit');
    }
    spans.push([start, chars.length]);
  }
  return { length: chars.length, spans, chars };
}

// Compares character codes: a regular expression or a substring per character would cost more
// than the rest of the row's checks.
function fits(plan: FixedPlan, serial: string): boolean {
  if (serial.length !== plan.length) return false;
  for (let i = 0; i < plan.length; i++) {
    const slot = plan.chars[i];
    const c = serial.charCodeAt(i);
    if (slot === 'digit' ? c < 48 || c > 57 : slot === 'check' ? !isCheckChar(c) : c !== slot) return false;
  }
  return true;
}

function regexSpans(regex: RegExp, serial: string): Span[] | undefined {
  const m = regex.exec(serial);
  if (!m) return undefined;
  const spans: Span[] = [];
  let at = 0;
  for (const field of m.slice(1)) spans.push([at, (at += field.length)]);
  return spans;
}

function partPattern(p: Part, station: string): string {
  switch (p.kind) {
    case 'text':
      return escape(p.text);
    case 'date':
      return `\\d{${DATE_DIGITS[p.token]}}`;
    case 'station':
      return station;
    case 'gateway':
      throw new TypeError('the gateway id is literal text by now');
    case 'seq':
      return `\\d{${p.width}}`;
    case 'check': {
      const spec = checkAlgorithms[p.algorithm];
      // The check characters' own alphabet: digits and letters, plus X (mod11-2) and * (mod37-2).
      return `[0-9A-Z*]{${spec.width}}`;
    }
  }
}
