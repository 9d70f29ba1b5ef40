import assert from 'node:assert/strict';
import { cpSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { whereUsed } from '../../../src/genealogy/trace';
import { STORE_FORMAT, Sublevels } from '../../../src/store/layout';
import { openStore } from '../../../src/store/store';
import type { SerialRecord } from '../../../src/units/unit';
import { tempDir } from '../../helpers/tmp';
import { bruteForceLots } from '../../helpers/brute-where-used';

const FIXTURE = path.join(__dirname, 'fixtures', 'store-v1');
const U1 = '2600000015';
const U2 = '2600000022';
const SUB = 'S00001';

describe('store migration 1 → 2: every lot indexed (on a store written by main)', () => {
  it('backfills where-used by lot for serialised, received and sub-assembly components', async () => {
    const tmp = tempDir();
    try {
      cpSync(FIXTURE, tmp.dir, { recursive: true, filter: (f) => !f.endsWith('README.md') });
      assert.ok(readdirSync(tmp.dir).includes('CURRENT'));
      const store = await openStore(tmp.dir);
      try {
        assert.equal(await store.sub(Sublevels.meta).get('format'), STORE_FORMAT);
        assert.equal(STORE_FORMAT, 2);
        const records = new Map<string, SerialRecord>();
        for await (const [k, v] of store.sub(Sublevels.serials).iterator()) records.set(k, v as SerialRecord);
        const expected: Record<string, string[]> = {
          'LOT-A': [U1, U2], // GS1 (21)+(10): format 1 answered []
          'LOT-B': [U1], // lot only: format 1 had it
          'LOT-C': [SUB, U1].sort(), // serial+lot in a sub-assembly, through it: format 1 answered []
          'LOT-R': [U1], // a received serial of a received lot, scanned as a plain serial: format 1 answered []
          'LOT-NONE': [],
        };
        for (const [lot, units] of Object.entries(expected)) {
          assert.deepEqual(await whereUsed(store, { lot }), units, lot);
          assert.deepEqual(bruteForceLots(records).get(lot) ?? [], units, `${lot} (brute force)`);
        }
      } finally {
        await store.close();
      }
      const again = await openStore(tmp.dir); // migrated once: a second open changes nothing
      assert.deepEqual(await whereUsed(again, { lot: 'LOT-A' }), [U1, U2]);
      await again.close();
    } finally {
      tmp.cleanup();
    }
  });
});
