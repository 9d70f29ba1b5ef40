/**
 * GS1 element strings written out: from linegate's fields (AIs 01, 11, 17, 10, 21) as HRI or raw
 * text, and from parsed elements as HRI text or GS1 Data Matrix field data for ZPL ^BX.
 */
import { CSET82, dateError, GS, predefinedLength } from './ai';
import { gs1CheckDigit, gtinCheckDigitOk } from './check-digit';
import { gs1Error } from './errors';
import type { Gs1Element } from './parse';

/** The AIs linegate reads and writes. */
export interface Gs1Fields {
  /** AI (01): 14 digits with a valid check digit (8, 12 or 13 digits are left-padded on input). */
  gtin?: string;
  /** AI (21): 1-20 characters of CSet 82. */
  serial?: string;
  /** AI (10): batch/lot, 1-20 characters of CSet 82. */
  lot?: string;
  /** AI (11): production date YYMMDD. */
  prodDate?: string;
  /** AI (17): expiration date YYMMDD (DD 00 means the end of the month). */
  expiry?: string;
}

const MAX_VAR = 20;

function normalizeGtin(gtin: string): string {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(gtin)) {
    throw gs1Error('GS1_BAD_GTIN', `(01) ${JSON.stringify(gtin)} is not 8, 12, 13 or 14 digits`);
  }
  const g = gtin.padStart(14, '0');
  if (!gtinCheckDigitOk(g)) {
    const want = gs1CheckDigit(g.slice(0, 13));
    throw gs1Error('GS1_BAD_GTIN', `(01) ${gtin}: check digit ${g[13]} at position 14 should be ${want}`);
  }
  return g;
}

function checkDate(ai: string, value: string): string {
  const err = dateError(ai, value);
  if (err !== undefined) throw gs1Error('GS1_BAD_DATE', err);
  return value;
}

/** A serial or lot: 1-20 characters (GS1_TOO_LONG) of CSet 82 (GS1_BAD_CHAR, naming the position). */
export function checkGs1Text(ai: string, value: string): string {
  if (value.length < 1 || value.length > MAX_VAR) {
    throw gs1Error('GS1_TOO_LONG', `(${ai}) must be 1-${MAX_VAR} characters, got ${value.length}`);
  }
  for (let i = 0; i < value.length; i++) {
    if (!CSET82.test(value[i])) {
      throw gs1Error(
        'GS1_BAD_CHAR',
        `(${ai}) character ${JSON.stringify(value[i])} at position ${i + 1} is not in GS1 CSet 82`,
      );
    }
  }
  return value;
}

/**
 * The element string for `fields`: 'hri' as printed under a symbol, `(01)…(11)…(17)…(10)…(21)…`;
 * 'raw' as encoded after the symbology's leading FNC1, predefined-length AIs first and GS after
 * each variable-length field that is not last. Throws a GS1_* LinegateError on an invalid field.
 */
export function gs1ElementString(fields: Gs1Fields, form: 'hri' | 'raw'): string {
  const els: Array<[ai: string, value: string, variable: boolean]> = [];
  if (fields.gtin !== undefined) els.push(['01', normalizeGtin(fields.gtin), false]);
  if (fields.prodDate !== undefined) els.push(['11', checkDate('11', fields.prodDate), false]);
  if (fields.expiry !== undefined) els.push(['17', checkDate('17', fields.expiry), false]);
  if (fields.lot !== undefined) els.push(['10', checkGs1Text('10', fields.lot), true]);
  if (fields.serial !== undefined) els.push(['21', checkGs1Text('21', fields.serial), true]);
  if (els.length === 0) {
    throw new TypeError('gs1ElementString: fields has none of gtin, serial, lot, prodDate, expiry');
  }
  if (form === 'hri') return els.map(([ai, v]) => `(${ai})${v}`).join('');
  return els.map(([ai, v, variable], i) => ai + v + (variable && i < els.length - 1 ? GS : '')).join('');
}

/** The human-readable interpretation: `(01)…(21)…`. */
export function gs1Hri(elements: Gs1Element[]): string {
  return elements.map((e) => `(${e.ai})${e.data}`).join('');
}

/**
 * GS1 Data Matrix field data for ^BX quality 200 with escape character `escapeChar`: FNC1 first,
 * then each AI and data, with FNC1 after every element whose length is not predefined except the
 * last (ZPL manual, ^BX: `_1` is FNC1; GS1 General Specifications 5.10.1). `escape` doubles the
 * escape character in data, so a value cannot insert an FNC1 of its own.
 */
export function gs1DataMatrix(
  elements: Gs1Element[],
  escapeChar: string,
  escape: (data: string, escapeChar: string) => string,
): string {
  const fnc1 = `${escapeChar}1`;
  let out = fnc1;
  elements.forEach((e, i) => {
    out += e.ai + escape(e.data, escapeChar);
    if (i < elements.length - 1 && predefinedLength(e.ai) === undefined) out += fnc1;
  });
  return out;
}
