import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { rgbaToZ64 } from 'zpl-image';
import { clearLogoCache, crc16Xmodem, logoToGfa, pngToGfa } from '../../../src/labels/logo';
import { hasCode } from '../../../src/errors';

function png(width: number, height: number, black: (x: number, y: number) => boolean): Buffer {
  const img = new PNG({ width, height });
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const v = black(x, y) ? 0 : 255;
      img.data[i] = img.data[i + 1] = img.data[i + 2] = v;
      img.data[i + 3] = 255;
    }
  }
  return PNG.sync.write(img);
}

describe('labels/logo', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linegate-logo-'));
    clearLogoCache();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('computes CRC-16/XMODEM: "123456789" is 31c3', () => {
    assert.equal(crc16Xmodem('123456789'), '31c3');
    assert.equal(crc16Xmodem(Buffer.from('123456789')), '31c3');
    assert.equal(crc16Xmodem(''), '0000');
  });

  it('produces ^GFA with Z64 data whose CRC suffix checks, equal to zpl-image own', () => {
    const file = png(20, 3, (x) => x < 10);
    const gfa = pngToGfa(file);
    const m = /^\^GFA,(\d+),(\d+),(\d+),:Z64:([A-Za-z0-9+/=]+):([0-9a-f]{4})$/.exec(gfa);
    assert.ok(m, gfa);
    assert.equal(m[1], '9'); // 3 rows of ceil(20/8) = 3 bytes
    assert.equal(m[3], '3');
    assert.equal(m[5], crc16Xmodem(m[4]));
    const decoded = PNG.sync.read(file);
    const theirs = rgbaToZ64(decoded.data, decoded.width, { black: 50, notrim: true }).z64;
    assert.equal(`:Z64:${m[4]}:${m[5]}`, theirs);
  });

  it('caches by path and mtime, and picks up a replaced file', () => {
    const file = path.join(dir, 'logo.png');
    fs.writeFileSync(
      file,
      png(8, 2, () => true),
    );
    const first = logoToGfa(file);
    assert.equal(logoToGfa(file), first);
    fs.writeFileSync(
      file,
      png(16, 2, () => false),
    );
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    assert.notEqual(logoToGfa(file), first);
  });

  it('refuses a missing or broken file with LABEL_LOGO_INVALID', () => {
    assert.throws(
      () => logoToGfa(path.join(dir, 'none.png')),
      (e: unknown) => hasCode(e, 'LABEL_LOGO_INVALID'),
    );
    fs.writeFileSync(path.join(dir, 'bad.png'), 'not a png');
    assert.throws(
      () => logoToGfa(path.join(dir, 'bad.png')),
      (e: unknown) => hasCode(e, 'LABEL_LOGO_INVALID'),
    );
  });
});
