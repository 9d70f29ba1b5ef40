import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { LinegateError } from '../../../src/errors';
import { routeGroups } from '../../../src/api/route-groups';
import { createApi } from '../../../src/api/server';
import type { StationsPort } from '../../../src/api/routes-stations';
import type { UnitsPort } from '../../../src/api/routes-units';
import { silentLog } from '../../helpers/silent-log';

const TOKEN = 'route-groups-token';

/** Ports whose every call fails with `code`: the API's answer is then its mapping of that code. */
function failing(code: 'SCHEME_UNKNOWN' | 'UNIT_UNKNOWN' | 'SERIAL_NO_BLOCK'): StationsPort & UnitsPort {
  const fail = () => Promise.reject(new LinegateError(code, `failed with ${code}`));
  return {
    startCycle: fail,
    recordOperation: fail,
    read: fail,
    whereUsed: fail,
    reprint: fail,
    scrap: fail,
    rework: fail,
  };
}

describe('API route groups: one list', () => {
  let app: FastifyInstance | undefined;
  afterEach(async () => app?.close());

  const api = (code: Parameters<typeof failing>[0]) => {
    const port = failing(code);
    app = createApi({
      token: TOKEN,
      stations: port,
      units: port,
      health: () => ({ ok: true, parts: {} }),
      log: silentLog,
    });
    return app;
  };

  it('lists every group once, in registration order', () => {
    assert.deepEqual(
      routeGroups.map((g) => g.name),
      ['stations', 'units', 'holds', 'trace', 'ops', 'outbox', 'serials'],
    );
  });

  it('registers only the groups whose part is given; unknown routes answer 404', async () => {
    const a = api('UNIT_UNKNOWN');
    for (const url of ['/api/outbox', '/api/serials', '/api/holds', '/api/dashboard', '/api/nope']) {
      const res = await a.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 404, url);
    }
    assert.equal((await a.inject({ method: 'GET', url: '/api/units/X1' })).statusCode, 404);
  });

  it('maps a group’s error codes (the serials group’s) for every route, and keeps 401 first', async () => {
    for (const [code, status] of [
      ['SCHEME_UNKNOWN', 404],
      ['SERIAL_NO_BLOCK', 503],
    ] as const) {
      const a = api(code);
      const res = await a.inject({
        method: 'POST',
        url: '/api/stations/ST10/start',
        headers: { authorization: `Bearer ${TOKEN}` },
        payload: {},
      });
      assert.equal(res.statusCode, status, res.body);
      assert.equal((res.json() as { code: string }).code, code);
      const denied = await a.inject({ method: 'POST', url: '/api/stations/ST10/start', payload: {} });
      assert.equal(denied.statusCode, 401);
      await a.close();
    }
  });
});
