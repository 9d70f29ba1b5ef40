import { LinegateError } from '../errors';
/**
 * Splits a label template into ZPL commands, with its {{placeholders}} cut out first. Each
 * command knows the template line it starts on, for errors of the form `file:line: message`.
 */

/** A {{…}} in the template: a value name or a `logo:` reference. */
export interface Placeholder {
  name: string;
  line: number;
  /** the original text, `{{name}}`. */
  raw: string;
  kind: 'value' | 'logo';
}

/** One piece of a command's text: literal characters or a placeholder (index into placeholders). */
export type Piece = string | { placeholder: number };

/** One ZPL command: prefix `^` or `~`, a two-letter name (uppercased), its parameter text. */
export interface Command {
  prefix: '^' | '~' | '';
  name: string;
  /** parameter text after the name, as pieces. */
  params: Piece[];
  line: number;
}

export interface Lexed {
  placeholders: Placeholder[];
  /** commands in order; a `{{logo:…}}` standing between commands is a command named LOGO. */
  commands: Command[];
  /** text before the first command (must be whitespace). */
  leading: string;
}

const SENTINEL_BASE = 0xe000; // Unicode private use area: never in a template's ZPL.
const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** Cuts placeholders out of `text` and splits the rest into commands. */
export function lex(text: string, source: string): Lexed {
  const placeholders: Placeholder[] = [];
  let work = '';
  const lines: number[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    if (text.startsWith('{{', i)) {
      const end = text.indexOf('}}', i + 2);
      const inner = end < 0 ? '' : text.slice(i + 2, end);
      if (end < 0 || inner.includes('{') || inner.includes('\n')) {
        throw syntax(source, line, 'unclosed "{{" (a placeholder is {{name}} on one line)');
      }
      placeholders.push(classify(inner.trim(), text.slice(i, end + 2), line, source));
      work += String.fromCharCode(SENTINEL_BASE + placeholders.length - 1);
      lines.push(line);
      i = end + 2;
      continue;
    }
    if (text.startsWith('}}', i)) throw syntax(source, line, '"}}" without "{{"');
    const ch = text[i];
    const code = ch.charCodeAt(0);
    if (code >= SENTINEL_BASE && code < SENTINEL_BASE + 0x1000) {
      throw syntax(
        source,
        line,
        `character U+${code.toString(16).toUpperCase()} is not allowed in a template`,
      );
    }
    work += ch;
    lines.push(line);
    if (ch === '\n') line++;
    i++;
  }
  return { placeholders, ...splitCommands(work, lines, placeholders) };
}

function classify(inner: string, raw: string, line: number, source: string): Placeholder {
  if (inner.startsWith('logo:')) {
    const file = inner.slice(5).trim();
    if (!file) throw syntax(source, line, `${raw}: logo needs a file name`);
    return { name: file, line, raw, kind: 'logo' };
  }
  if (!NAME.test(inner)) {
    throw syntax(source, line, `${raw}: a placeholder name is a letter followed by letters, digits or "_"`);
  }
  return { name: inner, line, raw, kind: 'value' };
}

function splitCommands(work: string, lines: number[], placeholders: Placeholder[]) {
  const commands: Command[] = [];
  let leading = '';
  let current: { cmd: Command; text: string } | undefined;
  const flush = () => {
    if (current) current.cmd.params = pieces(current.text);
    current = undefined;
  };
  for (let i = 0; i < work.length; i++) {
    const ch = work[i];
    const code = ch.charCodeAt(0) - SENTINEL_BASE;
    if (ch === '^' || ch === '~') {
      flush();
      const name = work.slice(i + 1, i + 3).toUpperCase();
      current = { cmd: { prefix: ch, name, params: [], line: lines[i] }, text: '' };
      i += Math.min(2, work.length - i - 1);
    } else if (code >= 0 && code < placeholders.length && placeholders[code].kind === 'logo') {
      flush();
      commands.push({ prefix: '', name: 'LOGO', params: [{ placeholder: code }], line: lines[i] });
      current = undefined;
      continue;
    } else if (current) {
      current.text += ch;
      continue;
    } else {
      leading += ch;
      continue;
    }
    if (current) commands.push(current.cmd);
  }
  flush();
  return { commands, leading };
}

/** Splits command text into literal runs and placeholder references. */
function pieces(text: string): Piece[] {
  const out: Piece[] = [];
  let lit = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0) - SENTINEL_BASE;
    if (code >= 0 && code < 0x1000) {
      if (lit) out.push(lit);
      lit = '';
      out.push({ placeholder: code });
    } else {
      lit += ch;
    }
  }
  if (lit) out.push(lit);
  return out;
}

/** The literal text of pieces, with placeholders written back as they were in the file. */
export function piecesText(params: Piece[], placeholders: Placeholder[]): string {
  return params.map((p) => (typeof p === 'string' ? p : placeholders[p.placeholder].raw)).join('');
}

/** A LABEL_TEMPLATE_SYNTAX error for a malformed template, located as `file:line`. */
export function syntax(source: string, line: number, message: string): LinegateError {
  return new LinegateError('LABEL_TEMPLATE_SYNTAX', `${source}:${line}: ${message}`);
}
