// GS1 element strings (GS1 General Specifications, sections 3 and 7.8): building them for labels
// and parsing them from scanner lines (docs/contracts.md §2, assembly stations).
import { checkAlgorithms } from './check';

/** Stable codes of GS1 errors. */
export type Gs1ErrorCode = 'GS1_BAD_GTIN' | 'GS1_BAD_DATE' | 'GS1_BAD_CHAR' | 'GS1_TOO_LONG' | 'GS1_BAD_SCAN';

/** A GS1 field or scan that cannot be encoded or parsed; `code` is stable, the message is for people. */
export class Gs1Error extends Error {
  constructor(
    readonly code: Gs1ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'Gs1Error';
  }
}

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

/** A parsed GS1 scan: the known fields plus every element string by AI. */
export interface Gs1Scan extends Gs1Fields {
  readonly ais: Record<string, string>;
}

/** Group separator: ends a variable-length field that is not last (FNC1 in the symbol). */
export const GS = '\x1d';

/** GS1 AI encodable character set 82 (General Specifications figure 7.11-1). */
const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]$/;
const MAX_VAR = 20;

/** True when a 14-digit GTIN's last digit is its GS1 mod 10 check digit. */
export function gtinCheckDigitOk(gtin14: string): boolean {
  return /^\d{14}$/.test(gtin14) && checkAlgorithms.gs1.compute(gtin14.slice(0, 13)) === gtin14[13];
}

function normalizeGtin(gtin: string): string {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(gtin)) {
    throw new Gs1Error('GS1_BAD_GTIN', `(01) ${JSON.stringify(gtin)} is not 8, 12, 13 or 14 digits`);
  }
  const g = gtin.padStart(14, '0');
  if (!gtinCheckDigitOk(g)) {
    const want = checkAlgorithms.gs1.compute(g.slice(0, 13));
    throw new Gs1Error('GS1_BAD_GTIN', `(01) ${gtin}: check digit ${g[13]} at position 14 should be ${want}`);
  }
  return g;
}

/** YYMMDD per General Specifications 7.12: month 01-12, day 00-31 (00: not specified). */
function dateError(ai: string, value: string): string | undefined {
  if (!/^\d{6}$/.test(value)) return `(${ai}) ${JSON.stringify(value)} is not 6 digits YYMMDD`;
  const mm = Number(value.slice(2, 4));
  const dd = Number(value.slice(4, 6));
  if (mm < 1 || mm > 12) return `(${ai}) ${value}: month ${value.slice(2, 4)} at position 3 is not 01-12`;
  if (dd > 31) return `(${ai}) ${value}: day ${value.slice(4, 6)} at position 5 is not 00-31`;
  return undefined;
}

function checkDate(ai: string, value: string): string {
  const err = dateError(ai, value);
  if (err !== undefined) throw new Gs1Error('GS1_BAD_DATE', err);
  return value;
}

function checkText(ai: string, value: string): string {
  if (value.length < 1 || value.length > MAX_VAR) {
    throw new Gs1Error('GS1_TOO_LONG', `(${ai}) must be 1-${MAX_VAR} characters, got ${value.length}`);
  }
  for (let i = 0; i < value.length; i++) {
    if (!CSET82.test(value[i])) {
      throw new Gs1Error(
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
 * each variable-length field that is not last. Throws Gs1Error on an invalid field.
 */
export function gs1ElementString(fields: Gs1Fields, form: 'hri' | 'raw'): string {
  const els: Array<[ai: string, value: string, variable: boolean]> = [];
  if (fields.gtin !== undefined) els.push(['01', normalizeGtin(fields.gtin), false]);
  if (fields.prodDate !== undefined) els.push(['11', checkDate('11', fields.prodDate), false]);
  if (fields.expiry !== undefined) els.push(['17', checkDate('17', fields.expiry), false]);
  if (fields.lot !== undefined) els.push(['10', checkText('10', fields.lot), true]);
  if (fields.serial !== undefined) els.push(['21', checkText('21', fields.serial), true]);
  if (els.length === 0) {
    throw new TypeError('gs1ElementString: fields has none of gtin, serial, lot, prodDate, expiry');
  }
  if (form === 'hri') return els.map(([ai, v]) => `(${ai})${v}`).join('');
  return els.map(([ai, v, variable], i) => ai + v + (variable && i < els.length - 1 ? GS : '')).join('');
}

// Predefined-length AIs by their first two digits (General Specifications figure 7.8.5-2):
// [AI digits, data digits]. Only these may be followed by another AI without a GS.
// prettier-ignore
const PREDEFINED: Readonly<Record<string, readonly [number, number]>> = {
  '00': [2, 18], '01': [2, 14], '02': [2, 14], '03': [2, 14], '04': [2, 16],
  '11': [2, 6], '12': [2, 6], '13': [2, 6], '14': [2, 6], '15': [2, 6], '16': [2, 6], '17': [2, 6],
  '18': [2, 6], '19': [2, 6], '20': [2, 2],
  '31': [4, 6], '32': [4, 6], '33': [4, 6], '34': [4, 6], '35': [4, 6], '36': [4, 6], '41': [3, 13],
};

// AI length by first two digits for the AIs ended by GS (GS1 General Specifications 3.2).
// prettier-ignore
const VARIABLE_AI_DIGITS: Readonly<Record<string, number>> = {
  '10': 2, '21': 2, '22': 2, '23': 3, '24': 3, '25': 3, '30': 2, '37': 2, '39': 4, '40': 3, '42': 3,
  '43': 4, '70': 4, '71': 3, '72': 4, '80': 4, '81': 4, '82': 4,
  '90': 2, '91': 2, '92': 2, '93': 2, '94': 2, '95': 2, '96': 2, '97': 2, '98': 2, '99': 2,
};

const SYMBOLOGY_IDS = [']d2', ']C1', ']Q3'];

function badScan(message: string, cause?: unknown): Gs1Error {
  return new Gs1Error('GS1_BAD_SCAN', message, cause === undefined ? undefined : { cause });
}

/** Validates the data of an AI whose meaning linegate knows; throws GS1_BAD_SCAN. */
function checkScanned(ai: string, data: string, at: number): void {
  if (['00', '01', '02'].includes(ai) || /^41[0-7]$/.test(ai)) {
    const want = checkAlgorithms.gs1.compute(data.slice(0, -1));
    if (want !== data[data.length - 1]) {
      throw badScan(`(${ai}) ${data}: check digit at position ${at + data.length} should be ${want}`);
    }
  } else if (ai === '11' || ai === '17') {
    const err = dateError(ai, data);
    if (err !== undefined) throw badScan(`${err} (scan position ${at + 1})`);
  } else if (ai === '10' || ai === '21') {
    try {
      checkText(ai, data);
    } catch (err) {
      throw badScan(`${(err as Error).message} (scan position ${at + 1})`, err);
    }
  }
}

/** Reads the element string starting at `i` (an AI, then its data); throws GS1_BAD_SCAN. */
function readElement(line: string, i: number): { ai: string; data: string; end: number } {
  const prefix = line.slice(i, i + 2);
  const fixed = PREDEFINED[prefix];
  const aiDigits = fixed ? fixed[0] : VARIABLE_AI_DIGITS[prefix];
  const ai = line.slice(i, i + (aiDigits ?? 2));
  if (!/^\d+$/.test(ai) || ai.length < (aiDigits ?? 2)) {
    throw badScan(`truncated AI ${JSON.stringify(ai)} at scan position ${i + 1}`);
  }
  if (aiDigits === undefined) throw badScan(`unknown AI ${JSON.stringify(prefix)} at scan position ${i + 1}`);
  const start = i + aiDigits;
  let end: number;
  if (fixed) {
    end = start + fixed[1];
    if (!/^\d+$/.test(line.slice(start, end)) || end > line.length) {
      const got = JSON.stringify(line.slice(start, end));
      throw badScan(`(${ai}) needs ${fixed[1]} digits at scan position ${start + 1}, got ${got}`);
    }
  } else {
    const gs = line.indexOf(GS, start);
    end = gs < 0 ? line.length : gs;
    if (end === start) throw badScan(`(${ai}) has no data at scan position ${start + 1}`);
  }
  const data = line.slice(start, end);
  checkScanned(ai, data, start);
  return { ai, data, end };
}

/**
 * A scanner line as GS1 element strings when it starts with `]d2`, `]C1` or `]Q3`; undefined for
 * any other line (a plain component serial). Throws Gs1Error GS1_BAD_SCAN on a bad check digit,
 * a truncated or invalid field, an unknown AI or an AI given twice with different data.
 */
export function parseGs1Scan(scan: string): Gs1Scan | undefined {
  const line = scan.replace(/[\r\n]+$/, '');
  if (!SYMBOLOGY_IDS.includes(line.slice(0, 3))) return undefined;
  const ais: Record<string, string> = {};
  let i = 3;
  while (i < line.length) {
    if (line[i] === GS) {
      i++; // a leading or doubled FNC1 carries no data
      continue;
    }
    const { ai, data, end } = readElement(line, i);
    if (ais[ai] !== undefined && ais[ai] !== data) throw badScan(`(${ai}) given twice with different data`);
    ais[ai] = data;
    i = end;
  }
  if (Object.keys(ais).length === 0) throw badScan(`${line.slice(0, 3)} scan has no element strings`);
  const out: Gs1Scan = { ais };
  if (ais['01'] !== undefined) out.gtin = ais['01'];
  if (ais['21'] !== undefined) out.serial = ais['21'];
  if (ais['10'] !== undefined) out.lot = ais['10'];
  if (ais['11'] !== undefined) out.prodDate = ais['11'];
  if (ais['17'] !== undefined) out.expiry = ais['17'];
  return out;
}
