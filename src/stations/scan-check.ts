/**
 * What a station expects of a scan, checked before anything is recorded: a GS1 scan (`]d2`,
 * `]C1`, `]Q3`) must parse with valid check digits and fields; any other scan must match the
 * station's pattern for component serials (by default printable ASCII without spaces, 4-64
 * characters). A one-scanner station tells identifying scans from components by its configured
 * rule. Anything else is refused and counted, never consumed: line noise that slipped through
 * the scanner's filter stops here.
 */
import { LinegateError } from '../errors';
import { parseGs1Scan, type Gs1Scan } from '../gs1';
import type { ComponentRecord } from '../units/unit';

/** The default for a plain (non-GS1) component serial: printable ASCII, no space, 4-64 characters (shorter lines are most often noise). */
export const DEFAULT_COMPONENT_PATTERN = '^[!-~]{4,64}$';

/** A scan's text, checked. */
export type CheckedScan = { kind: 'gs1'; text: string; gs1: Gs1Scan } | { kind: 'plain'; text: string };

/** Compiles a configured pattern (the config check has already reported a bad one). */
export function compileScanPattern(pattern: string | undefined, fallback?: string): RegExp | undefined {
  const source = pattern ?? fallback;
  return source === undefined ? undefined : new RegExp(source, 'u');
}

/** Shows a scan in a log line or refusal: control characters as \xNN, at most 80 characters. */
export function showScan(text: string): string {
  const shown = text.replace(/\p{Cc}/gu, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return shown.length > 80 ? `${shown.slice(0, 77)}...` : shown;
}

/**
 * Checks a component scan: GS1 element strings, or a plain serial matching `plain`. Throws
 * LinegateError SCAN_INVALID (a GS1 scan that does not parse) or SCAN_UNEXPECTED.
 */
export function checkComponentScan(text: string, plain: RegExp): CheckedScan {
  let gs1: Gs1Scan | undefined;
  try {
    gs1 = parseGs1Scan(text);
  } catch (err) {
    throw new LinegateError('SCAN_INVALID', `scan "${showScan(text)}" refused: ${(err as Error).message}`, {
      cause: err,
    });
  }
  if (gs1) {
    if (gs1.serial === undefined && gs1.lot === undefined)
      throw new LinegateError(
        'SCAN_UNEXPECTED',
        `scan "${showScan(text)}" refused: a GS1 component scan needs a serial (21) or a lot (10)`,
      );
    return { kind: 'gs1', text, gs1 };
  }
  const serial = text.trim();
  if (!plain.test(serial))
    throw new LinegateError(
      'SCAN_UNEXPECTED',
      `scan "${showScan(text)}" refused: not a component this station expects (pattern ${plain.source})`,
    );
  return { kind: 'plain', text: serial };
}

/** A checked component scan as the component record consumed into the unit, timed at the scan. */
export function componentOf(
  scan: CheckedScan,
  at: { station: string; time: number; lotQuantity: number },
): ComponentRecord {
  const base = { station: at.station, time: new Date(at.time).toISOString(), source: 'scan' as const };
  if (scan.kind === 'plain') return { ...base, serial: scan.text, quantity: 1 };
  const gs1 = scan.gs1;
  return {
    ...base,
    ...(gs1.serial !== undefined && { serial: gs1.serial }),
    ...(gs1.lot !== undefined && { lot: gs1.lot }),
    ...(gs1.gtin !== undefined && { gtin: gs1.gtin }),
    ...(gs1.expiry !== undefined && { expiry: gs1.expiry }),
    ...(gs1.prodDate !== undefined && { prodDate: gs1.prodDate }),
    quantity: gs1.serial === undefined ? at.lotQuantity : 1,
  };
}
