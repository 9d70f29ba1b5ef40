/**
 * The one error type and the one catalogue of codes, core and devices alike. Runtime failures
 * throw a LinegateError whose `code` is a key of ErrorCodes; tests and callers match the code,
 * never the text. The catalogue is data only (the core imports no device library): the table in
 * docs/troubleshooting.md is generated from it, and test/unit/errors/catalogue.test.ts holds the
 * two together and checks that every code thrown in src/ and devices/ is listed here.
 * Programmer mistakes throw TypeError instead.
 */
import type { ConfigProblem } from './config/problems';
import type { ResultCode } from './ports';
import type { ImportReport } from './serials/import';
import type { StepOutcome } from './stations/steps';

// Each `// Area: ...` comment opens a section of the generated docs table; keep one per area.
export const ErrorCodes = {
  // Area: Config and start
  CONFIG_INVALID: 'the config file has problems (each is listed with its line and column)',
  INTERNAL: 'an unexpected failure (a bug): the log line has the stack',

  // Area: Local API
  UNAUTHORIZED: 'a change request without the right bearer token (401)',
  BAD_REQUEST: 'the request does not fit the API (400): the message names the field',
  NOT_FOUND: 'no such page or file (404)',
  NO_LABEL: 'no label was printed since the gateway started, so there is nothing to preview (404)',
  DASHBOARD_MISSING: 'the dashboard files are not installed (503)',

  // Area: Store
  STORE_LOCKED: 'another process holds the data directory',
  STORE_OPEN_FAILED: 'the store could not be opened',
  STORE_FORMAT_NEWER: 'the store was written by a newer linegate',
  STORE_WRITE_FAILED: 'a synced batch write failed (disk full, I/O error): nothing was recorded',
  STORE_CLOSED: 'the store is closed (the gateway is stopping)',
  STORE_DAMAGED:
    'the store holds less than its high-water mark says was issued: a number at or below the mark was refused',
  STORE_FULL:
    'undelivered events reached the store quota high-water mark: new starts are refused until upstream catches up',

  // Area: Upstream
  SINK_UNKNOWN: 'no upstream sink has that name',
  SINK_HELD:
    'the MES answered 401/403 or the sink is misconfigured: it holds its events (an alarm) and resumes by itself once fixed',
  HTTP_TIMEOUT: 'an upstream HTTP request got no answer within its timeout (retried)',
  HTTP_CONNECTION_FAILED: 'an upstream HTTP request could not connect or lost its connection (retried)',
  HTTP_ABORTED: 'an upstream HTTP request was cancelled (the sink is stopping)',

  // Area: Serial numbers
  SERIAL_EXHAUSTED: "a period's sequence is used up; the scheme refuses to issue",
  SERIAL_NO_BLOCK: 'no leased block of numbers is available',
  SERIAL_IMPORT_INVALID: 'an import has bad rows (each is reported by line number): nothing was imported',
  SERIAL_CSV_UNREADABLE:
    'an import file cannot be read past a line (an unclosed quote, a bad header, too many rows)',
  SERIAL_FORMAT_INVALID: 'a serial format has a bad token (reported at its character in the config)',
  SERIAL_TAKEN: 'the serial is already issued, reserved, imported or received',
  SCHEME_UNKNOWN: 'no serial scheme has that name',

  // Area: EPC (SGTIN-96 tag identities)
  EPC_BAD_HEADER: 'the EPC header is not SGTIN-96 (0x30)',
  EPC_BAD_PARTITION: 'the company prefix length or the partition value does not fit SGTIN-96',
  EPC_BAD_SERIAL: 'the serial is not a decimal number of at most 38 bits without leading zeros',
  EPC_BAD_INPUT: 'a field or EPC is malformed (not digits, wrong length, not 24 hex characters)',

  // Area: Stations, units and components
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

  // Area: Process release
  UNIT_REFUSED:
    'process release refused the unit at this station (on hold, route not satisfied, too many attempts, scrapped or completed)',
  HOLD_UNKNOWN: 'no hold in force has that id (unknown or already released)',

  // Area: Labels
  LABEL_VALUE_TOO_LONG: 'a value is longer than its field or barcode allows',
  LABEL_BAD_CHAR: 'a value has a character its field or symbology cannot encode',
  LABEL_UNKNOWN_PLACEHOLDER: 'the template names a placeholder linegate does not know (file:line)',
  LABEL_MISSING_VALUE: 'a placeholder has no value for this unit (file:line)',
  LABEL_TEMPLATE_SYNTAX: 'the template is not well-formed ZPL (file:line)',
  LABEL_UNSUPPORTED: 'the template uses a ZPL command or encoding linegate refuses (e.g. not UTF-8)',
  LABEL_GS1_INVALID: 'a GS1 barcode value is not a valid element string (bad AI, length or check digit)',
  LABEL_LOGO_INVALID: 'the logo file is missing or not a PNG that can be printed',
  LABEL_PREVIEW_FAILED: 'the label preview could not be rendered in time',
  LABEL_RFID_INVALID: 'an RFID label without an EPC-96 for its unit, or not one format of one copy',
  LABEL_RENDER_FAILED: 'the label could not be rendered for another reason (the message says why)',

  // Area: Printers
  NO_PRINTER: 'the station prints no labels (a reprint or batch print asked for one)',
  PRINTER_OFFLINE: 'the printer cannot be reached (no connection)',
  PRINTER_SILENT: 'the printer did not answer ~HS (a Zebra is silent when out of paper or the head is open)',
  PRINTER_PAPER_OUT: 'the printer reports paper out',
  PRINTER_HEAD_OPEN: 'the printer reports its head open',
  PRINTER_PAUSED: 'the printer is paused',
  PRINTER_RIBBON_OUT: 'the printer reports ribbon out',
  PRINTER_BUFFER_FULL: 'the printer reports its receive buffer full',
  PRINTER_CONFIRM_TIMEOUT: 'the label was sent but the printer did not confirm it printed in time',
  PRINTER_WRITE_FAILED: 'the label could not be sent to the printer',
  PRINTER_LINK_LOST: 'the connection that carried a label was lost before the label was confirmed on it',
  PRINTER_BAD_STATUS: 'the printer answered a status query with something that is not a valid answer',
  PRINTER_RFID_FAILED:
    "an RFID label's tag was not encoded with the unit's EPC (no read-back, or another EPC)",
  STATUS_QUERY_PREEMPTED:
    'an idle printer status query was given up for a print (internal: the status watch skips a turn)',

  // Area: OPC UA (PLC handshake)
  OPCUA_NOT_CONNECTED: 'no session to the PLC',
  OPCUA_BAD_STATUS: 'the PLC answered a read or write with a bad status code',
  OPCUA_TIMEOUT: 'the PLC did not answer in time',
  OPCUA_CERT_UNTRUSTED: "the PLC's certificate is not trusted, or the PLC refused the gateway's",
  OPCUA_CERT_NOT_FOUND: '`linegate opcua trust` found no rejected certificate with that thumbprint',
  OPCUA_SUBSCRIPTION_DEAD: 'the subscription to the handshake nodes stopped delivering',
  OPCUA_NODE_MISMATCH: "a configured node does not fit the PLC's declaration (data type, length, rank)",
  OPCUA_NAMESPACE_UNKNOWN: 'an `nsu=` node id names a namespace URI the PLC does not have',
  OPCUA_ENDPOINT_UNREACHABLE: '`linegate opcua browse` cannot reach the endpoint (exit 69)',

  // Area: LLRP readers
  LLRP_READER_BUSY:
    'another client holds the reader (it accepts one connection): stop the other client or its vendor software',
  LLRP_CONNECT_REFUSED:
    'the reader refused the connection for another reason (its ConnectionAttemptEvent status)',
  LLRP_NO_GREETING: 'TCP connected but no ConnectionAttemptEvent came in time (is it an LLRP port?)',
  LLRP_READ_TIMEOUT:
    'nothing (not even a keepalive) arrived within `readTimeoutMs`: the reader hung or the network dropped silently',
  LLRP_RESPONSE_TIMEOUT: 'the reader did not answer a request in time (5 s)',
  LLRP_REQUEST_FAILED:
    'the reader answered a request with an error status (its description is in the message)',
  LLRP_BAD_FRAME: 'the bytes from the reader are not LLRP 1.0.1 (wrong version or length)',
  LLRP_DECODE_FAILED: 'a message from the reader could not be decoded',
  LLRP_NOT_CONNECTED: "the connection failed or closed (the operating system's reason is in the message)",
  LLRP_CLOSED: 'the connection closed while a request was in flight',

  // Area: Serial devices and simulators
  SERIAL_NOT_OPEN: 'the serial port is not open (reconnecting): the write was refused',
  SERIAL_WRITE_FAILED: 'a write to the serial port failed',
  SIMULATOR_UNAVAILABLE: 'a simulated device needs a tool that is not installed (socat)',
  SIMULATOR_FAILED: 'a simulated device could not start or stopped',

  // Area: GS1 element strings, scans, EPC URNs and Digital Link URIs
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

/**
 * What a failure is about, beside its code: the fields the retired per-module error classes
 * carried. Every field is optional; each names the codes that set it.
 */
export interface ErrorContext {
  /** CONFIG_INVALID from a loaded file: every problem, located (the CLI exits 78). */
  problems?: readonly ConfigProblem[];
  /** SERIAL_IMPORT_INVALID: the import's report, every bad row by line (the CLI exits 65). */
  report?: ImportReport;
  /** SERIAL_CSV_UNREADABLE: the 1-based line of the file the problem is on. */
  line?: number;
  /** SERIAL_FORMAT_INVALID: the character offset in the format the bad token starts at. */
  offset?: number;
  /** a failed start-cycle step: the station result it maps to (docs/contracts.md §3). */
  result?: ResultCode;
  /** a failed start-cycle step: the events and writes that record what it did. */
  outcome?: StepOutcome;
}

/** Options of a LinegateError: the error that caused it and its context. */
export interface LinegateErrorOptions {
  cause?: unknown;
  context?: ErrorContext;
}

/** An error with a stable code, a message for people, its cause and its context. */
export class LinegateError extends Error {
  /** the fields that go with the code (empty when there are none). */
  readonly context: ErrorContext;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: LinegateErrorOptions,
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'LinegateError';
    this.context = options?.context ?? {};
  }
}

/** true when `err` is a LinegateError with one of the given codes. */
export function hasCode(err: unknown, ...codes: ErrorCode[]): err is LinegateError {
  return err instanceof LinegateError && codes.includes(err.code);
}

/** The prefixes that name an area of codes (PRINTER_ for printer faults, ...). */
export type CodeArea = 'PRINTER_' | 'LABEL_' | 'OPCUA_' | 'LLRP_' | 'EPC_' | 'STORE_' | 'HTTP_';

/** The codes of one area, e.g. `CodeIn<'PRINTER_'>` for the printer faults. */
export type CodeIn<P extends CodeArea> = Extract<ErrorCode, `${P}${string}`>;

/** true when `err` is a LinegateError whose code is in the area `prefix` names (e.g. 'PRINTER_'). */
export function isCode(err: unknown, prefix: CodeArea): err is LinegateError {
  return err instanceof LinegateError && err.code.startsWith(prefix);
}

/** true when `code` is a code of the catalogue (for codes read back from a child process). */
export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(ErrorCodes, code);
}
