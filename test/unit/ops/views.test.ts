import assert from 'node:assert/strict';
import { dashboardDir, loadDashboardFiles, DASHBOARD_FILES } from '../../../src/ops/dashboard-files';
import { tempDir } from '../../helpers/tmp';
import { deviceView, eventView, lineStationView, startStationView } from '../../../src/ops/views';

describe('dashboard views', () => {
  it('summarises events by type', () => {
    const base = { id: 'x', seq: 1, gatewayId: 'gw', time: '2026-01-01T00:00:00.000Z' };
    assert.equal(eventView({ ...base, type: 'unit.started', data: { trigger: 'gpio' } }).detail, 'via gpio');
    assert.equal(
      eventView({ ...base, type: 'label.printed', data: { printer: 'z1', reprint: true, reason: 'smudged' } })
        .detail,
      'reprint on z1: smudged',
    );
    assert.equal(
      eventView({ ...base, type: 'operation.completed', data: { result: 'pass' } }).detail,
      'pass',
    );
    assert.equal(eventView({ ...base, type: 'unit.completed', data: {} }).detail, undefined);
  });

  it('keeps only finite numbers of a device detail as counters', () => {
    const view = deviceView('plc', {
      name: 'plc1',
      health: () => ({
        ok: true,
        state: 'connected',
        detail: { reconnects: 2, endpoint: 'opc.tcp://x', bad: NaN },
      }),
    });
    assert.deepEqual(view, {
      kind: 'plc',
      name: 'plc1',
      ok: true,
      state: 'connected',
      counters: { reconnects: 2 },
    });
  });

  it('marks a start station faulty when its trigger is down, even after a good cycle', () => {
    const memory = {
      lastSerial: 'A',
      cycles: 1,
      failures: 0,
      last: {
        station: 'ST10',
        source: 'opcua' as const,
        result: 0 as const,
        serial: 'A',
        durationMs: 5,
        at: 'T',
      },
    };
    assert.equal(startStationView('ST10', memory, { ok: true, state: 'idle' }).ok, true);
    const down = startStationView('ST10', memory, { ok: false, state: 'PLC not connected' });
    assert.equal(down.ok, false);
    assert.equal(down.state, 'PLC not connected');
    assert.equal(down.lastSerial, 'A');
  });

  it('shows a station after the start before its part is known', () => {
    assert.deepEqual(lineStationView('ST20', 'test', undefined), {
      id: 'ST20',
      kind: 'test',
      state: 'waiting for a unit',
      ok: true,
      cycles: 0,
      failures: 0,
    });
  });
});

describe('dashboard files', () => {
  it('finds every file of the page in the source tree', () => {
    const dir = dashboardDir();
    assert.ok(dir, 'src/dashboard not found');
    const files = loadDashboardFiles(dir);
    assert.deepEqual([...files.keys()].sort(), Object.keys(DASHBOARD_FILES).sort());
    assert.match(
      files.get('index.html')!.body.toString(),
      /<script src="\/assets\/app\.js" defer><\/script>/,
    );
  });

  it('finds nothing in a folder without them', () => {
    const tmp = tempDir();
    try {
      assert.equal(loadDashboardFiles(tmp.dir).size, 0);
    } finally {
      tmp.cleanup();
    }
  });
});
