/**
 * Serial formats (docs/contracts.md §2): literal text with tokens, compiled once into parts so that
 * rendering on the hot path is a join. The counter key of a serial is the rendered text before
 * `{seq}`, so a date-coded serial restarts each period.
 */
import { checkAlgorithms, checkPayload, isCheckAlgorithm, type CheckAlgorithm } from './check';
import type { DateParts } from './calendar';
import { LinegateError } from '../errors';

const DATE_TOKENS = ['YYYY', 'YY', 'MM', 'DD', 'DDD', 'GGGG', 'GG', 'WW'] as const;
export type DateToken = (typeof DATE_TOKENS)[number];

/** Largest zero-padded width whose numbers are all exact in a double. */
const MAX_SEQ_WIDTH = 15;

/** One piece of a compiled format (vars already replaced by their text). */
export type Part =
  | { kind: 'text'; text: string }
  | { kind: 'date'; token: DateToken }
  | { kind: 'station' }
  | { kind: 'gateway' }
  | { kind: 'seq'; width: number }
  | { kind: 'check'; algorithm: CheckAlgorithm };

/** What a rendering needs besides the sequence number. */
export interface RenderContext {
  date: DateParts;
  station: string;
  gateway: string;
}

/** A problem in a format, SERIAL_FORMAT_INVALID with the character offset it starts at (for config error positions). */
function formatError(message: string, offset: number): LinegateError {
  return new LinegateError('SERIAL_FORMAT_INVALID', message, { context: { offset } });
}

/** A format compiled for one scheme. */
export interface CompiledFormat {
  readonly seqWidth: number;
  /** highest sequence number a period can issue (all nines). */
  readonly capacity: number;
  /** true when some token depends on the date, so the counter key changes with it. */
  readonly usesDate: boolean;
  /** the counter key: the rendered text before {seq}. */
  key(ctx: RenderContext): string;
  /** the full serial for a sequence number under the given key's context. */
  render(ctx: RenderContext, seq: number): string;
  /** Checks that the fixed characters and the given token values fit every check alphabet. */
  validateAlphabet(values: { station: string; gateway: string }): string | undefined;
}

/** Compiles a format string; throws SERIAL_FORMAT_INVALID naming the offending token. */
export function compileFormat(format: string, vars: Readonly<Record<string, string>> = {}): CompiledFormat {
  const parts = parse(format, vars);
  const seqIndex = parts.findIndex((p) => p.kind === 'seq');
  const seqPart = parts[seqIndex] as { kind: 'seq'; width: number };
  const before = parts.slice(0, seqIndex);
  const after = parts.slice(seqIndex + 1);
  const usesDate = parts.some((p) => p.kind === 'date');
  const capacity = 10 ** seqPart.width - 1;

  const renderParts = (ps: Part[], ctx: RenderContext, prefix: string): string => {
    let out = prefix;
    for (const p of ps) out += partText(p, ctx, out);
    return out;
  };

  return {
    seqWidth: seqPart.width,
    capacity,
    usesDate,
    key: (ctx) => renderParts(before, ctx, ''),
    render(ctx, seq) {
      if (!Number.isInteger(seq) || seq < 1 || seq > capacity) {
        throw new RangeError(`sequence ${seq} is outside 1..${capacity}`);
      }
      const head = renderParts(before, ctx, '') + String(seq).padStart(seqPart.width, '0');
      return renderParts(after, ctx, head);
    },
    validateAlphabet: (values) => validateAlphabet(parts, values),
  };
}

/** The parts of a format, for matching serials made elsewhere against it (format-match.ts). */
export function formatParts(format: string, vars: Readonly<Record<string, string>> = {}): Part[] {
  return parse(format, vars);
}

function partText(p: Part, ctx: RenderContext, soFar: string): string {
  switch (p.kind) {
    case 'text':
      return p.text;
    case 'date':
      return ctx.date[p.token];
    case 'station':
      return ctx.station;
    case 'gateway':
      return ctx.gateway;
    case 'check':
      return checkAlgorithms[p.algorithm].compute(checkPayload(soFar));
    case 'seq':
      throw new TypeError('seq is rendered by the caller');
  }
}

function parse(format: string, vars: Readonly<Record<string, string>>): Part[] {
  const parts: Part[] = [];
  let seqCount = 0;
  let i = 0;
  while (i < format.length) {
    const open = format.indexOf('{', i);
    const close = format.indexOf('}', i);
    if (close !== -1 && (open === -1 || close < open)) throw formatError(`unmatched "}"`, close);
    if (open === -1) {
      parts.push({ kind: 'text', text: format.slice(i) });
      break;
    }
    if (open > i) parts.push({ kind: 'text', text: format.slice(i, open) });
    const end = format.indexOf('}', open);
    if (end === -1) throw formatError(`unclosed "{"`, open);
    const part = parseToken(format.slice(open + 1, end), open, vars);
    if (part.kind === 'seq') seqCount++;
    parts.push(part);
    i = end + 1;
  }
  if (seqCount !== 1) {
    throw formatError(`needs exactly one {seq:N} token, found ${seqCount}`, 0);
  }
  return parts;
}

function parseToken(token: string, offset: number, vars: Readonly<Record<string, string>>): Part {
  if ((DATE_TOKENS as readonly string[]).includes(token)) return { kind: 'date', token: token as DateToken };
  if (token === 'station') return { kind: 'station' };
  if (token === 'gateway') return { kind: 'gateway' };
  const seq = /^seq:(\d+)$/.exec(token);
  if (seq) {
    const width = Number(seq[1]);
    if (width < 1 || width > MAX_SEQ_WIDTH) {
      throw formatError(`{seq:${seq[1]}}: width must be 1 to ${MAX_SEQ_WIDTH}`, offset);
    }
    return { kind: 'seq', width };
  }
  if (token.startsWith('seq')) throw formatError(`{${token}}: write the sequence as {seq:N}`, offset);
  const check = /^check:(.*)$/.exec(token);
  if (check) {
    const alg = check[1];
    if (!isCheckAlgorithm(alg)) {
      throw formatError(
        `{check:${alg}}: unknown algorithm (one of ${Object.keys(checkAlgorithms).join(', ')})`,
        offset,
      );
    }
    return { kind: 'check', algorithm: alg };
  }
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(token)) throw formatError(`{${token}}: not a valid token`, offset);
  const value = vars[token];
  if (value === undefined) throw formatError(`{${token}}: no variable "${token}" in vars`, offset);
  return { kind: 'text', text: value };
}

/** Every check covers every character before it, so each must fit its algorithm's alphabet. */
function validateAlphabet(parts: Part[], values: { station: string; gateway: string }): string | undefined {
  const sample: RenderContext = {
    date: { YYYY: '2026', YY: '26', MM: '01', DD: '01', DDD: '001', GGGG: '2026', GG: '26', WW: '01' },
    ...values,
  };
  let before = '';
  for (const p of parts) {
    if (p.kind === 'check') {
      const spec = checkAlgorithms[p.algorithm];
      for (const ch of checkPayload(before)) {
        if (!spec.alphabet.includes(ch)) {
          return `"${ch}" is outside the alphabet of {check:${p.algorithm}} (${describeAlphabet(spec.alphabet)})`;
        }
      }
    }
    before += p.kind === 'seq' ? '1'.repeat(p.width) : partText(p, sample, before);
  }
  return undefined;
}

function describeAlphabet(alphabet: string): string {
  if (alphabet === '0123456789') return 'digits only';
  if (alphabet === '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ') return 'digits and upper-case letters';
  return alphabet;
}
