/**
 * GS1 scans at stations: a scanner line that starts with a GS1 symbology identifier (`]d2` Data
 * Matrix, `]C1` GS1-128, `]Q3` QR) carries element strings, parsed by the one parser (parse.ts)
 * with the checks a reader needs ('used'); any failure is GS1_BAD_SCAN, its cause the precise one.
 */
import { LinegateError } from '../errors';
import type { Gs1Fields } from './element-string';
import { gs1Error } from './errors';
import { parseGs1 } from './parse';

/** A parsed GS1 scan: the known fields plus every element string by AI. */
export interface Gs1Scan extends Gs1Fields {
  readonly ais: Record<string, string>;
}

const SYMBOLOGY_IDS = [']d2', ']C1', ']Q3'];

/**
 * A scanner line as GS1 element strings when it starts with `]d2`, `]C1` or `]Q3`; undefined for
 * any other line (a plain component serial). Throws LinegateError GS1_BAD_SCAN on a bad check
 * digit, a truncated or invalid field, an unknown AI or an AI given twice with different data.
 */
export function parseGs1Scan(scan: string): Gs1Scan | undefined {
  const line = scan.replace(/[\r\n]+$/, '');
  if (!SYMBOLOGY_IDS.includes(line.slice(0, 3))) return undefined;
  if (line.length === 3) throw gs1Error('GS1_BAD_SCAN', `${line} scan has no element strings`);
  let elements;
  try {
    elements = parseGs1(line, { check: 'used' });
  } catch (err) {
    if (!(err instanceof LinegateError)) throw err;
    throw gs1Error('GS1_BAD_SCAN', `scan ${err.message}`, err);
  }
  const ais: Record<string, string> = {};
  for (const { ai, data } of elements) {
    if (ais[ai] !== undefined && ais[ai] !== data)
      throw gs1Error('GS1_BAD_SCAN', `(${ai}) given twice with different data`);
    ais[ai] = data;
  }
  const out: Gs1Scan = { ais };
  if (ais['01'] !== undefined) out.gtin = ais['01'];
  if (ais['21'] !== undefined) out.serial = ais['21'];
  if (ais['10'] !== undefined) out.lot = ais['10'];
  if (ais['11'] !== undefined) out.prodDate = ais['11'];
  if (ais['17'] !== undefined) out.expiry = ais['17'];
  return out;
}
