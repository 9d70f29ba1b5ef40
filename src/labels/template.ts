/**
 * Label templates: ZPL files with named placeholders (see config/labels/README.md).
 *
 * Syntax
 *   {{name}}            a value, only inside field data (^FD…^FS). Names: serial, partNumber,
 *                       workOrder, station, gateway, date, time, epc, gs1, and any scheme variable.
 *   {{logo:file.png}}   a PNG, as ^GFA Z64 (path relative to the template), where a command may
 *                       stand, e.g. `^FO20,20{{logo:logo.png}}^FS`.
 *   A "{{" that does not start a placeholder is an error; ^FX comments may mention placeholders.
 *
 * Rendering
 *   Every copy is one format `^XA^CI28 … ^XZ` (a template's own ^XA/^XZ are dropped, and a
 *   ^CI other than 28 is refused). A field carrying a placeholder gets `^FH` before its ^FD, and
 *   each value is escaped for the barcode of its field block (^BC mode N, ^BX quality 200 with
 *   an explicit escape character, ^BQ normal mode with automatic input, or plain text) and then
 *   hex-escaped (escape.ts). Where the ^BX escape character is `_`, the ^FH indicator is `\`.
 *   {{gs1}} in a ^BX field is the whole GS1 Data Matrix data (FNC1 first); in text, the HRI form.
 *   ^SN/^SF (printer-side counters) are refused: after a paper out a Zebra reprints the number.
 */
import * as path from 'node:path';
import { escapeValue, fhEscape, checkIndicator, type FieldContext } from './escape';
import { gs1DataMatrix, gs1Hri, parseGs1 } from './gs1';
import { logoToGfa } from './logo';
import { lex, piecesText, syntax, type Command, type Piece, type Placeholder } from './zpl-lexer';
import { barcodeContext, type BarcodeInfo } from './template-context';
import { LinegateError } from '../errors';

/** The names every start station can fill in; scheme variables come on top. */
export const STANDARD_PLACEHOLDERS = [
  'serial',
  'partNumber',
  'workOrder',
  'station',
  'gateway',
  'date',
  'time',
  'gs1',
  'epc',
  'digitalLink',
] as const;

/** A parsed template, ready to render many times. */
export interface LabelTemplate {
  /** where it came from (file path), for messages. */
  readonly source: string;
  /** value placeholder names, each once, in order of first use. */
  readonly placeholders: string[];
  /** One `^XA^CI28 … ^XZ` format per copy, every value escaped; throws a LABEL_* LinegateError. */
  render(values: Record<string, string>, copies?: number): Buffer;
}

/** Options of compileTemplate. */
export interface CompileOptions {
  /** allowed placeholder names; when given, any other name is LABEL_UNKNOWN_PLACEHOLDER. */
  names?: readonly string[];
}

type Part =
  | string
  | { kind: 'field'; pieces: Piece[]; context: FieldContext; indicator: string; line: number }
  | { kind: 'logo'; file: string };

/** Parses a template once; throws a LABEL_* LinegateError (with `source:line`) when it is malformed. */
export function compileTemplate(text: string, source: string, options: CompileOptions = {}): LabelTemplate {
  const lexed = lex(text.replace(/^\uFEFF/, ''), source);
  if (lexed.leading.trim() !== '') throw syntax(source, 1, 'text before the first command');
  checkNames(lexed.placeholders, source, options.names);
  const parts = buildParts(stripFormat(lexed.commands, source), lexed.placeholders, source);
  const used = parts.flatMap((p) => (typeof p === 'object' && p.kind === 'field' ? refs(p.pieces) : []));
  const placeholders = [...new Set(used.map((i) => lexed.placeholders[i].name))];
  return {
    source,
    placeholders,
    render: (values, copies = 1) => render(parts, lexed.placeholders, values, copies, source),
  };
}

function checkNames(placeholders: Placeholder[], source: string, names?: readonly string[]): void {
  if (!names) return;
  for (const p of placeholders) {
    if (p.kind === 'value' && !names.includes(p.name)) {
      throw new LinegateError(
        'LABEL_UNKNOWN_PLACEHOLDER',
        `${source}:${p.line}: unknown placeholder ${p.raw}`,
      );
    }
  }
}

/** Drops the template's own ^XA (first) and ^XZ (last); refuses a second format. */
function stripFormat(commands: Command[], source: string): Command[] {
  const body = [...commands];
  if (body[0]?.prefix === '^' && body[0].name === 'XA') body.shift();
  const last = body[body.length - 1];
  if (last?.prefix === '^' && last.name === 'XZ') {
    if (piecesText(last.params, []).trim() !== '') throw syntax(source, last.line, 'text after ^XZ');
    body.pop();
  }
  const extra = body.find((c) => c.prefix === '^' && (c.name === 'XA' || c.name === 'XZ'));
  if (extra) throw syntax(source, extra.line, `^${extra.name}: a template holds exactly one format`);
  return body;
}

function buildParts(commands: Command[], placeholders: Placeholder[], source: string): Part[] {
  const parts: Part[] = [];
  let barcode: BarcodeInfo | undefined;
  let fh: string | undefined;
  for (const cmd of commands) {
    const where = `${source}:${cmd.line}`;
    const text = `${cmd.prefix}${cmd.name}${piecesText(cmd.params, placeholders)}`;
    if (cmd.name === 'LOGO') {
      const ref = cmd.params[0] as { placeholder: number };
      parts.push({
        kind: 'logo',
        file: path.resolve(path.dirname(source), placeholders[ref.placeholder].name),
      });
      continue;
    }
    if (cmd.prefix === '^' && (cmd.name === 'SN' || cmd.name === 'SF')) {
      throw new LinegateError(
        'LABEL_UNSUPPORTED',
        `${where}: ^${cmd.name}: printer-side counters are never used`,
      );
    }
    if (cmd.prefix === '^' && cmd.name === 'CI' && piecesText(cmd.params, []).trim() !== '28') {
      throw new LinegateError('LABEL_UNSUPPORTED', `${where}: ${text}: labels are always UTF-8 (^CI28)`);
    }
    if (cmd.prefix === '^' && cmd.name === 'FX') {
      continue; // a comment, for the template's reader: not sent (placeholders in it are just text)
    }
    const hasPlaceholder = cmd.params.some((p) => typeof p !== 'string');
    const isData = cmd.prefix === '^' && (cmd.name === 'FD' || cmd.name === 'FV');
    if (hasPlaceholder && !isData) {
      throw syntax(
        source,
        cmd.line,
        `${text.slice(0, 40)}: a placeholder may only stand in field data (^FD)`,
      );
    }
    if (cmd.prefix === '^' && cmd.name.startsWith('B') && cmd.name !== 'BY') {
      barcode = { name: cmd.name, params: piecesText(cmd.params, []).replace(/[\r\n]/g, ''), line: cmd.line };
    }
    if (cmd.prefix === '^' && cmd.name === 'FH') {
      fh = piecesText(cmd.params, []).trim().slice(0, 1) || '_';
      checkIndicator(fh);
    }
    if (isData && hasPlaceholder) {
      parts.push(dataPart(cmd, barcode, fh, placeholders, source));
    } else {
      parts.push(text);
    }
    if (cmd.prefix === '^' && cmd.name === 'FS') {
      barcode = undefined;
      fh = undefined;
    }
  }
  return parts;
}

/** A ^FD with placeholders: picks the escape context and the ^FH indicator for it. */
function dataPart(
  cmd: Command,
  barcode: BarcodeInfo | undefined,
  fh: string | undefined,
  placeholders: Placeholder[],
  source: string,
): Part {
  const context = barcodeContext(barcode, cmd, source);
  const usesGs1 = refs(cmd.params).some((i) => placeholders[i].name === 'gs1');
  if (usesGs1 && context.kind !== 'text' && (context.kind !== 'datamatrix' || cmd.params.length !== 1)) {
    throw new LinegateError(
      'LABEL_UNSUPPORTED',
      `${source}:${cmd.line}: {{gs1}} goes alone in a ^BX quality 200 field (GS1 Data Matrix) or in text`,
    );
  }
  const indicator = fh ?? (context.kind === 'datamatrix' && context.escapeChar === '_' ? '\\' : '_');
  // Our own ^FH: literal text of the field is template ZPL, so only the indicator is escaped.
  const pieces = fh
    ? cmd.params
    : cmd.params.map((p) => (typeof p === 'string' ? fhLiteral(p, indicator) : p));
  const head = `${fh ? '' : `^FH${indicator === '_' ? '' : indicator}`}^${cmd.name}`;
  return { kind: 'field', pieces: [head, ...pieces], context, indicator, line: cmd.line };
}

function fhLiteral(text: string, indicator: string): string {
  return text.split(indicator).join(fhEscape(indicator, indicator));
}

function refs(pieces: Piece[]): number[] {
  return pieces.filter((p): p is { placeholder: number } => typeof p !== 'string').map((p) => p.placeholder);
}

function render(
  parts: Part[],
  placeholders: Placeholder[],
  values: Record<string, string>,
  copies: number,
  source: string,
): Buffer {
  if (!Number.isInteger(copies) || copies < 1)
    throw new TypeError(`copies must be a positive integer (got ${copies})`);
  let body = '';
  for (const part of parts) {
    if (typeof part === 'string') body += part;
    else if (part.kind === 'logo') body += logoToGfa(part.file);
    else body += renderField(part, placeholders, values, source);
  }
  return Buffer.from(`^XA^CI28${body}^XZ`.repeat(copies), 'utf8');
}

function renderField(
  part: Extract<Part, { kind: 'field' }>,
  placeholders: Placeholder[],
  values: Record<string, string>,
  source: string,
): string {
  return part.pieces
    .map((piece) => {
      if (typeof piece === 'string') return piece;
      const { name } = placeholders[piece.placeholder];
      const value = values[name];
      if (value === undefined) {
        throw new LinegateError('LABEL_MISSING_VALUE', `${source}:${part.line}: no value for {{${name}}}`);
      }
      if (name === 'gs1') return gs1Field(value, part.context, part.indicator);
      return escapeValue(value, part.context, part.indicator, `{{${name}}}`);
    })
    .join('');
}

function gs1Field(value: string, context: FieldContext, indicator: string): string {
  const elements = parseGs1(value);
  if (context.kind === 'datamatrix') return fhEscape(gs1DataMatrix(elements, context.escapeChar), indicator);
  return escapeValue(gs1Hri(elements), context, indicator, '{{gs1}}');
}
