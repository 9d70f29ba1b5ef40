import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The unit record has one owner: outside src/units/ (the record and its changes), src/genealogy/
 * (the read side: trace, where-used, passport) and src/store/ (layout and migrations), no module
 * names the unit sublevels; it goes through src/units/records.ts and its neighbours instead.
 * src/serials/lots.ts owns the lot receipts it writes.
 */
const ROOT = path.resolve(__dirname, '../../..');
const OWNERS = ['src/units/', 'src/genealogy/', 'src/store/'];
const OWN_SUBLEVEL: Record<string, string[]> = { lots: ['src/serials/lots.ts'] };
const UNIT_SUBLEVEL = /Sublevels\s*(?:\.\s*|\[\s*['"])(serials|uses|lots|carriers)\b/g;

function sources(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sources(rel);
    return /\.(ts|js)$/.test(e.name) ? [rel] : [];
  });
}

/** Each use of a unit sublevel outside its owners, as `file: Sublevels.name`. */
function trespasses(file: string, text: string): string[] {
  if (OWNERS.some((o) => file.startsWith(o))) return [];
  return [...text.matchAll(UNIT_SUBLEVEL)]
    .filter((m) => !(OWN_SUBLEVEL[m[1]] ?? []).includes(file))
    .map((m) => `${file}: Sublevels.${m[1]}`);
}

describe('unit record owners', () => {
  it('no module outside units/, genealogy/ and store/ uses the unit sublevels', () => {
    const found = ['src', 'devices']
      .flatMap(sources)
      .flatMap((f) => trespasses(f, readFileSync(path.join(ROOT, f), 'utf8')));
    assert.deepEqual(found, []);
  });

  it('UNIT_UNKNOWN for a missing record is made in one place (units/records.ts)', () => {
    const makers = ['src', 'devices']
      .flatMap(sources)
      .filter((f) =>
        /LinegateError\(\s*'UNIT_UNKNOWN'|code: 'UNIT_UNKNOWN'/.test(
          readFileSync(path.join(ROOT, f), 'utf8'),
        ),
      );
    assert.deepEqual(makers, ['src/units/records.ts']);
  });

  it('serials/ takes leased blocks through its BlockAuthority port and never imports upstream/', () => {
    const importers = sources('src/serials').filter((f) =>
      /from '\.\.\/upstream\//.test(readFileSync(path.join(ROOT, f), 'utf8')),
    );
    assert.deepEqual(importers, []);
  });

  it('catches each form of use outside the owners, and none inside', () => {
    const text = `tx.get(Sublevels.serials, s); store.sub(Sublevels.uses); Sublevels['carriers']; Sublevels . lots`;
    assert.deepEqual(trespasses('src/stations/x.ts', text), [
      'src/stations/x.ts: Sublevels.serials',
      'src/stations/x.ts: Sublevels.uses',
      'src/stations/x.ts: Sublevels.carriers',
      'src/stations/x.ts: Sublevels.lots',
    ]);
    assert.deepEqual(trespasses('src/serials/lots.ts', text), [
      'src/serials/lots.ts: Sublevels.serials',
      'src/serials/lots.ts: Sublevels.uses',
      'src/serials/lots.ts: Sublevels.carriers',
    ]);
    assert.deepEqual(trespasses('src/units/records.ts', text), []);
    assert.deepEqual(trespasses('src/stations/x.ts', 'Sublevels.serialBlocks; Sublevels.events'), []);
  });
});
