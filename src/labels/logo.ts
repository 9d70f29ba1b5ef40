/**
 * Logos: a PNG file becomes a ^GFA graphic field with Z64 data (ZPL manual, ^GF and "Z64
 * encoding": `:Z64:` + base64 of the zlib-compressed bitmap + `:` + CRC-16 of the base64 text).
 * Decoding uses pngjs, conversion zpl-image; results are cached by path, mtime and size, so a
 * replaced file is picked up on the next label without a restart.
 */
import * as fs from 'node:fs';
import { PNG } from 'pngjs';
import { rgbaToZ64 } from 'zpl-image';
import { LinegateError, isCode } from '../errors';

/** Conversion settings. */
export interface LogoOptions {
  /** pixels darker than this grey percentage print black (1-99, default 50). */
  black?: number;
}

interface Cached {
  mtimeMs: number;
  size: number;
  black: number;
  gfa: string;
}

const cache = new Map<string, Cached>();

/**
 * CRC-16/XMODEM (poly 0x1021, init 0, no reflection), the check Zebra appends to Z64 data;
 * returns four lowercase hex digits. `123456789` gives `31c3`.
 */
export function crc16Xmodem(data: string | Uint8Array): string {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'latin1') : data;
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 8;
    for (let bit = 0; bit < 8; bit++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).padStart(4, '0');
}

/** A PNG image (file contents) as one `^GFA,total,total,row,:Z64:…:crc` command. */
export function pngToGfa(png: Buffer, options: LogoOptions = {}): string {
  let image: PNG;
  try {
    image = PNG.sync.read(png);
  } catch (err) {
    throw new LinegateError('LABEL_LOGO_INVALID', `not a readable PNG: ${(err as Error).message}`, {
      cause: err,
    });
  }
  // notrim keeps the picture's own margins, so the logo sits where the designer put it.
  const res = rgbaToZ64(image.data, image.width, { black: options.black ?? 50, notrim: true });
  const body = res.z64.slice(':Z64:'.length, res.z64.lastIndexOf(':'));
  const z64 = `:Z64:${body}:${crc16Xmodem(body)}`;
  return `^GFA,${res.length},${res.length},${res.rowlen},${z64}`;
}

/** The logo file as ^GFA, from the cache while its mtime and size are unchanged. */
export function logoToGfa(file: string, options: LogoOptions = {}): string {
  const black = options.black ?? 50;
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    throw new LinegateError('LABEL_LOGO_INVALID', `logo ${file}: ${(err as Error).message}`, { cause: err });
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs && hit.size === stat.size && hit.black === black) return hit.gfa;
  let gfa: string;
  try {
    gfa = pngToGfa(fs.readFileSync(file), options);
  } catch (err) {
    if (isCode(err, 'LABEL_'))
      throw new LinegateError(err.code, `logo ${file}: ${err.message}`, { cause: err });
    throw new LinegateError('LABEL_LOGO_INVALID', `logo ${file}: ${(err as Error).message}`, { cause: err });
  }
  cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, black, gfa });
  return gfa;
}

/** Forgets every cached logo (tests, or a config reload). */
export function clearLogoCache(): void {
  cache.clear();
}
