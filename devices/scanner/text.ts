/**
 * From a scanner line's bytes to Scan.text, byte-exact: symbology identifiers (`]d2`, `]C1`,
 * `]Q3`) and GS separators are kept for the core's GS1 parser (src/gs1/scan.ts).
 *
 * Noise: a scanner sends text, so a line is a scan only if it is valid UTF-8 (ASCII always is)
 * of printable characters plus the few control bytes barcode data carries. Line noise and a
 * wrong baud rate produce bytes >= 0x80 that are not valid UTF-8 and C0/C1 control codes; an
 * earlier filter only looked for C0 controls and read any invalid UTF-8 as Latin-1, so 6% of
 * random noise lines passed as scans. What the station then expects of a scan (a pattern, a
 * valid GS1 string) is checked by the station (src/stations/scan-check.ts).
 */

/** Control bytes barcode data may carry: EOT, TAB, FS, GS, RS (GS1 and ISO/IEC 15434 formats). */
const DATA_CONTROLS = new Set([0x04, 0x09, 0x1c, 0x1d, 0x1e]);

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Characters no scanned text carries: controls (C0, DEL, C1) other than the data controls,
 * unassigned code points, private use, and U+FFFD (a decoder's replacement character).
 */
const UNPRINTABLE = /[\p{Cc}\p{Cn}\p{Co}\uFFFD]/u;

/** The line as text when it can be a scan, else undefined (line noise). */
export function scanText(line: Uint8Array): string | undefined {
  let text: string;
  try {
    text = strictUtf8.decode(line);
  } catch {
    return undefined; // not UTF-8: no scanner sends that
  }
  for (const ch of text) {
    const code = ch.codePointAt(0)!;
    if (code < 0x80 && DATA_CONTROLS.has(code)) continue;
    if (UNPRINTABLE.test(ch)) return undefined;
  }
  return text;
}

/** true when a line cannot be a scan (see scanText). */
export function isLineNoise(line: Uint8Array): boolean {
  return scanText(line) === undefined;
}

/** The line as text (UTF-8); throws TypeError on line noise (check isLineNoise first). */
export function decodeScanText(line: Uint8Array): string {
  const text = scanText(line);
  if (text === undefined) throw new TypeError('decodeScanText: the line is noise, not a scan');
  return text;
}
