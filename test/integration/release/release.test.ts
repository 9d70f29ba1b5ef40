/**
 * Process release on a gateway with fake readers and scanners: the route (`requires`), holds on
 * every scope with the API of docs/release.md, automatic holds, nonconformances, operator and
 * tool, the PLC's result 5 through a station's trigger port, and timings on an injected clock.
 */
import assert from 'node:assert/strict';
import { Gateway } from '../../../src/gateway';
import { Result } from '../../../src/ports';
import { fakeLine, type FakeLine } from '../../helpers/fake-line';
import { apiClient } from '../../helpers/api-client';
import { fakeFamily } from '../../helpers/fake-devices';
import { TestClock } from '../../helpers/station-rig';

const GS = '\x1d';
const LINE = `  - id: SUB10
    kind: start
    partNumber: PCB-7
    serial: sub
  - id: ST05
    kind: start
    partNumber: PN-200
    workOrder: WO-9
    serial: unit
    carrier: { reader: rfid05 }
  - id: ST20
    kind: assembly
    identify: { reader: rfid20 }
    consume: { scanner: scan20 }
  - id: ST25
    kind: assembly
    identify: { scanner: id25 }
    consume: { scanner: scan25 }
  - id: ST30
    kind: test
    identify: { scanner: id30 }
    requires: [{ station: ST20 }]
    maxAttempts: 2
    tool: FX-12
    badge: { prefix: "OP:" }
  - id: ST35
    kind: test
    identify: { scanner: id35 }
    holdAfterFailures: 2
  - id: ST38
    kind: assembly
    identify: { scanner: id38 }
    requires: [{ station: ST30, minMs: 60000, maxMs: 3600000 }]
    partNumber: PN-200
  - id: ST40
    kind: end
    identify: { reader: rfid40 }
    requires: [{ station: ST30, result: pass }]
readers:
  rfid05: { connection: { type: simulator } }
  rfid20: { connection: { type: simulator } }
  rfid40: { connection: { type: simulator } }
scanners:
  scan20: { connection: { type: simulator } }
  id25: { connection: { type: simulator } }
  scan25: { connection: { type: simulator } }
  id30: { connection: { type: simulator } }
  id35: { connection: { type: simulator } }
  id38: { connection: { type: simulator } }
`;

type Json = Record<string, unknown>;
type Reason = { rule: string; code: string; text: string; hold?: string };

describe('process release: route, holds, automatic holds, nonconformances', function () {
  this.timeout(20000);
  let line: FakeLine;
  let gateway: Gateway;
  let fakes: ReturnType<typeof fakeFamily>;
  const clock = new TestClock();
  const { post, get } = apiClient(() => gateway.url);
  const station = (id: string) => gateway.stations!.lineStations.get(id)!;
  const idle = () => Promise.all([...gateway.stations!.lineStations.values()].map((s) => s.idle()));
  const read = async (reader: string, epc: string) => {
    fakes.readers_.get(reader)!.read(epc);
    await idle();
  };
  const scan = async (scanner: string, text: string) => {
    fakes.scanners_.get(scanner)!.scan(text);
    await idle();
  };
  const release = (serial: string, at: string) =>
    get(`/api/units/${serial}/release?station=${at}`) as Promise<{ allowed: boolean; reasons: Reason[] }>;
  const codes = async (serial: string, at: string) => (await release(serial, at)).reasons.map((r) => r.code);
  const types = async (serial: string) =>
    ((await get(`/api/units/${serial}`)).events as Array<{ type: string }>).map((e) => e.type);
  let n = 0;
  /** Starts a unit at ST05 on a new carrier; returns its serial and carrier. */
  const startUnit = async () => {
    const epc = `E2801160600002081234${String(++n).padStart(4, '0')}`;
    fakes.readers_.get('rfid05')!.read(epc, clock.now());
    const r = await post('/api/stations/ST05/start');
    assert.equal(r.status, 200, JSON.stringify(r.body));
    return { serial: r.body.serial as string, epc };
  };
  const pass = (at: string, serial: string, body: Json = {}) =>
    post(`/api/stations/${at}/operations`, { result: 'pass', serial, ...body });

  before(async () => {
    line = await fakeLine(LINE, { schemes: '  sub:\n    format: "S{seq:5}"\n', clock });
    ({ gateway, fakes } = line);
  });
  after(async () => line?.close());

  it('an end station refuses a unit that skipped the route, records every reason and changes nothing else', async () => {
    const { serial, epc } = await startUnit();
    await read('rfid40', epc);
    const unit = await get(`/api/units/${serial}`);
    assert.equal(unit.status, 'started', 'not completed');
    assert.equal(unit.carrier, epc, 'carrier not released');
    const refused = (
      unit.events as Array<{ type: string; station: string; data: { reasons: Reason[] } }>
    ).filter((e) => e.type === 'unit.refused');
    assert.equal(refused.length, 1);
    assert.equal(refused[0].station, 'ST40');
    assert.deepEqual(
      refused[0].data.reasons.map((r) => [r.rule, r.code]),
      [['requires', 'ROUTE_NOT_VISITED']],
    );
    assert.deepEqual(await codes(serial, 'ST40'), ['ROUTE_NOT_VISITED']);
    const stats = station('ST40').stats;
    assert.equal(stats.releaseRefused, 1);
    assert.equal(stats.completed, 0);
    assert.equal(stats.lastRelease?.serial, serial);
    assert.match(stats.lastRelease!.reason, /not seen at ST30/);
    const metrics = await (await fetch(gateway.url + '/metrics')).text();
    assert.match(
      metrics,
      /linegate_release_refusals_total\{station="ST40",rule="requires",gateway="gw-test"\} 1/,
    );
  });

  it('completes a unit whose route is satisfied; the passport shows operator (API and badge) and tool', async () => {
    const { serial, epc } = await startUnit();
    await read('rfid20', epc);
    await scan('id30', serial);
    assert.deepEqual(await codes(serial, 'ST40'), ['ROUTE_RESULT'], 'no result at ST30 yet');
    const failed = await post('/api/stations/ST30/operations', {
      result: 'fail',
      code: 'E-VOLT',
      operator: 'bob',
    });
    assert.equal(failed.status, 200);
    assert.deepEqual(await codes(serial, 'ST40'), ['ROUTE_RESULT'], 'latest result fail');
    await scan('id30', 'OP:anna');
    await scan('id30', serial);
    assert.equal((await pass('ST30', serial)).status, 200);
    assert.deepEqual(await release(serial, 'ST40'), { allowed: true, reasons: [] });
    await read('rfid40', epc);
    const unit = await get(`/api/units/${serial}`);
    assert.equal(unit.status, 'completed');
    const nc = unit.nonconformances as Array<{ code: string; status: string; station: string }>;
    assert.deepEqual(
      nc.map((x) => [x.station, x.code, x.status]),
      [['ST30', 'E-VOLT', 'open']],
    );
    const passport = await get(`/api/units/${serial}/passport`);
    const ops = passport.operations as Array<Json>;
    assert.deepEqual(
      ops.map((o) => [o.result, o.operator, o.tool]),
      [
        ['fail', 'bob', 'FX-12'],
        ['pass', 'anna', 'FX-12'],
      ],
    );
    const reworked = await post(`/api/units/${serial}/rework`, { reason: 'PSU swapped' });
    assert.equal(reworked.status, 200);
    const after = await get(`/api/units/${serial}`);
    assert.deepEqual(
      (after.nonconformances as Array<{ status: string }>).map((x) => x.status),
      ['closed'],
    );
    assert.ok((await types(serial)).includes('nonconformance.closed'));
  });

  it('a lot hold stops every unit containing it, through sub-assemblies and after the hold', async () => {
    const a = await startUnit();
    await read('rfid20', a.epc);
    await scan('scan20', `]d20109506000134352${GS}10LOT-A${GS}`);
    const pcb = (await post('/api/stations/SUB10/start')).body.serial as string;
    await scan('id25', pcb);
    await scan('scan25', ']C110LOT-B');
    const b = await startUnit();
    await read('rfid20', b.epc);
    await scan('scan20', pcb);

    const denied = await post('/api/holds', { lot: 'LOT-A', reason: 'supplier recall', by: 'qa' }, false);
    assert.equal(denied.status, 401);
    const bad = await post('/api/holds', { lot: 'LOT-A', serial: 'X', reason: 'r', by: 'qa' });
    assert.equal(bad.status, 400, 'exactly one scope');
    const holdA = await post('/api/holds', { lot: 'LOT-A', reason: 'supplier recall', by: 'qa' });
    assert.equal(holdA.status, 201);
    assert.deepEqual(holdA.body.units, [a.serial]);
    const holdB = await post('/api/holds', { lot: 'LOT-B', reason: 'paste expired', by: 'qa' });
    assert.deepEqual(holdB.body.units, [pcb, b.serial].sort());

    // A unit takes LOT-A after the hold: it is covered too.
    const c = await startUnit();
    await read('rfid20', c.epc);
    await scan('scan20', `]d20109506000134352${GS}10LOT-A${GS}`);

    for (const u of [a.serial, b.serial, c.serial]) {
      await scan('id30', u);
      assert.ok((await types(u)).includes('unit.refused'), `${u} refused at ST30`);
      assert.deepEqual(await codes(u, 'ST30'), ['ON_HOLD']);
    }
    const refusedAtTest = await post('/api/stations/ST30/operations', { result: 'pass' });
    assert.equal(refusedAtTest.status, 409, 'no operation is recorded for a refused unit');
    const reasons = (await release(b.serial, 'ST30')).reasons;
    assert.equal(reasons[0].hold, holdB.body.id);
    assert.match(reasons[0].text, /lot LOT-B.*paste expired/);

    const list = (await get('/api/holds')).holds as Array<Json>;
    const listedA = list.find((h) => h.id === holdA.body.id)!;
    assert.deepEqual(listedA.units, [a.serial, c.serial].sort());
    assert.deepEqual(listedA.scope, { lot: 'LOT-A' });
    assert.equal(listedA.by, 'qa');
    const unitC = await get(`/api/units/${c.serial}`);
    assert.deepEqual(
      (unitC.holds as Array<Json>).map((h) => h.id),
      [holdA.body.id],
    );

    const released = await post(`/api/holds/${holdA.body.id}/release`, {
      reason: 'lot cleared',
      by: 'qa-lead',
    });
    assert.equal(released.status, 200);
    assert.deepEqual(await release(a.serial, 'ST30'), { allowed: true, reasons: [] });
    assert.equal((await post(`/api/holds/${holdA.body.id}/release`, { reason: 'x', by: 'y' })).status, 404);
    assert.equal((await post('/api/holds/nope/release', { reason: 'x', by: 'y' })).status, 404);
    await post(`/api/holds/${holdB.body.id}/release`, { reason: 'ok', by: 'qa' });
    assert.deepEqual((await get('/api/holds')).holds, []);
  });

  it('holds on a serial, carrier, station, part number and work order', async () => {
    const pcb = (await post('/api/stations/SUB10/start')).body.serial as string;
    const u = await startUnit();
    await read('rfid20', u.epc);
    await scan('scan20', pcb);
    const cases: Array<[Json, string[]]> = [
      [{ serial: pcb }, [pcb, u.serial].sort()],
      [{ carrier: u.epc }, [u.serial]],
      [{ station: 'ST30' }, []],
      [{ partNumber: 'PN-200' }, []],
      [{ workOrder: 'WO-9' }, []],
    ];
    for (const [scope, units] of cases) {
      const hold = await post('/api/holds', { ...scope, reason: 'check', by: 'qa' });
      assert.equal(hold.status, 201);
      const listed = hold.body.units as string[];
      if (units.length > 0) assert.deepEqual(listed, units, JSON.stringify(scope));
      else if (scope.station === undefined) assert.ok(listed.includes(u.serial), JSON.stringify(scope));
      const decision = await release(u.serial, 'ST30');
      assert.equal(decision.allowed, false, JSON.stringify(scope));
      assert.deepEqual(
        decision.reasons.map((r) => r.hold),
        [hold.body.id],
      );
      if (scope.station !== undefined) assert.equal((await release(u.serial, 'ST35')).allowed, true);
      assert.equal(
        (await post(`/api/holds/${hold.body.id}/release`, { reason: 'ok', by: 'qa' })).status,
        200,
      );
    }
    const events = (await get(`/api/units/${u.serial}`)).events as Array<{ type: string }>;
    assert.ok(!events.some((e) => e.type === 'unit.refused'), 'a query records nothing');
  });

  it('maxAttempts used up is refused and holds the unit; holdAfterFailures holds after N fails in a row', async () => {
    const u = await startUnit();
    await read('rfid20', u.epc);
    for (let i = 0; i < 2; i++) {
      await scan('id30', u.serial);
      await post('/api/stations/ST30/operations', { result: 'fail' });
    }
    await scan('id30', u.serial);
    assert.deepEqual(await codes(u.serial, 'ST30'), ['ON_HOLD', 'MAX_ATTEMPTS']);
    const auto = ((await get('/api/holds')).holds as Array<Json>).filter((h) => h.auto === true);
    assert.deepEqual(
      auto.map((h) => [h.scope, h.by]),
      [[{ serial: u.serial }, 'linegate']],
    );
    await post(`/api/holds/${auto[0].id}/release`, { reason: 'engineering ok', by: 'qa' });

    const v = await startUnit();
    await scan('id35', v.serial);
    await post('/api/stations/ST35/operations', { result: 'fail' });
    assert.equal((await release(v.serial, 'ST35')).allowed, true, 'one fail: no hold');
    await post('/api/stations/ST35/operations', { result: 'fail', serial: v.serial });
    const decision = await release(v.serial, 'ST35');
    assert.deepEqual(
      decision.reasons.map((r) => r.code),
      ['ON_HOLD'],
    );
    assert.match(decision.reasons[0].text, /2 consecutive fails at ST35/);
    const ncs = (await get(`/api/units/${v.serial}`)).nonconformances as unknown[];
    assert.equal(ncs.length, 2, 'each fail opens a nonconformance');
    const scrapped = await post(`/api/units/${v.serial}/scrap`, { reason: 'fails' });
    assert.equal(scrapped.status, 200);
    const closed = (await get(`/api/units/${v.serial}`)).nonconformances as Array<{ status: string }>;
    assert.deepEqual(
      closed.map((x) => x.status),
      ['closed', 'closed'],
    );
    assert.deepEqual(await codes(v.serial, 'ST35'), ['UNIT_SCRAPPED', 'ON_HOLD']);
  });

  it('a PLC request for a refused unit answers result 5 with its serial and the reason', async () => {
    const u = await startUnit();
    await scan('id30', u.serial); // never at ST20
    const port = gateway.stations!.triggerPorts.get('ST30')!;
    const outcome = await port.start({ source: 'opcua', holdUntilAcknowledged: true });
    assert.equal(outcome.result, Result.REFUSED);
    assert.equal(outcome.serial, u.serial);
    assert.equal(outcome.code, 'UNIT_REFUSED');
    assert.equal(outcome.reason, 'not seen at ST20');
    const refusals = (await types(u.serial)).filter((t) => t === 'unit.refused');
    assert.equal(refusals.length, 2, 'the identification and the request');
    await read('rfid20', u.epc);
    const again = await port.start({ source: 'opcua', holdUntilAcknowledged: true });
    assert.deepEqual([again.result, again.serial], [Result.OK, u.serial], 'decided again at the request');
  });

  it('cure time: min and max time since the earlier operation, and the part number of the station', async () => {
    const u = await startUnit();
    await read('rfid20', u.epc);
    await scan('id30', u.serial);
    await pass('ST30', u.serial);
    assert.deepEqual(await codes(u.serial, 'ST38'), ['TOO_SOON']);
    clock.t += 60_000;
    assert.deepEqual(await release(u.serial, 'ST38'), { allowed: true, reasons: [] });
    clock.t += 3_600_001 - 60_000;
    assert.deepEqual(await codes(u.serial, 'ST38'), ['TOO_LATE']);
    const pcb = (await post('/api/stations/SUB10/start')).body.serial as string;
    assert.deepEqual(await codes(pcb, 'ST38'), ['ROUTE_NOT_VISITED', 'WRONG_PART']);
    const unknown = await fetch(`${gateway.url}/api/units/NOPE/release?station=ST38`);
    assert.equal(unknown.status, 404);
    const noStation = await fetch(`${gateway.url}/api/units/${pcb}/release?station=ST99`);
    assert.equal(noStation.status, 404);
  });
});
