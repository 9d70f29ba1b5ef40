import { LinegateError } from '../errors';
/**
 * Layered escaping of variable data for ZPL field data (docs/contracts.md §4).
 *
 * Layer 1, the symbology's own escape, applied to the value:
 *  - Code 128 (^BC, mode N): the manual's invocation codes. In subset B `^`, `>` and `~` "must be
 *    programmed using the invocation codes" (ZPL II Programming Guide, ^BC, Table "Code 128
 *    Invocation Characters"): `><` is value 62 (`^`), `>0` is value 30 (`>`), `>=` is value 94
 *    (`~`). So `>` becomes `>0` (not `><`, which encodes `^`).
 *  - Data Matrix quality 200 (^BX): the escape character `g` is doubled ("_ in data is encoded by
 *    __"), so no value can inject FNC1 (`_1`), code pages (`_5NNN`) or control shifts.
 *  - QR (^BQ, automatic input) and text: no symbology escape exists; values are validated only.
 * Layer 2, ^FH hex escaping of the result: `^`, `~`, the indicator itself, bytes < 0x20, 0x7F
 * and every byte of non-ASCII UTF-8 become `<indicator>HH` (uppercase hex). Under ^CI28 the
 * printer decodes the bytes back to UTF-8. The manual (^BX, quality 200) states that "field
 * hexadecimal processing takes place before the escape sequence processing", so the layers
 * undo in the right order on the printer.
 */

/** How the field that carries a value is printed (from the ^B command of its field block). */
export type FieldContext =
  | { kind: 'text' }
  | { kind: 'code128' }
  | { kind: 'datamatrix'; escapeChar: string }
  | { kind: 'qr'; level: 'H' | 'Q' | 'M' | 'L' };

export const TEXT: FieldContext = { kind: 'text' };

/** ^FD holds at most 3072 bytes (ZPL manual, ^BX quality 200: "truncated to 3072 bytes"). */
const MAX_FIELD_BYTES = 3072;
/** Code 128 has no data limit but the label width; 80 is the encoder limit of common firmware. */
const MAX_CODE128 = 80;
/** Data Matrix ECC 200: 1556 bytes in byte mode, the worst case for arbitrary ASCII. */
const MAX_DATAMATRIX = 1556;
/** QR version 40 byte capacity per error correction level (ISO/IEC 18004, table 7). */
const MAX_QR: Record<'H' | 'Q' | 'M' | 'L', number> = { L: 2953, M: 2331, Q: 1663, H: 1273 };

/** Code 128 mode N: maps `^`, `>`, `~` to their invocation codes (ZPL manual, ^BC Table 2). */
export function escapeCode128(value: string): string {
  let out = '';
  for (const ch of value) {
    if (ch === '^') out += '><';
    else if (ch === '>') out += '>0';
    else if (ch === '~') out += '>=';
    else out += ch;
  }
  return out;
}

/** Data Matrix quality 200: doubles the escape character `g` (ZPL manual, ^BX field data). */
export function escapeDataMatrix(value: string, escapeChar: string): string {
  return value.split(escapeChar).join(escapeChar + escapeChar);
}

/** ^FH hex escaping of the UTF-8 bytes of `text`; `indicator` is the ^FH character. */
export function fhEscape(text: string, indicator = '_'): string {
  checkIndicator(indicator);
  const ind = indicator.charCodeAt(0);
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const special = byte < 0x20 || byte >= 0x7f || byte === 0x5e || byte === 0x7e || byte === ind;
    out += special ? indicator + byte.toString(16).toUpperCase().padStart(2, '0') : String.fromCharCode(byte);
  }
  return out;
}

/** The ^FH indicator must be one printable ASCII character other than the prefixes (^FH). */
export function checkIndicator(indicator: string): void {
  if (!/^[\x21-\x7e]$/.test(indicator) || indicator === '^' || indicator === '~' || indicator === ',') {
    throw new TypeError(
      `^FH indicator must be one printable ASCII character other than ^ ~ , (got "${indicator}")`,
    );
  }
}

/**
 * Applies layer 1 for `context` after checking that the symbology can carry `value`; returns the
 * string that the printer must see after ^FH decoding. `name` labels errors.
 */
export function symbologyEscape(value: string, context: FieldContext, name = 'value'): string {
  switch (context.kind) {
    case 'text':
      return limit(value, Buffer.byteLength(value, 'utf8'), MAX_FIELD_BYTES, name, 'bytes in a text field');
    case 'code128':
      requirePrintableAscii(value, name, 'Code 128');
      return escapeCode128(limit(value, value.length, MAX_CODE128, name, 'characters in Code 128'));
    case 'datamatrix':
      requirePrintableAscii(value, name, 'Data Matrix');
      return escapeDataMatrix(
        limit(value, value.length, MAX_DATAMATRIX, name, 'characters in Data Matrix'),
        context.escapeChar,
      );
    case 'qr':
      // Automatic input cannot carry bytes 0x80-0x9F and 0xE0-0xFF (ZPL manual, ^BQ): ASCII only.
      requirePrintableAscii(value, name, 'QR automatic input');
      return limit(
        value,
        value.length,
        MAX_QR[context.level],
        name,
        `characters in QR level ${context.level}`,
      );
  }
}

/** Both layers: the text to place after ^FD (and before ^FS) for `value` in `context`. */
export function escapeValue(value: string, context: FieldContext, indicator = '_', name = 'value'): string {
  return fhEscape(symbologyEscape(value, context, name), indicator);
}

/** A whole field-data command: `^FH[ind]^FD<escaped>^FS` (the indicator is omitted when `_`). */
export function fieldData(value: string, context: FieldContext = TEXT, indicator = '_'): string {
  return `^FH${indicator === '_' ? '' : indicator}^FD${escapeValue(value, context, indicator)}^FS`;
}

function limit(value: string, size: number, max: number, name: string, what: string): string {
  if (size > max) {
    throw new LinegateError('LABEL_VALUE_TOO_LONG', `${name} is ${size} long; at most ${max} ${what}`);
  }
  return value;
}

function requirePrintableAscii(value: string, name: string, symbology: string): void {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      const cp = value.codePointAt(i) ?? c;
      const shown =
        c < 0x20 || c === 0x7f ? `0x${c.toString(16).padStart(2, '0')}` : `"${String.fromCodePoint(cp)}"`;
      throw new LinegateError(
        'LABEL_BAD_CHAR',
        `${name}: ${symbology} cannot encode ${shown} at position ${i + 1}`,
      );
    }
  }
  if (value.length === 0) {
    throw new LinegateError('LABEL_BAD_CHAR', `${name}: ${symbology} cannot encode an empty value`);
  }
}
