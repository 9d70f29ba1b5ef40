/**
 * A small RFC 4180 CSV reader that keeps line numbers, so an import report can name the line of
 * every bad row as an editor shows it. Accepts a UTF-8 BOM, CRLF or LF, `"`-quoted fields (with
 * `""` for a quote, and line breaks inside quotes), and `,` or `;` as the delimiter (spreadsheets
 * in many European locales write `;`): the header line decides. Records are handed over one by
 * one as they are read, so a 100,000-row file is never held twice.
 */

import { LinegateError } from '../errors';

/** A problem that makes the rest of the file unreadable (an unclosed quote): SERIAL_CSV_UNREADABLE at `line`. */
export function csvError(message: string, line: number): LinegateError {
  return new LinegateError('SERIAL_CSV_UNREADABLE', message, { context: { line } });
}

/** Calls `onRecord` with each record's fields and the 1-based line it starts on, skipping blank lines; throws csvError for an unclosed quote. */
export function parseCsv(text: string, onRecord: (line: number, fields: string[]) => void): void {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let delimiter: ',' | ';' | undefined;
  let pos = 0;
  let lineNo = 0;
  const nextLine = (): string | undefined => {
    if (pos > body.length || (pos === body.length && lineNo > 0)) return undefined;
    let end = body.indexOf('\n', pos);
    if (end < 0) end = body.length;
    const line = body.slice(pos, end > pos && body.charCodeAt(end - 1) === 13 ? end - 1 : end);
    pos = end + 1;
    lineNo++;
    return line;
  };
  for (let line = nextLine(); line !== undefined; line = nextLine()) {
    delimiter ??= line.includes(';') && !line.includes(',') ? ';' : ',';
    if (blank(line)) continue;
    if (!line.includes('"')) onRecord(lineNo, line.split(delimiter));
    else {
      const start = lineNo;
      onRecord(start, quoted(line, delimiter, nextLine, start));
    }
  }
}

/** The fields of a record with quotes, reading further lines while a quote is open. */
function quoted(
  first: string,
  delimiter: string,
  nextLine: () => string | undefined,
  start: number,
): string[] {
  const fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let text = first;
  let pos = 0;
  for (;;) {
    if (pos >= text.length) {
      if (!inQuotes) break;
      // A line break inside quotes belongs to the field.
      const more = nextLine();
      if (more === undefined) throw csvError('a quoted field is not closed', start);
      field += '\n';
      text = more;
      pos = 0;
      continue;
    }
    const ch = text[pos++];
    if (inQuotes) {
      if (ch !== '"') field += ch;
      else if (text[pos] === '"') {
        field += '"';
        pos++;
      } else inQuotes = false;
    } else if (ch === '"' && field.trim() === '') {
      field = '';
      inQuotes = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/** true for an empty or all-whitespace line (without trimming a copy of every line). */
function blank(line: string): boolean {
  for (let i = 0; i < line.length; i++) if (line.charCodeAt(i) > 32) return false;
  return true;
}
