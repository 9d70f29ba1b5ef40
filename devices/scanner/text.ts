/**
 * From a scanner line's bytes to Scan.text, byte-exact: symbology identifiers (`]d2`, `]C1`,
 * `]Q3`) and GS separators are kept for the core's GS1 parser (src/serials/gs1.ts).
 */

/** Control bytes barcode data may carry: EOT, TAB, FS, GS, RS (GS1 and ISO/IEC 15434 formats). */
const DATA_CONTROLS = new Set([0x04, 0x09, 0x1c, 0x1d, 0x1e]);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * true when a line cannot be a scan: it carries control bytes no barcode data has (NUL, BEL,
 * ESC, DEL ...), which is what line noise and a wrong baud rate produce.
 */
export function isLineNoise(line: Uint8Array): boolean {
  for (const b of line) if ((b < 0x20 && !DATA_CONTROLS.has(b)) || b === 0x7f) return true;
  return false;
}

/** The line as text: UTF-8 when it is valid UTF-8 (ASCII always is), else Latin-1 (one char per byte). */
export function decodeScanText(line: Uint8Array): string {
  try {
    return strictUtf8.decode(line);
  } catch {
    return Buffer.from(line).toString('latin1');
  }
}
