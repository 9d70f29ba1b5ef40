/**
 * where-used?lot= equals a brute-force scan over every unit record, on a store built through the
 * consumption path with every kind of component: GS1 serial + lot, lot only, a received serial
 * of a received lot, plain serials, sub-assemblies two levels deep, and components removed in
 * rework. (The 100,000-unit version, with its latency, is test/bench/genealogy.bench.ts.)
 */
import assert from 'node:assert/strict';
import { consumeComponent, removeComponent } from '../../../src/units/consume';
import { whereUsed } from '../../../src/genealogy/trace';
import { systemClock } from '../../../src/ports';
import { Journal, type Tx } from '../../../src/store/journal';
import { Sublevels } from '../../../src/store/layout';
import { openStore } from '../../../src/store/store';
import type { ComponentRecord, SerialRecord } from '../../../src/units/unit';
import { appendUnitEvent } from '../../../src/units/records';
import { bruteForceLots } from '../../helpers/brute-where-used';
import { tempDir } from '../../helpers/tmp';

const UNITS = 1500;
const LOTS = 25;

describe('where-used by lot equals a brute-force scan of every unit record', function () {
  this.timeout(60_000);

  it(`on ${UNITS} units with every kind of component`, async () => {
    const tmp = tempDir();
    const store = await openStore(tmp.dir);
    const journal = new Journal(store, { gatewayId: 'gw-wu', clock: systemClock });
    let seed = 42;
    const rand = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
    const record = (serial: string, extra: Partial<SerialRecord> = {}): SerialRecord => ({
      serial,
      status: 'started',
      scheme: 'unit',
      key: '',
      seq: 0,
      station: 'ST10',
      issuedAt: new Date().toISOString(),
      events: [],
      ...extra,
    });
    const base = { station: 'ST20', time: new Date().toISOString(), source: 'scan' as const, quantity: 1 };
    const consume = async (tx: Tx, unit: SerialRecord, c: Omit<ComponentRecord, keyof typeof base>) =>
      consumeComponent(tx, unit, { ...base, ...c });
    try {
      await journal.run(async (tx) => {
        for (let i = 0; i < 300; i++)
          // received serials, each of a received lot
          tx.put(
            Sublevels.serials,
            `R-${i}`,
            record(`R-${i}`, { status: 'received', kind: 'component', lot: `L${rand(LOTS)}`, station: '' }),
          );
      });
      const built: string[] = [];
      const perBatch = 100;
      for (let b = 0; b < UNITS; b += perBatch)
        await journal.run(async (tx) => {
          for (let i = b; i < b + perBatch; i++) await buildOne(tx, i);
        });
      async function buildOne(tx: Tx, i: number): Promise<void> {
        {
          const unit = record(`U${String(i).padStart(5, '0')}`);
          appendUnitEvent(tx, unit, { type: 'unit.started', station: 'ST10' });
          const kinds = 1 + rand(4);
          for (let k = 0; k < kinds; k++) {
            const pick = rand(5);
            if (pick === 0) await consume(tx, unit, { serial: `S-${i}-${k}`, lot: `L${rand(LOTS)}` });
            else if (pick === 1) await consume(tx, unit, { lot: `L${rand(LOTS)}` });
            else if (pick === 2) await consume(tx, unit, { serial: `P-${i}-${k}` });
            else if (pick === 3 && i < 300 && k === 0) await consume(tx, unit, { serial: `R-${i}` });
            else if (built.length > 0) {
              // a sub-assembly built here, unless it is already in something
              const sub = built.splice(rand(built.length), 1)[0];
              await consume(tx, unit, { serial: sub });
            }
          }
          if (rand(10) === 0) {
            const serials = (unit.components ?? []).filter((c) => c.serial !== undefined);
            if (serials.length > 0) await removeComponent(tx, unit, serials[0].serial!, 'ST20', 'rework');
          }
          built.push(unit.serial);
        }
      }
      const records = new Map<string, SerialRecord>();
      for await (const [k, v] of store.sub(Sublevels.serials).iterator()) records.set(k, v as SerialRecord);
      const expected = bruteForceLots(records);
      let compared = 0;
      for (let l = 0; l < LOTS; l++) {
        const lot = `L${l}`;
        assert.deepEqual(await whereUsed(store, { lot }), expected.get(lot) ?? [], lot);
        compared += (expected.get(lot) ?? []).length;
      }
      assert.ok(compared > UNITS, `only ${compared} (lot, unit) pairs compared`);
    } finally {
      await journal.close();
      await store.close();
      tmp.cleanup();
    }
  });
});
