import assert from 'node:assert/strict';
import { TelemetryHub } from '../../../src/ops/telemetry';
import type { DevicePart } from '../../../src/ops/types';
import { silentLog } from '../../helpers/silent-log';
import { FakeJournal, FakeOutbox, FakePart, FakePrinterPart, manualClock } from './fakes';

describe('telemetry hub', () => {
  let journal: FakeJournal;
  let outbox: FakeOutbox;
  let clock: ReturnType<typeof manualClock>;
  let parts: Array<[string, DevicePart]>;
  let hub: TelemetryHub;
  const unit = { unit: 'S-9', stats: { identified: 3, consumed: 5, refused: 1, completed: 2 } };

  beforeEach(() => {
    journal = new FakeJournal();
    outbox = new FakeOutbox();
    clock = manualClock();
    parts = [];
    hub = new TelemetryHub({
      gatewayId: 'gw-test',
      stations: [
        { id: 'ST10', kind: 'start' },
        { id: 'ST20', kind: 'assembly' },
      ],
      clock,
      log: silentLog,
      sampleMs: 60_000,
      historyPoints: 3,
      eventsKept: 4,
      sources: {
        journal,
        outbox: () => outbox,
        devices: () => parts,
        lineStations: () => new Map([['ST20', unit]]),
        health: () => ({
          ok: false,
          parts: { store: { ok: true, state: 'open' }, 'printer:zebra1': { ok: false, state: 'paper out' } },
        }),
      },
    });
  });
  afterEach(() => hub.stop());

  it('shows the last cycle of each start station and counts failures', () => {
    hub.cycle({ station: 'ST10', source: 'api', result: 0, serial: 'A1', durationMs: 12.34 });
    hub.cycle({ station: 'ST10', source: 'api', result: 2, code: 'PRINTER_PAPER_OUT', durationMs: 40 });
    const [st10, st20] = hub.snapshot().stations;
    assert.equal(st10.id, 'ST10');
    assert.equal(st10.state, 'manual (API)');
    assert.equal(st10.ok, false);
    assert.equal(st10.lastResult, 2);
    assert.equal(st10.lastCode, 'PRINTER_PAPER_OUT');
    assert.equal(st10.lastSerial, 'A1', 'the last serial issued stays on the card');
    assert.equal(st10.cycles, 2);
    assert.equal(st10.failures, 1);
    assert.deepEqual(st20.counts, { identified: 3, consumed: 5, refused: 1, completed: 2 });
    assert.equal(st20.lastSerial, 'S-9');
  });

  it("takes a start station's state from its trigger, and lists other parts as devices", () => {
    const trigger = new FakePart('ST10');
    trigger.healthNow = { ok: true, state: 'serving a request' };
    const printer = new FakePrinterPart('zebra1');
    printer.healthNow = { ok: false, state: 'paper out', detail: { printed: 4, transport: 'tcp' } };
    printer.printer = {
      paperOut: true,
      paused: false,
      headOpen: false,
      ribbonOut: false,
      bufferFull: false,
      formatsInBuffer: 0,
      labelsRemaining: 0,
    };
    parts.push(['trigger', trigger], ['printer', printer]);
    const snap = hub.snapshot();
    assert.equal(snap.stations[0].state, 'serving a request');
    assert.equal(snap.devices.length, 1);
    assert.equal(snap.devices[0].name, 'zebra1');
    assert.equal(snap.devices[0].printer?.paperOut, true);
    assert.deepEqual(snap.devices[0].counters, { printed: 4 });
    assert.deepEqual(snap.health.failing, [{ part: 'printer:zebra1', state: 'paper out' }]);
  });

  it('keeps the latest events, newest first, and names the serial of the last label', async () => {
    await hub.start();
    hub.labelPrinted('zebra1', Buffer.from('^XA^XZ'));
    journal.commit({ type: 'unit.started', station: 'ST10', serial: 'A1', data: { trigger: 'api' } });
    journal.commit(
      { type: 'label.printed', station: 'ST10', serial: 'A1', data: { printer: 'zebra1' } },
      {
        type: 'label.failed',
        station: 'ST10',
        serial: 'A2',
        data: { printer: 'zebra1', code: 'PRINTER_HEAD_OPEN' },
      },
    );
    journal.commit({ type: 'unit.scrapped', serial: 'A0', data: { reason: 'dropped' } });
    journal.commit({ type: 'unit.started', station: 'ST10', serial: 'A3', data: { trigger: 'opcua' } });
    const snap = hub.snapshot();
    assert.deepEqual(
      snap.events.map((e) => [e.seq, e.type, e.detail]),
      [
        [5, 'unit.started', 'via opcua'],
        [4, 'unit.scrapped', 'dropped'],
        [3, 'label.failed', 'PRINTER_HEAD_OPEN on zebra1'],
        [2, 'label.printed', 'zebra1'],
      ],
    );
    assert.equal(snap.label?.serial, 'A1');
    assert.equal(snap.label?.id, 1);
    assert.equal(hub.lastLabel()?.zpl.toString(), '^XA^XZ');
  });

  it('samples the outbox for the chart, ending at the live figure', async () => {
    await hub.start(); // samples once at start
    for (const depth of [5, 7, 2]) {
      clock.advance(2000);
      outbox.figures = { ...outbox.figures, depth };
      hub.sample();
    }
    clock.advance(500);
    outbox.figures = { ...outbox.figures, depth: 1, sent: 10 };
    const view = hub.snapshot().outbox!;
    assert.deepEqual(
      view.series.map(([, d]) => d),
      [5, 7, 2, 1],
    );
    assert.equal(view.sent, 10);
    assert.deepEqual(view.sinks, [{ name: 'mes', ok: true, state: 'up to date' }]);
  });

  it('counts PLC reconnects from the detail, or from returns to ok', () => {
    const reporting = new FakePart('plc1');
    const silent = new FakePart('plc2');
    parts.push(['plc', reporting], ['plc', silent]);
    reporting.healthNow = { ok: true, state: 'connected', detail: { reconnects: 3 } };
    hub.observePlcs();
    for (const ok of [false, true, false, false, true]) {
      silent.healthNow = { ok, state: ok ? 'connected' : 'reconnecting in 1 s' };
      hub.observePlcs();
    }
    assert.deepEqual(
      [...hub.plcReconnects()],
      [
        ['plc1', 3],
        ['plc2', 2],
      ],
    );
  });

  it('starts and stops idempotently, removing its journal listener', async () => {
    await hub.start();
    await hub.start();
    assert.equal(journal.listenerCount('committed'), 1);
    await hub.stop();
    await hub.stop();
    assert.equal(journal.listenerCount('committed'), 0);
  });

  it('is not hurt by a listener that throws', async () => {
    await hub.start();
    hub.on('cycle', () => {
      throw new Error('listener bug');
    });
    assert.doesNotThrow(() =>
      hub.cycle({ station: 'ST10', source: 'api', result: 0, serial: 'A1', durationMs: 1 }),
    );
    assert.equal(hub.snapshot().stations[0].lastSerial, 'A1');
  });
});
