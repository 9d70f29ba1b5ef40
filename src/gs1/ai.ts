/**
 * The one table of GS1 Application Identifiers linegate knows (GS1 General Specifications 3.2 and
 * figure 7.8.5-2): how many digits an AI has, which AIs have a predefined length (no FNC1/GS
 * needed after them), and the format of each AI's data.
 */

/** Group separator: ends a variable-length field that is not last (FNC1 in the symbol). */
export const GS = '\x1d';

/** GS1 AI encodable character set 82 (General Specifications figure 7.11-1), any length. */
export const CSET82 = /^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]*$/;

/** true when `text` may stand in a GS1 serial (AI 21) or lot (AI 10): 1-20 characters of CSet 82. */
export function isGs1Text(text: string): boolean {
  return text.length >= 1 && text.length <= 20 && CSET82.test(text);
}

// Predefined-length AIs by their first two digits (figure 7.8.5-2): [AI digits, data digits].
// Only these may be followed by another AI without a GS.
// prettier-ignore
const PREDEFINED: Readonly<Record<string, readonly [number, number]>> = {
  '00': [2, 18], '01': [2, 14], '02': [2, 14], '03': [2, 14], '04': [2, 16],
  '11': [2, 6], '12': [2, 6], '13': [2, 6], '14': [2, 6], '15': [2, 6], '16': [2, 6], '17': [2, 6],
  '18': [2, 6], '19': [2, 6], '20': [2, 2],
  '31': [4, 6], '32': [4, 6], '33': [4, 6], '34': [4, 6], '35': [4, 6], '36': [4, 6], '41': [3, 13],
};

// AI digits by first two digits for the AIs whose data ends at a GS (or the end).
// prettier-ignore
const VARIABLE_AI_DIGITS: Readonly<Record<string, number>> = {
  '10': 2, '21': 2, '22': 2, '23': 3, '24': 3, '25': 3, '30': 2, '37': 2, '39': 4, '40': 3, '42': 3,
  '43': 4, '70': 4, '71': 3, '72': 4, '80': 4, '81': 4, '82': 4,
  '90': 2, '91': 2, '92': 2, '93': 2, '94': 2, '95': 2, '96': 2, '97': 2, '98': 2, '99': 2,
};

/** Number of digits of the AI that starts with these two digits, or 0 when none exists. */
export function aiDigits(prefix: string): number {
  return PREDEFINED[prefix]?.[0] ?? VARIABLE_AI_DIGITS[prefix] ?? 0;
}

/** Data length of an AI with a predefined length (its first two digits decide), else undefined. */
export function predefinedLength(ai: string): number | undefined {
  return PREDEFINED[ai.slice(0, 2)]?.[1];
}

/** The format of one AI's data. */
export interface AiSpec {
  numeric: boolean;
  /** exact length when fixed, else the maximum. */
  length: number;
  fixed: boolean;
  /** the last digit is a GS1 mod 10 check digit. */
  checkDigit?: boolean;
  /** YYMMDD (General Specifications 7.12). */
  date?: boolean;
}

const n = (length: number, fixed = true): AiSpec => ({ numeric: true, length, fixed });
const x = (length: number): AiSpec => ({ numeric: false, length, fixed: false });
const DATE: AiSpec = { ...n(6), date: true };

/** Common AIs (General Specifications section 3.2); other valid AIs get their predefined length or X..90. */
const SPECS: Readonly<Record<string, AiSpec>> = {
  '00': { ...n(18), checkDigit: true },
  '01': { ...n(14), checkDigit: true },
  '02': { ...n(14), checkDigit: true },
  '10': x(20),
  '11': DATE,
  '12': DATE,
  '13': DATE,
  '15': DATE,
  '16': DATE,
  '17': DATE,
  '20': n(2),
  '21': x(20),
  '22': x(20),
  '30': n(8, false),
  '37': n(8, false),
  '240': x(30),
  '241': x(30),
  '250': x(30),
  '251': x(30),
  '400': x(30),
  '7003': n(10),
  '90': x(30),
};

/** The format of `ai`'s data: the table above, else its predefined length, else X..90. */
export function aiSpec(ai: string): AiSpec {
  const known = SPECS[ai];
  if (known) return known;
  const predefined = predefinedLength(ai);
  // 410-417 are GLNs, with a check digit.
  if (predefined !== undefined) return { ...n(predefined), checkDigit: /^41[0-7]$/.test(ai) };
  return x(90);
}

/** Why a YYMMDD value is not a date (month 01-12, day 00-31; 00: not specified), or undefined. */
export function dateError(ai: string, value: string): string | undefined {
  if (!/^\d{6}$/.test(value)) return `(${ai}) ${JSON.stringify(value)} is not 6 digits YYMMDD`;
  const mm = Number(value.slice(2, 4));
  const dd = Number(value.slice(4, 6));
  if (mm < 1 || mm > 12) return `(${ai}) ${value}: month ${value.slice(2, 4)} at position 3 is not 01-12`;
  if (dd > 31) return `(${ai}) ${value}: day ${value.slice(4, 6)} at position 5 is not 00-31`;
  return undefined;
}
