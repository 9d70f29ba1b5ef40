/**
 * Pre-assigned serials at the start: a work order's reserved and imported serials are taken in
 * order before any new number is drawn, then the scheme takes over; voiding the rest records
 * serial.voided with the reason; impossible moves are refused with UNIT_BAD_TRANSITION.
 */
import assert from 'node:assert/strict';
import type { GatewayEvent } from '../../../src/events/event';
import { importRows } from '../../../src/serials/import';
import { checkRows } from '../../../src/serials/import-rows';
import { voidRest } from '../../../src/serials/pool';
import { reserveSerials, voidSerials } from '../../../src/serials/reserve';
import { Sublevels } from '../../../src/store/layout';
import { moveUnit } from '../../../src/units/status';
import type { SerialRecord } from '../../../src/units/unit';
import { stationRig, type Rig } from '../../helpers/station-rig';

const events = async (rig: Rig) => (await rig.store.sub(Sublevels.events).values().all()) as GatewayEvent[];
const record = async (rig: Rig, serial: string) =>
  (await rig.store.sub(Sublevels.serials).get(serial)) as SerialRecord;

async function importFor(rig: Rig, workOrder: string, serials: string[]): Promise<void> {
  const raw = serials.map((serial, i) => ({
    line: i + 2,
    values: { serial, partNumber: 'PN-100', workOrder },
  }));
  const checked = checkRows(raw, () => undefined);
  assert.deepEqual(checked.problems, []);
  const deps = { store: rig.store, journal: rig.journal, clock: rig.clock, localSchemes: new Set(['unit']) };
  await importRows(deps, { ...checked, file: 'erp.csv', source: 'import' });
}

describe('pre-assigned serials at the start', () => {
  it('takes reserved, then imported serials in order, then falls back to the scheme', async () => {
    const rig = await stationRig({ station: { workOrder: 'WO-55' } });
    const reserved = await reserveSerials(rig.journal, rig.clock, {
      scheme: rig.scheme,
      count: 3,
      workOrder: 'WO-55',
      station: 'ST10',
    });
    assert.deepEqual(reserved.serials, ['260001', '260002', '260003']);
    // File order, not key order: the ERP's list is taken as it came.
    await importFor(rig, 'WO-55', ['ERP-30', 'ERP-10', 'ERP-20']);
    await importFor(rig, 'WO-77', ['OTHER-1']);
    const taken: string[] = [];
    for (let i = 0; i < 7; i++) {
      const outcome = await rig.station.start({ source: 'api' });
      assert.equal(outcome.result, 0, outcome.error);
      taken.push(outcome.serial!);
    }
    assert.deepEqual(taken, ['260001', '260002', '260003', 'ERP-30', 'ERP-10', 'ERP-20', '260004']);
    const started = (await events(rig)).filter((e) => e.type === 'unit.started');
    assert.deepEqual(
      started.map((e) => e.data.preassigned ?? 'new'),
      ['reserved', 'reserved', 'reserved', 'imported', 'imported', 'imported', 'new'],
    );
    const first = await record(rig, '260001');
    assert.equal(first.status, 'started');
    assert.equal(first.station, 'ST10');
    assert.equal(first.events.length, 2, 'serial.reserved, then unit.started');
    assert.equal((await record(rig, 'OTHER-1')).status, 'reserved', 'another work order keeps its own');
    await rig.close();
  });

  it('voids the unused rest with the reason; starts then draw new numbers, never a voided one', async () => {
    const rig = await stationRig({ station: { workOrder: 'WO-55' } });
    await reserveSerials(rig.journal, rig.clock, {
      scheme: rig.scheme,
      count: 5,
      workOrder: 'WO-55',
      station: 'ST10',
    });
    assert.equal((await rig.station.start({ source: 'api' })).serial, '260001');
    assert.equal(await voidRest(rig.journal, 'WO-55', 'work order closed', 'qa-anna'), 4);
    assert.equal(await voidRest(rig.journal, 'WO-55', 'again', 'qa-anna'), 0, 'nothing left to void');
    const voided = (await events(rig)).filter((e) => e.type === 'serial.voided');
    assert.deepEqual(
      voided.map((e) => [e.serial, e.data.reason, e.data.by, e.workOrder]),
      ['260002', '260003', '260004', '260005'].map((s) => [s, 'work order closed', 'qa-anna', 'WO-55']),
    );
    assert.equal((await record(rig, '260003')).status, 'voided');
    assert.equal((await rig.station.start({ source: 'api' })).serial, '260006');
    await rig.close();
  });

  it('refuses impossible moves with UNIT_BAD_TRANSITION and a clear message', async () => {
    const rig = await stationRig({ station: { workOrder: 'WO-55' } });
    await reserveSerials(rig.journal, rig.clock, {
      scheme: rig.scheme,
      count: 2,
      workOrder: 'WO-55',
      station: 'ST10',
    });
    await rig.station.start({ source: 'api' });
    const done = await voidSerials(rig.journal, ['260001', '260002', 'NOPE'], 'label damaged', 'qa');
    assert.deepEqual(done.voided, ['260002']);
    assert.deepEqual(
      done.refused.map((r) => [r.serial, r.code]),
      [
        ['260001', 'UNIT_BAD_TRANSITION'],
        ['NOPE', 'UNIT_UNKNOWN'],
      ],
    );
    assert.match(
      done.refused[0].error,
      /unit 260001 is started: cannot void it \(only when reserved or printed or received\)/,
    );
    const voided = await record(rig, '260002');
    for (const move of ['start', 'print', 'complete', 'scrap', 'use'] as const)
      assert.throws(() => moveUnit(voided, move), { code: 'UNIT_BAD_TRANSITION' });
    await rig.close();
  });
});
