/** The GS1 mod 10 check digit (GS1 General Specifications 7.9.1), the one place it is computed. */

/**
 * The check digit of `digits`: weights 3, 1, 3, ... from the rightmost digit. Throws a TypeError
 * naming the character and its 1-based position when one is not a digit, or when empty.
 */
export function gs1CheckDigit(digits: string): string {
  if (digits.length === 0) throw new TypeError('check gs1: empty payload');
  let sum = 0;
  for (let i = digits.length - 1, w = 3; i >= 0; i--, w = 4 - w) {
    const d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) {
      const ch = JSON.stringify(digits[i]);
      throw new TypeError(`check gs1: character ${ch} at position ${i + 1} is outside "0123456789"`);
    }
    sum += d * w;
  }
  return String((10 - (sum % 10)) % 10);
}

/** True when a 14-digit GTIN's last digit is its GS1 mod 10 check digit. */
export function gtinCheckDigitOk(gtin14: string): boolean {
  return /^\d{14}$/.test(gtin14) && gs1CheckDigit(gtin14.slice(0, 13)) === gtin14[13];
}
