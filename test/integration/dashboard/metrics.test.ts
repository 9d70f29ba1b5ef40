import assert from 'node:assert/strict';
import { startLine, type LineRig } from './rig';

/** The sample lines of `name` whose labels include `labels`, as numbers. */
function samples(text: string, name: string, labels: Record<string, string> = {}): number[] {
  const out: number[] = [];
  for (const line of text.split('\n')) {
    const m = /^([a-z_:]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) out.push(Number(m[3]));
  }
  return out;
}

describe('GET /metrics', function () {
  this.timeout(30_000);
  let rig: LineRig;
  let text: string;

  before(async () => {
    rig = await startLine();
    for (let i = 0; i < 3; i++) assert.equal((await rig.start()).result, 0);
    const res = await fetch(`${rig.gateway.url}/metrics`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    text = await res.text();
  });
  after(() => rig?.close());

  it('counts the cycles by station and result', () => {
    assert.match(text, /^# TYPE linegate_cycles_total counter$/m);
    assert.deepEqual(
      samples(text, 'linegate_cycles_total', { station: 'ST10', result: '0', gateway: 'gw-test' }),
      [3],
    );
    assert.deepEqual(samples(text, 'linegate_cycle_duration_seconds_count', { station: 'ST10' }), [3]);
  });

  it('reports labels, devices, serial capacity, the outbox and the process', () => {
    assert.deepEqual(samples(text, 'linegate_events_total', { type: 'label.printed' }), [3]);
    assert.deepEqual(samples(text, 'linegate_device_up', { kind: 'printer', name: 'zebra1' }), [1]);
    assert.deepEqual(samples(text, 'linegate_health_ok', { part: 'store' }), [1]);
    assert.deepEqual(samples(text, 'linegate_health_ok', { part: 'upstream:mes' }).length, 1);
    assert.deepEqual(samples(text, 'linegate_serial_used', { scheme: 'unit' }), [3]);
    assert.deepEqual(samples(text, 'linegate_serial_capacity', { scheme: 'unit' }), [1e7 - 1]);
    assert.equal(samples(text, 'linegate_outbox_depth').length, 1);
    assert.equal(samples(text, 'linegate_outbox_sent_total').length, 1);
    assert.ok(samples(text, 'process_resident_memory_bytes')[0] > 0);
    assert.ok(samples(text, 'nodejs_heap_size_used_bytes')[0] > 0);
  });
});
