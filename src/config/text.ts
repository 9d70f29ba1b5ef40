/**
 * The config file as bytes, before YAML sees it: bounded in size, strict UTF-8, and free of
 * control characters (a NUL or a stray byte is a mistake, never something to pass on silently).
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import type { ConfigProblem } from './problems';

/** The largest config accepted: a line of hundreds of stations fits many times over. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** The text of `file`, or the one problem that stops it being read. */
export function readConfigText(file: string): { text: string } | { problem: ConfigProblem } {
  const at = (line: number, col: number, message: string) => ({
    problem: { file, line, col, path: [], message },
  });
  let bytes: Buffer;
  try {
    const fd = openSync(file, 'r');
    try {
      const stat = fstatSync(fd);
      if (stat.isDirectory()) return at(1, 1, 'cannot read config: it is a directory');
      // One byte more than the limit tells "too large" apart without reading a huge file.
      const buffer = Buffer.alloc(MAX_CONFIG_BYTES + 1);
      let size = 0;
      for (let n = 1; n > 0 && size < buffer.length; size += n)
        n = readSync(fd, buffer, size, buffer.length - size, null);
      if (size > MAX_CONFIG_BYTES) return at(1, 1, `config is larger than ${MAX_CONFIG_BYTES} bytes`);
      bytes = buffer.subarray(0, size);
    } finally {
      closeSync(fd);
    }
  } catch (err) {
    const reason =
      (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : (err as Error).message;
    return at(1, 1, `cannot read config: ${reason}`);
  }
  if (!isUtf8(bytes)) {
    const { line, col } = firstInvalidUtf8(bytes);
    return at(line, col, 'not UTF-8 text (save the file as UTF-8)');
  }
  return { text: bytes.toString('utf8') };
}

/** Line and column (1-based, in characters) of the first byte that is not valid UTF-8. */
function firstInvalidUtf8(bytes: Buffer): { line: number; col: number } {
  let start = 0;
  let line = 1;
  for (;;) {
    const end = bytes.indexOf(0x0a, start);
    const stop = end < 0 ? bytes.length : end;
    if (!isUtf8(bytes.subarray(start, stop))) {
      // The longest valid prefix of the line ends where the bad byte is.
      let good = 0;
      while (good < stop - start && isUtf8(bytes.subarray(start, start + good + 1))) good++;
      // A valid prefix may end inside a multi-byte character; back off to a boundary.
      while (good > 0 && (bytes[start + good] & 0xc0) === 0x80) good--;
      return { line, col: bytes.subarray(start, start + good).toString('utf8').length + 1 };
    }
    if (end < 0) return { line, col: 1 };
    start = end + 1;
    line++;
  }
}

/** Control characters YAML forbids in a file (tab, LF and CR are fine; NUL is not). */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const CONTROL = /[\x00-\x08\x0B\x0C\x0E-\x1F\x7F]/g;

/** Every raw control character in `text` (the first 20), by offset. */
export function controlCharacters(text: string): Array<{ offset: number; message: string }> {
  const found: Array<{ offset: number; message: string }> = [];
  for (const m of text.matchAll(CONTROL)) {
    const code = m[0].charCodeAt(0).toString(16).padStart(2, '0').toUpperCase();
    found.push({ offset: m.index, message: `control character U+00${code} in the file (remove it)` });
    if (found.length >= 20) break;
  }
  return found;
}
