/**
 * GS1 element strings for labels: parse the HRI form `(01)09506000134352(21)ABC(10)LOT7` or the
 * raw form `0109506000134352` `21ABC<GS>10LOT7` (optionally prefixed `]d2`, `]C1`, `]Q3`),
 * validate them (GS1 General Specifications: AI table, character set 82, check digits), and
 * write them back as HRI text or as GS1 Data Matrix field data for ^BX (FNC1 = escape char + "1").
 */
import { escapeDataMatrix } from './escape';
import { LinegateError } from '../errors';

/** One application identifier with its data. */
export interface Gs1Element {
  ai: string;
  data: string;
}

interface AiSpec {
  numeric: boolean;
  /** exact length when fixed, else the maximum. */
  length: number;
  fixed: boolean;
  checkDigit?: boolean;
}

const GS = '\x1d';
/** GS1 character set 82 (GS1 General Specifications, figure 7.11-1). */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;

/** Common AIs (GS1 General Specifications section 3.2); other valid AIs get X..90. */
const SPECS: Record<string, AiSpec> = {
  '00': { numeric: true, length: 18, fixed: true, checkDigit: true },
  '01': { numeric: true, length: 14, fixed: true, checkDigit: true },
  '02': { numeric: true, length: 14, fixed: true, checkDigit: true },
  '10': { numeric: false, length: 20, fixed: false },
  '11': { numeric: true, length: 6, fixed: true },
  '12': { numeric: true, length: 6, fixed: true },
  '13': { numeric: true, length: 6, fixed: true },
  '15': { numeric: true, length: 6, fixed: true },
  '16': { numeric: true, length: 6, fixed: true },
  '17': { numeric: true, length: 6, fixed: true },
  '20': { numeric: true, length: 2, fixed: true },
  '21': { numeric: false, length: 20, fixed: false },
  '22': { numeric: false, length: 20, fixed: false },
  '30': { numeric: true, length: 8, fixed: false },
  '37': { numeric: true, length: 8, fixed: false },
  '240': { numeric: false, length: 30, fixed: false },
  '241': { numeric: false, length: 30, fixed: false },
  '250': { numeric: false, length: 30, fixed: false },
  '251': { numeric: false, length: 30, fixed: false },
  '400': { numeric: false, length: 30, fixed: false },
  '7003': { numeric: true, length: 10, fixed: true },
  '90': { numeric: false, length: 30, fixed: false },
};

/**
 * AIs whose first two digits imply a predefined length (AI included) need no FNC1 separator
 * after them (GS1 General Specifications, figure 5.10.1-2).
 */
const PREDEFINED: Record<string, number> = {
  '00': 20,
  '01': 16,
  '02': 16,
  '03': 16,
  '04': 18,
  '11': 8,
  '12': 8,
  '13': 8,
  '14': 8,
  '15': 8,
  '16': 8,
  '17': 8,
  '18': 8,
  '19': 8,
  '20': 4,
  '31': 10,
  '32': 10,
  '33': 10,
  '34': 10,
  '35': 10,
  '36': 10,
  '41': 16,
};

/** Number of digits of the AI that starts with these two digits, or 0 when none exists. */
function aiLength(prefix: string): number {
  const n = Number(prefix);
  if ([0, 1, 2, 30, 37].includes(n) || (n >= 10 && n <= 22 && n !== 14 && n !== 18 && n !== 19) || n >= 90)
    return 2;
  if ([23, 24, 25, 40, 41, 42].includes(n)) return 3;
  if ((n >= 31 && n <= 36) || [39, 43, 70, 71, 72, 80, 81, 82].includes(n)) return 4;
  return 0;
}

function specOf(ai: string): AiSpec {
  const known = SPECS[ai];
  if (known) return known;
  const predefined = PREDEFINED[ai.slice(0, 2)];
  if (predefined !== undefined) return { numeric: true, length: predefined - ai.length, fixed: true };
  return { numeric: false, length: 90, fixed: false };
}

/** Parses and validates a GS1 element string in HRI or raw form. */
export function parseGs1(input: string): Gs1Element[] {
  const text = input.replace(/^\](d2|C1|Q3|e0)/, '');
  const elements = text.startsWith('(') ? parseHri(text) : parseRaw(text);
  if (elements.length === 0) throw gs1Error(input, 'no element');
  for (const el of elements) validate(el);
  return elements;
}

function parseHri(text: string): Gs1Element[] {
  const out: Gs1Element[] = [];
  let rest = text;
  while (rest.length > 0) {
    const m = /^\((\d{2,4})\)/.exec(rest);
    if (!m || aiLength(m[1].slice(0, 2)) !== m[1].length)
      throw gs1Error(text, `bad AI at "${rest.slice(0, 8)}"`);
    rest = rest.slice(m[0].length);
    const spec = specOf(m[1]);
    // A fixed-length AI ends by its length; a variable one at the next "(AI)" (use the raw form
    // for data that itself contains such text).
    let end = spec.fixed ? spec.length : rest.search(/\(\d{2,4}\)/);
    if (end < 0) end = rest.length;
    out.push({ ai: m[1], data: rest.slice(0, end) });
    rest = rest.slice(end);
  }
  return out;
}

function parseRaw(text: string): Gs1Element[] {
  const out: Gs1Element[] = [];
  let rest = text;
  while (rest.length > 0) {
    const len = aiLength(rest.slice(0, 2));
    if (len === 0 || rest.length < len) throw gs1Error(text, `bad AI at "${rest.slice(0, 8)}"`);
    const ai = rest.slice(0, len);
    rest = rest.slice(len);
    const spec = specOf(ai);
    let end = spec.fixed ? spec.length : rest.indexOf(GS);
    if (end < 0) end = rest.length;
    out.push({ ai, data: rest.slice(0, end) });
    rest = rest.slice(end);
    if (rest.startsWith(GS)) rest = rest.slice(1);
  }
  return out;
}

function validate(el: Gs1Element): void {
  const spec = specOf(el.ai);
  const where = `(${el.ai})${el.data}`;
  if (spec.fixed ? el.data.length !== spec.length : el.data.length < 1 || el.data.length > spec.length) {
    throw new LinegateError(
      spec.fixed || el.data.length === 0 ? 'LABEL_GS1_INVALID' : 'LABEL_VALUE_TOO_LONG',
      `GS1 ${where}: AI ${el.ai} takes ${spec.fixed ? 'exactly' : '1 to'} ${spec.length} characters`,
    );
  }
  if (spec.numeric ? !/^\d+$/.test(el.data) : !CSET82.test(el.data)) {
    throw new LinegateError(
      'LABEL_BAD_CHAR',
      `GS1 ${where}: AI ${el.ai} takes ${spec.numeric ? 'digits only' : 'GS1 character set 82 only (no ^ ~ # $ @ [ \\ ] { | } space)'}`,
    );
  }
  if (spec.checkDigit && gs1CheckDigit(el.data.slice(0, -1)) !== el.data.slice(-1)) {
    throw new LinegateError('LABEL_GS1_INVALID', `GS1 ${where}: wrong check digit`);
  }
}

/** GS1 mod 10 check digit over `digits` (weights 3, 1, 3, ... from the right). */
export function gs1CheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    sum += Number(digits[digits.length - 1 - i]) * (i % 2 === 0 ? 3 : 1);
  }
  return String((10 - (sum % 10)) % 10);
}

/** The human-readable interpretation: `(01)…(21)…`. */
export function gs1Hri(elements: Gs1Element[]): string {
  return elements.map((e) => `(${e.ai})${e.data}`).join('');
}

/**
 * GS1 Data Matrix field data for ^BX quality 200 with escape character `g`: FNC1 (`g1`) first,
 * then each AI and data, with FNC1 after every element whose length is not predefined except
 * the last (ZPL manual, ^BX: `_1` is FNC1; GS1 General Specifications 5.10.1). Data is escaped
 * by doubling `g`, so a value cannot insert an FNC1 of its own.
 */
export function gs1DataMatrix(elements: Gs1Element[], escapeChar: string): string {
  const fnc1 = `${escapeChar}1`;
  let out = fnc1;
  elements.forEach((e, i) => {
    out += e.ai + escapeDataMatrix(e.data, escapeChar);
    if (i < elements.length - 1 && PREDEFINED[e.ai.slice(0, 2)] === undefined) out += fnc1;
  });
  return out;
}

function gs1Error(input: string, why: string): LinegateError {
  return new LinegateError('LABEL_GS1_INVALID', `GS1 element string "${input}": ${why}`);
}
