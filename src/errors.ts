/**
 * Runtime failures carry a stable `code` from this catalogue (documented in the README); tests
 * assert codes, not message text. Programmer mistakes throw TypeError instead.
 */
export const ErrorCodes = {
  CONFIG_INVALID: 'the config file has problems (each is listed)',
  STORE_LOCKED: 'another process holds the data directory',
  STORE_OPEN_FAILED: 'the store could not be opened',
  STORE_FORMAT_NEWER: 'the store was written by a newer linegate',
  STORE_WRITE_FAILED: 'a synced batch write failed (disk full, I/O error): nothing was recorded',
  STORE_CLOSED: 'the store is closed (the gateway is stopping)',
  STORE_DAMAGED:
    'the store holds less than its high-water mark says was issued: a number at or below the mark was refused',
  STORE_FULL:
    'undelivered events reached the store quota high-water mark: new starts are refused until upstream catches up',
  SINK_UNKNOWN: 'no upstream sink has that name',
  SERIAL_EXHAUSTED: "a period's sequence is used up; the scheme refuses to issue",
  SERIAL_NO_BLOCK: 'no leased block of numbers is available',
  STATION_NOT_READY: 'the station has no active part number or work order',
  STATION_UNKNOWN: 'no station has that id',
  UNIT_UNKNOWN: 'no unit has that serial',
  UNIT_BAD_TRANSITION:
    'the unit is in a status that does not allow the move (e.g. consuming into a scrapped unit)',
  COMPONENT_IN_USE: 'the component serial is already installed in another unit',
  NO_UNIT_IDENTIFIED:
    'a scan or result arrived at a station with no unit identified then (no carrier present, its carrier bound to no unit, or it had left)',
  SCAN_UNEXPECTED:
    'a scan that is not what the station expects (its component pattern; by default printable ASCII), e.g. line noise',
  SCAN_INVALID: 'a scan that claims GS1 element strings does not parse (bad check digit, truncated field)',
  CARRIER_NOT_READ: 'a start station with a carrier saw no tag within its window',
  COMPONENT_UNKNOWN:
    'the component is not known to the plant (neither received nor built here) and the station refuses unknown components',
  SERIAL_IMPORT_INVALID: 'an import has bad rows (each is reported by line number): nothing was imported',
  SERIAL_TAKEN: 'the serial is already issued, reserved, imported or received',
  SCHEME_UNKNOWN: 'no serial scheme has that name',
  UNIT_REFUSED:
    'process release refused the unit at this station (on hold, route not satisfied, too many attempts, scrapped or completed)',
  HOLD_UNKNOWN: 'no hold in force has that id (unknown or already released)',
  // GS1 (src/gs1): element strings, scans, EPC URNs and Digital Link URIs.
  GS1_EMPTY: 'a GS1 element string has no element',
  GS1_BAD_AI: 'a GS1 element string names an unknown or truncated application identifier',
  GS1_BAD_LENGTH: "a GS1 field's data is not its AI's length (or is empty)",
  GS1_TOO_LONG: "a GS1 field's data is longer than its AI allows (serial and lot: 1-20 characters)",
  GS1_BAD_CHAR: 'a GS1 field holds a character its AI does not allow (digits only, or GS1 character set 82)',
  GS1_BAD_CHECK_DIGIT: "a GS1 field's check digit is wrong (SSCC, GTIN, GLN)",
  GS1_BAD_DATE: 'a GS1 date is not YYMMDD with month 01-12 and day 00-31',
  GS1_BAD_GTIN: 'a GTIN is not 8, 12, 13 or 14 digits with a valid check digit',
  GS1_BAD_SCAN: 'a scan with a GS1 symbology identifier does not parse, or is not a GS1 Digital Link URI',
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

/** An error with a stable code and, where there is one, the error that caused it. */
export class LinegateError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'LinegateError';
  }
}

/** true when `err` is a LinegateError with the given code. */
export function hasCode(err: unknown, code: ErrorCode): boolean {
  return err instanceof LinegateError && err.code === code;
}
