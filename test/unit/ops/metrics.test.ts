import assert from 'node:assert/strict';
import { GatewayMetrics } from '../../../src/ops/metrics';
import { TelemetryHub } from '../../../src/ops/telemetry';
import type { DevicePart, HubSources, SchemeUse } from '../../../src/ops/types';
import { FakeJournal, FakeOutbox, FakePart, manualClock } from './fakes';

/** The value of one sample line, e.g. value(text, 'linegate_cycles_total', {station: 'ST10'}). */
function value(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

describe('gateway metrics', () => {
  const rig = (gatewayId: string) => {
    const journal = new FakeJournal();
    const outbox = new FakeOutbox();
    const plc = new FakePart('plc1');
    const parts: Array<[string, DevicePart]> = [['plc', plc]];
    const scheme: SchemeUse = { name: 'unit', capacity: 1000, used: new Map([['2647', 250]]) };
    const sources: HubSources = {
      journal,
      outbox: () => outbox,
      devices: () => parts,
      schemes: () => [scheme],
    };
    const hub = new TelemetryHub({
      gatewayId,
      stations: [],
      sources,
      clock: manualClock(),
      sampleMs: 60_000,
    });
    const metrics = new GatewayMetrics({ gatewayId, hub, sources });
    return { journal, outbox, plc, hub, metrics };
  };
  let rigs: Array<ReturnType<typeof rig>> = [];
  const started = async (id: string) => {
    const r = rig(id);
    rigs.push(r);
    await r.hub.start();
    await r.metrics.start();
    return r;
  };
  afterEach(async () => {
    for (const r of rigs) {
      await r.metrics.stop();
      await r.hub.stop();
    }
    rigs = [];
  });

  it('counts cycles by station and result, with a latency histogram', async () => {
    const { hub, metrics } = await started('gw-a');
    hub.cycle({ station: 'ST10', source: 'api', result: 0, serial: 'A', durationMs: 3 });
    hub.cycle({ station: 'ST10', source: 'api', result: 0, serial: 'B', durationMs: 30 });
    hub.cycle({ station: 'ST10', source: 'api', result: 2, code: 'PRINTER_PAPER_OUT', durationMs: 2000 });
    const { body, contentType } = await metrics.text();
    assert.match(contentType, /^text\/plain/);
    assert.equal(value(body, 'linegate_cycles_total', { station: 'ST10', result: '0', gateway: 'gw-a' }), 2);
    assert.equal(value(body, 'linegate_cycles_total', { station: 'ST10', result: '2' }), 1);
    assert.equal(value(body, 'linegate_cycle_duration_seconds_count', { station: 'ST10' }), 3);
    assert.equal(value(body, 'linegate_cycle_duration_seconds_bucket', { station: 'ST10', le: '0.005' }), 1);
    assert.equal(value(body, 'linegate_cycle_duration_seconds_bucket', { station: 'ST10', le: '2.5' }), 3);
  });

  it('reports the outbox, mirroring its running totals as counters', async () => {
    const { outbox, metrics } = await started('gw-a');
    outbox.figures = { depth: 12, oldestAgeMs: 4500, sent: 100, failed: 3, deadLettered: 1 };
    let body = (await metrics.text()).body;
    assert.equal(value(body, 'linegate_outbox_depth'), 12);
    assert.equal(value(body, 'linegate_outbox_oldest_age_seconds'), 4.5);
    assert.equal(value(body, 'linegate_outbox_sent_total'), 100);
    assert.equal(value(body, 'linegate_outbox_failed_total'), 3);
    assert.equal(value(body, 'linegate_outbox_dead_lettered_total'), 1);
    outbox.figures = { ...outbox.figures, sent: 130 };
    body = (await metrics.text()).body;
    assert.equal(value(body, 'linegate_outbox_sent_total'), 130);
    // The upstream part restarted and counts from zero again: so does the counter.
    outbox.figures = { ...outbox.figures, sent: 4 };
    body = (await metrics.text()).body;
    assert.equal(value(body, 'linegate_outbox_sent_total'), 4);
  });

  it('counts printer faults from label.failed events and events by type', async () => {
    const { journal, metrics } = await started('gw-a');
    journal.commit(
      { type: 'unit.started', serial: 'A' },
      { type: 'label.failed', serial: 'A', data: { printer: 'zebra1', code: 'PRINTER_PAPER_OUT' } },
    );
    journal.commit({
      type: 'label.failed',
      serial: 'A',
      data: { printer: 'zebra1', code: 'PRINTER_PAPER_OUT' },
    });
    const { body } = await metrics.text();
    assert.equal(
      value(body, 'linegate_printer_faults_total', { printer: 'zebra1', code: 'PRINTER_PAPER_OUT' }),
      2,
    );
    assert.equal(value(body, 'linegate_events_total', { type: 'label.failed' }), 2);
    assert.equal(value(body, 'linegate_events_total', { type: 'unit.started' }), 1);
  });

  it('reports PLC reconnects, device state, serial capacity use and process memory', async () => {
    const { plc, metrics } = await started('gw-a');
    plc.healthNow = { ok: false, state: 'reconnecting', detail: { reconnects: 2 } };
    const { body } = await metrics.text();
    assert.equal(value(body, 'linegate_plc_reconnects_total', { plc: 'plc1' }), 2);
    assert.equal(value(body, 'linegate_device_up', { kind: 'plc', name: 'plc1' }), 0);
    assert.equal(value(body, 'linegate_serial_capacity', { scheme: 'unit' }), 1000);
    assert.equal(value(body, 'linegate_serial_used', { scheme: 'unit', period: '2647' }), 250);
    assert.equal(
      value(body, 'linegate_serial_capacity_used_ratio', { scheme: 'unit', period: '2647' }),
      0.25,
    );
    assert.ok((value(body, 'process_resident_memory_bytes') ?? 0) > 0);
  });

  it('keeps one registry per gateway, so two gateways in a process do not mix', async () => {
    const a = await started('gw-a');
    const b = await started('gw-b');
    a.hub.cycle({ station: 'ST10', source: 'api', result: 0, serial: 'A', durationMs: 1 });
    const textB = (await b.metrics.text()).body;
    assert.equal(value(textB, 'linegate_cycles_total', { station: 'ST10' }), undefined);
    assert.equal(value((await a.metrics.text()).body, 'linegate_cycles_total', { gateway: 'gw-a' }), 1);
  });

  it('stops listening on stop', async () => {
    const { hub, metrics } = await started('gw-a');
    await metrics.stop();
    await metrics.stop();
    hub.cycle({ station: 'ST10', source: 'api', result: 0, serial: 'A', durationMs: 1 });
    assert.equal(value((await metrics.text()).body, 'linegate_cycles_total', { station: 'ST10' }), undefined);
    assert.equal(hub.listenerCount('cycle'), 0);
  });
});
