/**
 * The rows of a serial import, checked one by one and against each other before anything is
 * written: columns, field syntax, GTIN check digit, expiry date, the scheme's format and check
 * character, and duplicates inside the file. Every problem is kept with its line number; the
 * store is consulted later (import.ts), once.
 */
import { checkAlgorithms } from './check';
import { hasCode } from '../errors';
import { parseCsv, csvError } from './csv';
import type { FormatMatcher } from './format-match';

/** The documented columns; header names match case-insensitively, ignoring spaces, `_` and `-`. */
export const IMPORT_COLUMNS = ['serial', 'partNumber', 'workOrder', 'lot', 'gtin', 'expiry'] as const;
type Column = (typeof IMPORT_COLUMNS)[number];

/** One good row. A row without a serial receives its lot. */
export interface ImportRow {
  line: number;
  serial?: string;
  partNumber: string;
  workOrder?: string;
  lot?: string;
  /** 14 digits. */
  gtin?: string;
  /** YYMMDD, as GS1 AI (17) and scans give it. */
  expiry?: string;
  /** for a work-order row checked against a scheme: the scheme, counter key and sequence. */
  scheme?: string;
  key?: string;
  seq?: number;
}

/** The good rows, every problem, and each good or bad row's serial with the line it first appears on. */
export interface CheckedRows {
  rows: ImportRow[];
  problems: RowProblem[];
  serials: ReadonlyMap<string, number>;
}

/** A bad row (or header), by line number. */
export interface RowProblem {
  line: number;
  serial?: string;
  message: string;
}

/** The scheme a work-order row's serial must match, if any. */
export type SchemeFor = (workOrder: string) => { name: string; matcher: FormatMatcher } | undefined;

/** Largest file one import takes: its batch is held in memory until the one synced write. */
export const MAX_IMPORT_ROWS = 250_000;

const TEXT = /^[!-~](?:[ -~]{0,62}[!-~])?$/;
const textProblem = (what: string) =>
  `${what} must be 1-64 printable ASCII characters, without leading or trailing spaces`;

/** Parses and checks CSV text; rows are in file order. */
export function checkCsv(text: string, schemeFor: SchemeFor): CheckedRows {
  const none = (line: number, message: string): CheckedRows => ({
    rows: [],
    problems: [{ line, message }],
    serials: new Map(),
  });
  let columns: Column[] | undefined;
  let at: number[] = [];
  let checker: RowChecker | undefined;
  let count = 0;
  // One values object, refilled per row: checking copies what it keeps.
  const values: Partial<Record<Column, string>> = {};
  try {
    parseCsv(text, (line, fields) => {
      if (!checker) {
        const header = readHeader(fields);
        if ('problem' in header) throw csvError(header.problem, line);
        columns = header;
        at = IMPORT_COLUMNS.map((c) => header.indexOf(c));
        checker = new RowChecker(schemeFor, 'csv', header.length);
        return;
      }
      if (++count > MAX_IMPORT_ROWS)
        throw csvError(
          `more than ${MAX_IMPORT_ROWS} rows: one import takes at most that; split the file`,
          line,
        );
      values.serial = cell(fields, at[0]);
      values.partNumber = cell(fields, at[1]);
      values.workOrder = cell(fields, at[2]);
      values.lot = cell(fields, at[3]);
      values.gtin = cell(fields, at[4]);
      values.expiry = cell(fields, at[5]);
      checker.add(line, values, fields.length > columns!.length);
    });
  } catch (err) {
    if (hasCode(err, 'SERIAL_CSV_UNREADABLE')) return none(err.context.line ?? 1, err.message);
    throw err;
  }
  return checker ? checker.result() : none(1, 'the file is empty');
}

/** A trimmed CSV field, undefined when absent or empty (no closure: tsx wraps each one it creates). */
function cell(fields: string[], i: number): string | undefined {
  const v = i < 0 ? undefined : fields[i]?.trim();
  return v === '' ? undefined : v;
}

/** A row as column → text, with its line (or, for the API, its 1-based position). */
export type RawRow = { line: number; values: Partial<Record<Column, string>>; extra?: boolean };

/**
 * Checks rows given as column → value. `csv`: a work-order row is a unit serial, a lot row a
 * received component (or, without a serial, the lot itself). `receive` (the API's received
 * components): every row is a component, its lot optional, a work order refused.
 */
export function checkRows(raw: RawRow[], schemeFor: SchemeFor, mode: 'csv' | 'receive' = 'csv'): CheckedRows {
  const checker = new RowChecker(schemeFor, mode, IMPORT_COLUMNS.length);
  for (const r of raw) checker.add(r.line, r.values, r.extra === true);
  return checker.result();
}

/** Checks rows one by one and against each other (duplicates), in file order. */
class RowChecker {
  private readonly rows: ImportRow[] = [];
  private readonly problems: RowProblem[] = [];
  private readonly serials = new Map<string, number>();
  private readonly lots = new Map<string, number>();
  // One list of mistakes, emptied per row: good rows allocate nothing for it.
  private readonly mistakes: string[] = [];

  constructor(
    private readonly schemeFor: SchemeFor,
    private readonly mode: 'csv' | 'receive',
    private readonly columnCount: number,
  ) {}

  add(line: number, values: Partial<Record<Column, string>>, extra: boolean): void {
    const mistakes = this.mistakes;
    mistakes.length = 0;
    if (extra) mistakes.push(`more fields than the header's ${this.columnCount}`);
    const row = checkRow(values, line, this.schemeFor, mistakes, this.mode);
    const id = row.serial ?? row.lot;
    if (id !== undefined) {
      const byId = row.serial !== undefined ? this.serials : this.lots;
      const first = byId.get(id);
      if (first !== undefined)
        mistakes.push(`${row.serial !== undefined ? 'serial' : 'lot'} ${id} is also on line ${first}`);
      else byId.set(id, line);
    }
    if (mistakes.length === 0) this.rows.push(row);
    else this.problems.push({ line, serial: row.serial, message: mistakes.join('; ') });
  }

  result(): CheckedRows {
    return { rows: this.rows, problems: this.problems, serials: this.serials };
  }
}

function readHeader(fields: string[]): Column[] | { problem: string } {
  const byName = new Map(IMPORT_COLUMNS.map((c) => [c.toLowerCase(), c]));
  const columns: Column[] = [];
  const unknown: string[] = [];
  for (const f of fields) {
    const c = byName.get(
      f
        .trim()
        .toLowerCase()
        .replace(/[\s_-]/g, ''),
    );
    if (c === undefined) unknown.push(JSON.stringify(f.trim()));
    else if (columns.includes(c)) return { problem: `column ${c} appears twice` };
    else columns.push(c);
  }
  const expected = `expected columns: serial, partNumber, workOrder or lot, and optionally gtin, expiry`;
  if (unknown.length > 0) return { problem: `unknown column(s) ${unknown.join(', ')}; ${expected}` };
  if (!columns.includes('serial') || !columns.includes('partNumber'))
    return { problem: `the header needs serial and partNumber; ${expected}` };
  if (!columns.includes('workOrder') && !columns.includes('lot'))
    return { problem: `the header needs workOrder or lot; ${expected}` };
  return columns;
}

/** The last value of each text column that passed its check. */
const lastGood: Partial<Record<Column, string>> = {};

/** A text field, or undefined (and a mistake) when it is not printable ASCII of 1-64 characters. */
function textField(
  v: Partial<Record<Column, string>>,
  c: 'serial' | 'partNumber' | 'workOrder' | 'lot',
  mistakes: string[],
): string | undefined {
  const value = v[c];
  // Rows of one file mostly repeat their part number and work order: checked once.
  if (value === undefined || value === lastGood[c] || (TEXT.test(value) && (lastGood[c] = value)))
    return value;
  mistakes.push(textProblem(c));
  return undefined;
}

function checkRow(
  v: Partial<Record<Column, string>>,
  line: number,
  schemeFor: SchemeFor,
  mistakes: string[],
  mode: 'csv' | 'receive',
): ImportRow {
  // Every row has the same shape (absent fields undefined): 100,000 of them stay fast.
  const row: ImportRow = {
    line,
    serial: textField(v, 'serial', mistakes),
    partNumber: textField(v, 'partNumber', mistakes) ?? '',
    workOrder: textField(v, 'workOrder', mistakes),
    lot: textField(v, 'lot', mistakes),
    gtin: undefined,
    expiry: undefined,
    scheme: undefined,
    key: undefined,
    seq: undefined,
  };
  if (v.partNumber === undefined) mistakes.push('partNumber is missing');
  if (mode === 'receive') {
    if (v.workOrder !== undefined) mistakes.push('a received component has no work order');
    else if (v.serial === undefined && v.lot === undefined) mistakes.push('needs a serial or a lot');
  } else if (v.workOrder !== undefined && v.lot !== undefined)
    mistakes.push(
      'give a workOrder (a serial for units built here) or a lot (a received component), not both',
    );
  else if (v.workOrder === undefined && v.lot === undefined) mistakes.push('needs a workOrder or a lot');
  else if (v.workOrder !== undefined && v.serial === undefined) mistakes.push('serial is missing');
  if (v.gtin !== undefined) {
    const gtin = normalizeGtin(v.gtin);
    if (typeof gtin === 'string') row.gtin = gtin;
    else mistakes.push(gtin.problem);
  }
  if (v.expiry !== undefined) {
    const expiry = normalizeExpiry(v.expiry);
    if (typeof expiry === 'string') row.expiry = expiry;
    else mistakes.push(expiry.problem);
  }
  const scheme =
    row.workOrder !== undefined && row.serial !== undefined ? schemeFor(row.workOrder) : undefined;
  if (scheme && row.serial !== undefined) {
    const m = scheme.matcher.match(row.serial);
    if ('error' in m) mistakes.push(`serial ${row.serial} ${m.error} of scheme "${scheme.name}"`);
    else {
      row.scheme = scheme.name;
      row.key = m.key;
      row.seq = m.seq;
    }
  }
  return row;
}

/** GTIN-8/12/13/14 to 14 digits, with its check digit verified. */
export function normalizeGtin(text: string): string | { problem: string } {
  if (!/^(\d{8}|\d{12}|\d{13}|\d{14})$/.test(text))
    return { problem: `gtin "${text}" is not 8, 12, 13 or 14 digits` };
  const gtin = text.padStart(14, '0');
  const check = checkAlgorithms.gs1.compute(gtin.slice(0, 13));
  if (check !== gtin[13]) return { problem: `gtin ${text} has check digit ${gtin[13]}, expected ${check}` };
  return gtin;
}

/** YYYY-MM-DD or YYMMDD (day 00: the end of the month, as GS1 allows) to YYMMDD. */
export function normalizeExpiry(text: string): string | { problem: string } {
  const iso = /^(\d{2})(\d{2})-(\d{2})-(\d{2})$/.exec(text);
  const gs1 = /^(\d{2})(\d{2})(\d{2})$/.exec(text);
  const [yy, mm, dd] = iso ? [iso[2], iso[3], iso[4]] : gs1 ? [gs1[1], gs1[2], gs1[3]] : [];
  if (yy === undefined) return { problem: `expiry "${text}" is not YYYY-MM-DD or YYMMDD` };
  if (Number(mm) < 1 || Number(mm) > 12 || Number(dd) > 31 || (iso && Number(dd) < 1))
    return { problem: `expiry "${text}" is not a valid date` };
  return `${yy}${mm}${dd}`;
}
