import assert from 'node:assert/strict';
import { Result } from '../../../src/ports';
import { Sublevels } from '../../../src/store/layout';
import { stationRig, TestClock } from '../../helpers/station-rig';

const start = (rig: {
  station: { start: (r: { source: 'api' }) => Promise<{ serial?: string; result: number; code?: string }> };
}) => rig.station.start({ source: 'api' });

describe('serial scheme', () => {
  it('counts from 1, zero-padded, with a check digit', async () => {
    const rig = await stationRig({ format: '7{seq:5}{check:gs1}' });
    const serials = [(await start(rig)).serial, (await start(rig)).serial];
    assert.deepEqual(serials, ['7000010', '7000027']);
    await rig.close();
  }).timeout(5000);

  it('keeps one counter per rendered prefix, so a date-coded serial restarts each period', async () => {
    const clock = new TestClock(Date.parse('2026-11-21T10:00:00Z'));
    const rig = await stationRig({ format: '{YYYY}{MM}{DD}-{seq:3}', clock });
    assert.equal((await start(rig)).serial, '20261121-001');
    assert.equal((await start(rig)).serial, '20261121-002');
    clock.t = Date.parse('2026-11-22T10:00:00Z');
    assert.equal((await start(rig)).serial, '20261122-001');
    clock.t = Date.parse('2026-11-21T12:00:00Z'); // the clock moved backwards
    assert.equal((await start(rig)).serial, '20261121-003', 'the old period continues, never repeats');
    await rig.close();
  });

  it('survives a restart: the counter is durable', async () => {
    let rig = await stationRig();
    await start(rig);
    rig = await rig.reopen();
    assert.equal((await start(rig)).serial, '260002');
    await rig.close();
  });

  it('consults the issued-serial index: a reset counter never reissues', async () => {
    const rig = await stationRig();
    await start(rig);
    await start(rig);
    await rig.store.sub(Sublevels.counters).clear(); // a restored or reset counter
    const next = await start(rig);
    assert.equal(next.serial, '260003', 'skips the numbers the index already holds');
    await rig.close();
  });

  it('never wraps: refuses with result 1 when the period is exhausted', async () => {
    const rig = await stationRig({ format: '{seq:1}' });
    const got: Array<string | undefined> = [];
    for (let i = 0; i < 9; i++) got.push((await start(rig)).serial);
    assert.deepEqual(got, ['1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const refused = await start(rig);
    assert.equal(refused.result, Result.NO_SERIAL);
    assert.equal(refused.code, 'SERIAL_EXHAUSTED');
    await rig.close();
  });

  it('raises the capacity alarm once at 80% of a period', async () => {
    const rig = await stationRig({ format: 'X{seq:1}' });
    for (let i = 0; i < 9; i++) await start(rig);
    assert.equal(rig.alarms.length, 1);
    assert.deepEqual({ ...rig.alarms[0] }, { scheme: 'unit', key: 'X', seq: 8, capacity: 9, percent: 80 });
    await rig.close();
  });

  it('renders ISO week-year tokens in the configured time zone', async () => {
    const clock = new TestClock(Date.parse('2021-01-01T02:00:00Z'));
    const rig = await stationRig({ format: '{GGGG}W{WW}-{seq:2}', clock, timeZone: 'America/New_York' });
    assert.equal((await start(rig)).serial, '2020W53-01');
    await rig.close();
  });

  it('renders station, gateway and variables', async () => {
    const rig = await stationRig({
      format: '{plant}-{gateway}-{station}-{seq:3}',
      scheme: { vars: { plant: 'P7' } },
    });
    assert.equal((await start(rig)).serial, 'P7-gw-1-ST10-001');
    await rig.close();
  });
});
