/**
 * The one GS1 element string parser: the HRI form `(01)09506000134352(21)ABC(10)LOT7` or the raw
 * form `0109506000134352` `21ABC<GS>10LOT7` (optionally after a symbology identifier `]d2`, `]C1`,
 * `]Q3`, `]e0`), validated against the AI table (ai.ts). Throws LinegateError GS1_EMPTY,
 * GS1_BAD_AI, GS1_BAD_LENGTH, GS1_TOO_LONG, GS1_BAD_CHAR, GS1_BAD_CHECK_DIGIT or GS1_BAD_DATE.
 */
import { aiDigits, aiSpec, CSET82, dateError, GS, predefinedLength } from './ai';
import { gs1CheckDigit } from './check-digit';
import { gs1Error } from './errors';

/** One application identifier with its data. */
export interface Gs1Element {
  ai: string;
  data: string;
}

/** An element and where its data starts in the input (1-based), for messages. */
interface Located extends Gs1Element {
  at: number;
}

/** How much to validate. */
export interface ParseOptions {
  /**
   * 'all' (default): every AI's data against its format, as for labels linegate prints; 'used':
   * only the AIs linegate reads (check digits, dates, lot and serial), as for scans of labels
   * printed elsewhere, whose other AIs are carried along untouched.
   */
  check?: 'all' | 'used';
}

const SYMBOLOGY_ID = /^\](d2|C1|Q3|e0)/;

/** Parses and validates a GS1 element string in HRI or raw form. */
export function parseGs1(input: string, options: ParseOptions = {}): Gs1Element[] {
  const prefix = SYMBOLOGY_ID.exec(input)?.[0].length ?? 0;
  const text = input.slice(prefix);
  const elements = text.startsWith('(') ? parseHri(text, prefix) : parseRaw(text, prefix);
  if (elements.length === 0) throw gs1Error('GS1_EMPTY', `GS1 element string "${input}": no element`);
  for (const el of elements) validate(el, options.check ?? 'all');
  return elements.map(({ ai, data }) => ({ ai, data }));
}

function parseHri(text: string, offset: number): Located[] {
  const out: Located[] = [];
  let i = 0;
  while (i < text.length) {
    const m = /^\((\d{2,4})\)/.exec(text.slice(i));
    if (!m || aiDigits(m[1].slice(0, 2)) !== m[1].length)
      throw gs1Error('GS1_BAD_AI', `bad AI at "${text.slice(i, i + 8)}" (position ${offset + i + 1})`);
    const start = i + m[0].length;
    const spec = aiSpec(m[1]);
    // A fixed-length AI ends by its length; a variable one at the next "(AI)" (use the raw form
    // for data that itself contains such text).
    let end = spec.fixed ? start + spec.length : text.slice(start).search(/\(\d{2,4}\)/) + start;
    if (end < start || end > text.length) end = text.length;
    out.push({ ai: m[1], data: text.slice(start, end), at: offset + start + 1 });
    i = end;
  }
  return out;
}

function parseRaw(text: string, offset: number): Located[] {
  const out: Located[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === GS) {
      i++; // a leading or doubled FNC1 carries no data
      continue;
    }
    const digits = aiDigits(text.slice(i, i + 2));
    const ai = text.slice(i, i + (digits || 2));
    if (!/^\d+$/.test(ai) || ai.length < (digits || 2))
      throw gs1Error('GS1_BAD_AI', `truncated AI ${JSON.stringify(ai)} at position ${offset + i + 1}`);
    if (digits === 0)
      throw gs1Error('GS1_BAD_AI', `unknown AI ${JSON.stringify(ai)} at position ${offset + i + 1}`);
    const start = i + digits;
    const fixed = predefinedLength(ai);
    const gs = text.indexOf(GS, start);
    const end = fixed !== undefined ? start + fixed : gs < 0 ? text.length : gs;
    const data = text.slice(start, end);
    const at = offset + start + 1;
    if (fixed !== undefined && data.length < fixed)
      throw gs1Error(
        'GS1_BAD_LENGTH',
        `(${ai}) needs ${fixed} digits at position ${at}, got ${JSON.stringify(data)}`,
      );
    if (fixed !== undefined && !/^\d+$/.test(data))
      throw gs1Error(
        'GS1_BAD_CHAR',
        `(${ai}) needs ${fixed} digits at position ${at}, got ${JSON.stringify(data)}`,
      );
    if (data.length === 0) throw gs1Error('GS1_BAD_LENGTH', `(${ai}) has no data at position ${at}`);
    out.push({ ai, data, at });
    i = end;
  }
  return out;
}

function validate(el: Located, check: 'all' | 'used'): void {
  const { ai, data, at } = el;
  const spec = aiSpec(ai);
  if (check === 'used' && !spec.checkDigit && !spec.date && ai !== '10' && ai !== '21') return;
  const where = `GS1 (${ai})${data} at position ${at}`;
  if (spec.fixed ? data.length !== spec.length : data.length < 1 || data.length > spec.length) {
    throw gs1Error(
      spec.fixed || data.length === 0 ? 'GS1_BAD_LENGTH' : 'GS1_TOO_LONG',
      `${where}: AI ${ai} takes ${spec.fixed ? 'exactly' : '1 to'} ${spec.length} characters`,
    );
  }
  if (spec.numeric ? !/^\d+$/.test(data) : !CSET82.test(data)) {
    const bad = [...data].findIndex((c) => (spec.numeric ? !/\d/.test(c) : !CSET82.test(c)));
    throw gs1Error(
      'GS1_BAD_CHAR',
      `${where}: character ${JSON.stringify(data[bad])} at position ${at + bad} is not allowed: AI ${ai} takes ${spec.numeric ? 'digits only' : 'GS1 character set 82 only (no ^ ~ # $ @ [ \\ ] { | } space)'}`,
    );
  }
  if (spec.checkDigit) {
    const want = gs1CheckDigit(data.slice(0, -1));
    if (want !== data.slice(-1))
      throw gs1Error(
        'GS1_BAD_CHECK_DIGIT',
        `${where}: check digit at position ${at + data.length - 1} should be ${want}`,
      );
  }
  const date = spec.date ? dateError(ai, data) : undefined;
  if (date !== undefined) throw gs1Error('GS1_BAD_DATE', `${date} (position ${at})`);
}
