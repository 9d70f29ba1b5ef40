// Check characters for serial formats (docs/contracts.md §2, `{check:ALG}`): GS1 mod 10, Luhn, and the
// ISO/IEC 7064:2003 pure (MOD 11-2, 37-2, 97-10) and hybrid (MOD 11,10, 37,36) systems.
import { gs1CheckDigit } from '../gs1/check-digit';

/** Names accepted by `{check:ALG}` in a serial format. */
export type CheckAlgorithm = 'gs1' | 'luhn' | 'mod11-2' | 'mod37-2' | 'mod97-10' | 'mod11-10' | 'mod37-36';

/** One check character system. */
export interface CheckSpec {
  /** characters accepted in the payload, uppercase; anything else makes `compute` throw. */
  readonly alphabet: string;
  /** number of check characters `compute` returns (2 for mod97-10, otherwise 1). */
  readonly width: number;
  /**
   * The check character(s) for a payload already stripped by `checkPayload`. Throws a TypeError
   * naming the character and its 1-based position when one is outside `alphabet`, or when empty.
   */
  compute(payload: string): string;
}

const DIGITS = '0123456789';
const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Maps each payload character to its value (its index in `alphabet`), or throws. */
function values(name: string, alphabet: string, payload: string): number[] {
  if (payload.length === 0) throw new TypeError(`check ${name}: empty payload`);
  const out = new Array<number>(payload.length);
  for (let i = 0; i < payload.length; i++) {
    const v = alphabet.indexOf(payload[i]);
    if (v < 0) {
      const ch = JSON.stringify(payload[i]);
      throw new TypeError(
        `check ${name}: character ${ch} at position ${i + 1} is outside ${JSON.stringify(alphabet)}`,
      );
    }
    out[i] = v;
  }
  return out;
}

/** ISO/IEC 7812-1 Annex B (Luhn): double every second digit, starting with the rightmost payload digit. */
function luhn(payload: string): string {
  const v = values('luhn', DIGITS, payload);
  let sum = 0;
  for (let i = v.length - 1, dbl = true; i >= 0; i--, dbl = !dbl) {
    const d = dbl ? v[i] * 2 : v[i];
    sum += d > 9 ? d - 9 : d;
  }
  return String((10 - (sum % 10)) % 10);
}

/**
 * ISO/IEC 7064 pure system MOD m-r: P = (P + a) * r mod m per character, once more per extra
 * check character, and the check makes the whole string congruent to 1 mod m. `checkChars` maps
 * the check value(s) 0..m-1 to characters (MOD 11-2 uses X for 10, MOD 37-2 uses * for 36).
 */
function pure(o: {
  name: CheckAlgorithm;
  modulus: number;
  radix: number;
  width: number;
  alphabet: string;
  checkChars: string;
}): (payload: string) => string {
  const { name, modulus, radix, width, alphabet, checkChars } = o;
  return (payload) => {
    let p = 0;
    for (const a of values(name, alphabet, payload)) p = ((p + a) * radix) % modulus;
    for (let i = 1; i < width; i++) p = (p * radix) % modulus;
    const check = (modulus + 1 - p) % modulus;
    if (width === 1) return checkChars[check];
    return checkChars[Math.floor(check / radix)] + checkChars[check % radix];
  };
}

/** ISO/IEC 7064 hybrid system MOD (m+1),m: S = (P + a) mod m (0 read as m), P = 2S mod (m+1). */
function hybrid(name: CheckAlgorithm, m: number, alphabet: string): (payload: string) => string {
  return (payload) => {
    let p = m;
    for (const a of values(name, alphabet, payload)) {
      const s = (p + a) % m || m;
      p = (s * 2) % (m + 1);
    }
    return alphabet[(m + 1 - p) % m];
  };
}

function spec(alphabet: string, width: number, compute: (payload: string) => string): CheckSpec {
  return Object.freeze({ alphabet, width, compute });
}

/** Every check algorithm by its `{check:ALG}` name. */
export const checkAlgorithms: Readonly<Record<CheckAlgorithm, CheckSpec>> = Object.freeze({
  gs1: spec(DIGITS, 1, gs1CheckDigit), // the one GS1 mod 10 (src/gs1)
  luhn: spec(DIGITS, 1, luhn),
  'mod11-2': spec(
    DIGITS,
    1,
    pure({ name: 'mod11-2', modulus: 11, radix: 2, width: 1, alphabet: DIGITS, checkChars: DIGITS + 'X' }),
  ),
  'mod37-2': spec(
    ALNUM,
    1,
    pure({ name: 'mod37-2', modulus: 37, radix: 2, width: 1, alphabet: ALNUM, checkChars: ALNUM + '*' }),
  ),
  // ISO 7064 gives 00..96; IBAN (ISO 13616) maps 00 and 01 to 97 and 98, which is not done here.
  'mod97-10': spec(
    DIGITS,
    2,
    pure({ name: 'mod97-10', modulus: 97, radix: 10, width: 2, alphabet: DIGITS, checkChars: DIGITS }),
  ),
  'mod11-10': spec(DIGITS, 1, hybrid('mod11-10', 10, DIGITS)),
  'mod37-36': spec(ALNUM, 1, hybrid('mod37-36', 36, ALNUM)),
});

/** True when `name` is one of the `{check:ALG}` algorithm names. */
export function isCheckAlgorithm(name: string): name is CheckAlgorithm {
  return Object.prototype.hasOwnProperty.call(checkAlgorithms, name);
}

/** strips '-', '.', '/' and space, which check characters skip (docs/contracts.md §2) */
export function checkPayload(text: string): string {
  return text.replace(/[-./ ]/g, '');
}
