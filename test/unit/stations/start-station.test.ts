import assert from 'node:assert/strict';
import { Result } from '../../../src/ports';
import { Sublevels } from '../../../src/store/layout';
import { stepFailure, type CycleStep, type UnitContext } from '../../../src/stations/steps';
import type { GatewayEvent } from '../../../src/events/event';
import { stationRig, type Rig } from '../../helpers/station-rig';

/** A step that fails while `failing` is set, like a printer that is out of paper. */
class FlakyPrinterStep implements CycleStep {
  readonly name = 'print';
  failing = false;
  seen: UnitContext[] = [];
  async run(unit: UnitContext) {
    this.seen.push(unit);
    if (this.failing) {
      throw stepFailure({
        code: 'PRINTER_PAPER_OUT',
        result: Result.PRINTER_FAULT,
        message: 'paper out',
        outcome: {
          events: [
            {
              type: 'label.failed',
              serial: unit.serial,
              station: unit.station,
              data: { reason: 'paper out' },
            },
          ],
        },
      });
    }
    return {
      events: [
        {
          type: 'label.printed' as const,
          serial: unit.serial,
          station: unit.station,
          data: { printer: 'zebra1', reprint: unit.retry },
        },
      ],
    };
  }
}

async function events(rig: Rig): Promise<GatewayEvent[]> {
  return (await rig.store.sub(Sublevels.events).values().all()) as GatewayEvent[];
}

describe('start station', () => {
  it('records the unit and its unit.started event durably before answering', async () => {
    const rig = await stationRig({ station: { workOrder: 'WO-55' } });
    const outcome = await rig.station.start({ source: 'api' });
    assert.deepEqual(outcome, { result: Result.OK, serial: '260001' });
    const [event] = await events(rig);
    assert.equal(event.type, 'unit.started');
    assert.equal(event.serial, '260001');
    assert.equal(event.partNumber, 'PN-100');
    assert.equal(event.workOrder, 'WO-55');
    assert.equal(event.station, 'ST10');
    const unit = await rig.store.sub(Sublevels.serials).get('260001');
    assert.equal((unit as { status: string }).status, 'started');
    await rig.close();
  });

  it('keeps the reserved serial for the retry when a step fails (one handshake, one serial)', async () => {
    const printer = new FlakyPrinterStep();
    const rig = await stationRig({ steps: [printer] });
    printer.failing = true;
    const failed = await rig.station.start({ source: 'opcua' });
    assert.deepEqual(failed, {
      result: Result.PRINTER_FAULT,
      error: 'paper out',
      code: 'PRINTER_PAPER_OUT',
      waiting: '260001', // the serial the retry gets, shown to operators (never to the PLC)
    });
    printer.failing = false;
    const retried = await rig.station.start({ source: 'opcua' });
    assert.deepEqual(retried, { result: Result.OK, serial: '260001' });
    assert.equal(printer.seen[1].retry, true);
    const next = await rig.station.start({ source: 'opcua' });
    assert.equal(next.serial, '260002', 'a completed cycle releases the reservation');
    assert.deepEqual(
      (await events(rig)).map((e) => `${e.seq} ${e.type} ${e.serial}`),
      [
        '1 unit.started 260001',
        '2 label.failed 260001',
        '3 label.printed 260001',
        '4 unit.started 260002',
        '5 label.printed 260002',
      ],
    );
    await rig.close();
  });

  it('keeps the reservation across a restart', async () => {
    const printer = new FlakyPrinterStep();
    printer.failing = true;
    let rig = await stationRig({ steps: [printer] });
    await rig.station.start({ source: 'opcua' });
    rig = await rig.reopen();
    printer.failing = false;
    assert.equal((await rig.station.start({ source: 'opcua' })).serial, '260001');
    await rig.close();
  });

  it('holds the serial until the trigger acknowledges it', async () => {
    const rig = await stationRig();
    const first = await rig.station.start({ source: 'opcua', holdUntilAcknowledged: true });
    const again = await rig.station.start({ source: 'opcua', holdUntilAcknowledged: true });
    assert.equal(again.serial, first.serial, 'a repeated request before the ack gets the same serial');
    await rig.station.acknowledge(first.serial!);
    const next = await rig.station.start({ source: 'opcua', holdUntilAcknowledged: true });
    assert.notEqual(next.serial, first.serial);
    assert.equal((await events(rig)).length, 2, 'one unit.started per serial');
    await rig.close();
  });

  it('gives the same serial to the same requestId, and a new one to a new requestId', async () => {
    const rig = await stationRig();
    const a1 = await rig.station.start({ source: 'api', requestId: 'r-1' });
    const a2 = await rig.station.start({ source: 'api', requestId: 'r-1' });
    const b = await rig.station.start({ source: 'api', requestId: 'r-2' });
    assert.equal(a1.serial, a2.serial);
    assert.notEqual(b.serial, a1.serial);
    assert.equal((await events(rig)).length, 2);
    await rig.close();
  });

  it('answers result 4 without a part number or work order, recording nothing', async () => {
    const rig = await stationRig({ station: { partNumber: undefined } });
    const outcome = await rig.station.start({ source: 'api' });
    assert.equal(outcome.result, Result.NOT_READY);
    assert.equal(outcome.code, 'STATION_NOT_READY');
    assert.deepEqual(await events(rig), []);
    await rig.close();
  });

  it('runs concurrent starts one at a time, each with its own serial', async () => {
    const rig = await stationRig();
    const outcomes = await Promise.all(
      Array.from({ length: 20 }, () => rig.station.start({ source: 'api' })),
    );
    const serials = outcomes.map((o) => o.serial);
    assert.equal(new Set(serials).size, 20);
    assert.deepEqual(
      (await events(rig)).map((e) => e.seq),
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    await rig.close();
  });
});
