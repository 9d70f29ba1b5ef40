/**
 * Holds the one error catalogue honest: every code the code base throws or reports is in
 * ErrorCodes, every code there is used and documented in the one table of
 * docs/troubleshooting.md (rendered from the catalogue), and no other error class exists.
 * After changing ErrorCodes, regenerate the table: WRITE_ERROR_DOCS=1 npx mocha THIS_FILE.
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ErrorCodes } from '../../../src/errors';

const ROOT = path.resolve(__dirname, '../../..');
const DOC = 'docs/troubleshooting.md';
const START = '<!-- error codes: generated from src/errors.ts by test/unit/errors/catalogue.test.ts -->';
const END = '<!-- end of error codes -->';

/** Codes in `code` position that are not error codes, by file (each with its reason). */
const NOT_ERROR_CODES: Array<{ under: string; why: string }> = [
  { under: 'src/release/rules/', why: 'release reasons inside UNIT_REFUSED (docs/release.md)' },
  { under: 'devices/serial/hangup-binding.ts', why: 'EIO imitates the errno a serial binding reports' },
];

/** Where a code is thrown or reported: constructors, factories, `code:` fields, fallbacks. */
const CODE_SITES: RegExp[] = [
  /new LinegateError\(\s*'([A-Z][A-Z0-9_]*)'/g,
  /\b(?:fail|refuse)\(\s*'([A-Z][A-Z0-9_]*)'/g,
  /\bcode: '([A-Z][A-Z0-9_]*)'/g,
  // a code chosen in an expression: `code = ok ? err.code : 'X'`, `code: a ? 'X' : 'Y'`, `code ?? 'X'`
  /\bcode\b[^;\n]*?\?\s*[\w.]+\s*:\s*'([A-Z][A-Z0-9_]*)'/g,
  /\bcode\b[^;\n]*?\?\s*'([A-Z][A-Z0-9_]*)'\s*:/g,
  /\bcode\b[^;\n]*?\?\s*'[A-Z][A-Z0-9_]*'\s*:\s*'([A-Z][A-Z0-9_]*)'/g,
  /\bcode\b[^;\n]*?\?\?\s*'([A-Z][A-Z0-9_]*)'/g,
];

function tsFiles(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

const sources = [...tsFiles('src'), ...tsFiles('devices')].filter((f) => f !== 'src/errors.ts');
const text = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

/** Every code a site in src/ or devices/ throws or reports, with the files it is in. */
function usedCodes(): Map<string, string[]> {
  const used = new Map<string, string[]>();
  for (const file of sources) {
    if (NOT_ERROR_CODES.some((n) => file.startsWith(n.under))) continue;
    const source = text(file);
    for (const re of CODE_SITES)
      for (const m of source.matchAll(re)) used.set(m[1], [...(used.get(m[1]) ?? []), file]);
  }
  return used;
}

/** The catalogue's areas, read from the `// Area:` comments of src/errors.ts, with their codes in order. */
function areas(): Array<{ area: string; codes: string[] }> {
  const source = text('src/errors.ts');
  const body = source.slice(source.indexOf('export const ErrorCodes = {'), source.indexOf('} as const;'));
  const out: Array<{ area: string; codes: string[] }> = [];
  for (const line of body.split('\n')) {
    const area = /^\s*\/\/ Area: (.+)$/.exec(line);
    if (area) out.push({ area: area[1], codes: [] });
    const code = /^ {2}([A-Z][A-Z0-9_]*):/.exec(line);
    if (code) {
      if (out.length === 0) out.push({ area: 'Other', codes: [] });
      out[out.length - 1].codes.push(code[1]);
    }
  }
  return out;
}

/** The docs table: one section per area, one row per code with its meaning. */
function renderTable(): string {
  const meaning = ErrorCodes as Record<string, string>;
  const parts = [START, ''];
  for (const { area, codes } of areas()) {
    parts.push(`### ${area}`, '', '| code | meaning |', '| --- | --- |');
    for (const c of codes) parts.push(`| \`${c}\` | ${meaning[c].replace(/\|/g, '\\|')} |`);
    parts.push('');
  }
  parts.push(END);
  return parts.join('\n');
}

/** The generated part of the docs page, between its markers (prettier aligns the columns). */
function documented(): string {
  const doc = text(DOC);
  const from = doc.indexOf(START);
  const to = doc.indexOf(END);
  assert.ok(from >= 0 && to > from, `${DOC} has no generated error code table`);
  return doc.slice(from, to + END.length);
}

/** A table with its padding removed, so prettier's column alignment does not count. */
function unpadded(table: string): string {
  return table
    .split('\n')
    .map((l) => (l.startsWith('|') ? l.replace(/ *\| */g, '|').replace(/^\|-+\|-+\|$/, '|---|---|') : l))
    .join('\n');
}

describe('error catalogue (src/errors.ts)', () => {
  before(function () {
    if (process.env.WRITE_ERROR_DOCS !== '1') return;
    const doc = text(DOC);
    writeFileSync(path.join(ROOT, DOC), doc.replace(documented(), renderTable()));
  });

  it('lists every code thrown or reported in src/ and devices/', () => {
    const used = usedCodes();
    // The scan must see the sites it is meant to see (a multi-line fail(), a fallback, a factory).
    for (const seen of [
      'PRINTER_SILENT',
      'EPC_BAD_SERIAL',
      'LLRP_CLOSED',
      'LABEL_RENDER_FAILED',
      'NOT_FOUND',
    ])
      assert.ok(used.has(seen), `the scan missed ${seen}`);
    const missing = [...used].filter(([code]) => !Object.hasOwn(ErrorCodes, code));
    assert.deepEqual(
      missing.map(([code, files]) => `${code} (${[...new Set(files)].join(', ')})`),
      [],
      'codes used but not in ErrorCodes',
    );
  });

  it('has no code that nothing throws or reports', () => {
    const everywhere = sources.map(text).join('\n');
    const dead = Object.keys(ErrorCodes).filter((c) => !everywhere.includes(`'${c}'`));
    assert.deepEqual(dead, [], 'codes in ErrorCodes that no file uses');
  });

  it('puts every code under an area comment, in the order of the catalogue', () => {
    const parsed = areas();
    assert.ok(parsed.length >= 10, `only ${parsed.length} areas found`);
    assert.ok(!parsed.some((a) => a.area === 'Other'), 'codes before the first // Area: comment');
    assert.ok(!parsed.some((a) => a.codes.length === 0), 'an area without codes');
    assert.deepEqual(
      parsed.flatMap((a) => a.codes),
      Object.keys(ErrorCodes),
    );
  });

  it(`documents every code in the one table of ${DOC}`, () => {
    assert.equal(
      unpadded(documented()),
      unpadded(renderTable()),
      `the table is out of date: WRITE_ERROR_DOCS=1 npx mocha test/unit/errors/catalogue.test.ts, then prettier --write ${DOC}`,
    );
  });

  it('leaves LinegateError the only error class', () => {
    const classes = sources.filter((f) => /class \w+ extends (?:\w*Error)\b/.test(text(f)));
    assert.deepEqual(classes, []);
  });
});
