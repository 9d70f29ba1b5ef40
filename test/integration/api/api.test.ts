import assert from 'node:assert/strict';
import { Gateway } from '../../../src/gateway';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';
import { TEST_TOKEN, gatewayConfig } from '../../helpers/gateway-config';
import { fakeFamily } from '../../helpers/fake-devices';

const END_STATION = `  - id: ST20
    kind: end
    identify: { scanner: scan20 }
scanners:
  scan20:
    connection: { type: simulator }
`;

describe('local API', () => {
  let tmp: ReturnType<typeof tempDir>;
  let gateway: Gateway;
  const auth = { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' };
  const post = (path: string, body?: unknown, headers: Record<string, string> = auth) =>
    fetch(gateway.url + path, {
      method: 'POST',
      headers,
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });

  before(async () => {
    tmp = tempDir();
    gateway = new Gateway({
      config: gatewayConfig(tmp.dir, END_STATION),
      log: silentLog,
      families: [fakeFamily()],
    });
    await gateway.start();
  });
  after(async () => {
    await gateway.stop();
    tmp.cleanup();
  });

  it('starts a unit and returns its serial', async () => {
    const res = await post('/api/stations/ST10/start', {});
    assert.equal(res.status, 200);
    const body = (await res.json()) as { serial: string; result: number };
    assert.equal(body.result, 0);
    assert.match(body.serial, /^\d{10}$/);
  });

  it('accepts a start with no body at all', async () => {
    const res = await post('/api/stations/ST10/start', undefined, { authorization: auth.authorization });
    assert.equal(res.status, 200);
  });

  it('answers the same serial for the same requestId', async () => {
    const a = (await (await post('/api/stations/ST10/start', { requestId: 'abc' })).json()) as {
      serial: string;
    };
    const b = (await (await post('/api/stations/ST10/start', { requestId: 'abc' })).json()) as {
      serial: string;
    };
    assert.equal(a.serial, b.serial);
  });

  it('refuses a start without the token, or with a wrong one, with 401', async () => {
    assert.equal(
      (await post('/api/stations/ST10/start', {}, { 'content-type': 'application/json' })).status,
      401,
    );
    const wrong = await post(
      '/api/stations/ST10/start',
      {},
      { authorization: 'Bearer nope', 'content-type': 'application/json' },
    );
    assert.equal(wrong.status, 401);
    assert.equal(wrong.headers.get('www-authenticate'), 'Bearer');
  });

  it('answers 404 for an unknown station and for a station that is not a start station', async () => {
    const unknown = await post('/api/stations/ST99/start', {});
    assert.equal(unknown.status, 404);
    assert.deepEqual(await unknown.json(), { error: 'station ST99 does not exist', code: 'STATION_UNKNOWN' });
    const end = await post('/api/stations/ST20/start', {});
    assert.equal(end.status, 404);
    assert.match(((await end.json()) as { error: string }).error, /is not a start station/);
  });

  it('answers 400 with a clear message for bad JSON and bad fields', async () => {
    const bad = await post('/api/stations/ST10/start', '{"requestId": ');
    assert.equal(bad.status, 400);
    assert.match(((await bad.json()) as { error: string }).error, /request body is not valid JSON/);
    const field = await post('/api/stations/ST10/start', { requestId: 42 });
    assert.equal(field.status, 400);
    assert.match(((await field.json()) as { error: string }).error, /requestId must be string/);
    const unknownField = await post('/api/stations/ST10/start', { requestID: 'x' });
    assert.equal(unknownField.status, 400);
  });

  it('answers 413 for an oversized body', async () => {
    const res = await post('/api/stations/ST10/start', { requestId: 'x'.repeat(100_000) });
    assert.equal(res.status, 413);
  });

  it('returns a unit with its events, and 404 for an unknown serial', async () => {
    const { serial } = (await (await post('/api/stations/ST10/start', {})).json()) as { serial: string };
    const res = await fetch(`${gateway.url}/api/units/${serial}`);
    assert.equal(res.status, 200);
    const unit = (await res.json()) as {
      serial: string;
      status: string;
      partNumber: string;
      carrier: null;
      components: unknown[];
      events: Array<{ type: string; serial: string }>;
    };
    assert.equal(unit.serial, serial);
    assert.equal(unit.status, 'started');
    assert.equal(unit.partNumber, 'PN-100');
    assert.equal(unit.carrier, null);
    assert.deepEqual(unit.components, []);
    assert.deepEqual(
      unit.events.map((e) => [e.type, e.serial]),
      [['unit.started', serial]],
    );
    assert.equal((await fetch(`${gateway.url}/api/units/NOPE`)).status, 404);
  });

  it('reports health', async () => {
    const res = await fetch(`${gateway.url}/healthz`);
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), {
      ok: true,
      parts: { store: { ok: true, state: 'open' }, 'scanner:scan20': { ok: true, state: 'fake' } },
    });
  });
});
