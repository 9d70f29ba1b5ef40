/**
 * The two small files of the high-water mark, beside LevelDB's own in the data directory. Each
 * holds one line, `CRC32 JSON`, so a torn or flipped file reads as damaged, never as a value.
 *
 * - `linegate-mark`: numbers reserved ahead of use. Replaced atomically (temporary file, fsync,
 *   rename, fsync of the folder), once per block of numbers, before the first of them is stored.
 * - `linegate-mark-exact`: the numbers actually committed, rewritten in place after each commit
 *   without an fsync (a process crash keeps it: the kernel holds it), fsynced on a clean close.
 */
import { closeSync, constants, fsyncSync, openSync, readFileSync, writeSync } from 'node:fs';
import { open, rename } from 'node:fs/promises';
import path from 'node:path';
import { crc32 } from 'node:zlib';

export const RESERVED_FILE = 'linegate-mark';
export const EXACT_FILE = 'linegate-mark-exact';

/** Event seq and the last number of each counter key (`${scheme}\x00${key}`). */
export interface MarkValues {
  events: number;
  counters: Record<string, number>;
}

/** What the exact file says besides the numbers. */
export interface ExactRecord extends MarkValues {
  /** the kernel's boot id when written: the same boot means a process crash kept the file. */
  boot: string;
  /** written by a clean close (fsynced), so it is exact across a power-off too. */
  clean: boolean;
}

/** A file's content: absent, unreadable (torn, flipped, not ours), or a record. */
export type Read<T> = { state: 'absent' } | { state: 'damaged'; reason: string } | { state: 'ok'; value: T };

/** One line: the CRC-32 of the JSON, a space, the JSON. */
export function encodeLine(value: unknown): Buffer {
  // One string, one buffer: this runs after every commit.
  const body = JSON.stringify(value);
  return Buffer.from(`${crc32(body).toString(16).padStart(8, '0')} ${body}\n`);
}

/** Reads one mark file; bytes after the first line are what a longer earlier record left. */
export function readMarkFile<T extends MarkValues>(dir: string, name: string): Read<T> {
  let text: Buffer;
  try {
    text = readFileSync(path.join(dir, name));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { state: 'absent' };
    return { state: 'damaged', reason: (err as Error).message };
  }
  const end = text.indexOf(0x0a);
  if (end < 10 || text[8] !== 0x20) return { state: 'damaged', reason: 'not a mark record' };
  const body = text.subarray(9, end);
  if (crc32(body).toString(16).padStart(8, '0') !== text.subarray(0, 8).toString('latin1'))
    return { state: 'damaged', reason: 'checksum mismatch' };
  try {
    const value = JSON.parse(body.toString('utf8')) as T;
    if (!isValues(value)) return { state: 'damaged', reason: 'not a mark record' };
    return { state: 'ok', value };
  } catch {
    return { state: 'damaged', reason: 'not JSON' };
  }
}

function isValues(v: unknown): v is MarkValues {
  const m = v as MarkValues;
  return (
    typeof m === 'object' &&
    m !== null &&
    Number.isSafeInteger(m.events) &&
    typeof m.counters === 'object' &&
    m.counters !== null &&
    Object.values(m.counters).every((n) => Number.isSafeInteger(n))
  );
}

/** Replaces the reserved file atomically and durably: after this resolves, a power-off keeps it. */
export async function writeReserved(dir: string, values: MarkValues): Promise<void> {
  const file = path.join(dir, RESERVED_FILE);
  const tmp = file + '.tmp';
  const fh = await open(tmp, 'w');
  try {
    await fh.writeFile(encodeLine(values));
    await fh.datasync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
  // The rename is durable only once the folder's entry is.
  const folder = await open(dir, 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
}

/** The exact file, kept open: one write per commit, in place, no fsync. */
export class ExactFile {
  private fd: number | undefined;

  constructor(private readonly dir: string) {}

  /** Writes the record over the start of the file; `durable` adds an fsync (clean close). */
  write(record: ExactRecord, durable = false): void {
    // Not O_APPEND: Linux would append a positioned write instead of writing at offset 0.
    this.fd ??= openSync(path.join(this.dir, EXACT_FILE), constants.O_RDWR | constants.O_CREAT, 0o644);
    const line = encodeLine(record);
    // One write(2) of a whole line: a process crash cannot tear it (the kernel finishes it).
    writeSync(this.fd, line, 0, line.length, 0);
    if (durable) fsyncSync(this.fd);
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }
}

/** The current boot's id (Linux); another boot means the exact file may be older than the store. */
export function currentBootId(): string {
  try {
    return readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
  } catch {
    return 'unknown';
  }
}
