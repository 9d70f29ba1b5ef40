import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { MesReceiver } from '../../../devices/mes-receiver';
import { tempDir } from '../../helpers/tmp';

describe('embedded MES receiver', () => {
  let tmp: ReturnType<typeof tempDir>;
  let receiver: MesReceiver;
  let url: string;
  const file = () => path.join(tmp.dir, 'in', 'mes.jsonl');
  const post = (route: string, body: unknown, token = 'tok-12345') =>
    fetch(`${url}/${route}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const ev = (seq: number) => ({ id: `id-${seq}`, seq, gatewayId: 'gw', type: 'unit.started', data: {} });

  beforeEach(async () => {
    tmp = tempDir();
    receiver = new MesReceiver({ file: file(), basePath: '/linegate', token: 'tok-12345' });
    url = await receiver.start();
  });
  afterEach(async () => {
    await receiver.stop();
    tmp.cleanup();
  });

  it('stores each event once by id, in a JSONL file, also across a restart', async () => {
    let res = await post('events', { gatewayId: 'gw', events: [ev(1), ev(2)] });
    assert.deepEqual([res.status, await res.json()], [200, { accepted: 2, duplicates: 0 }]);
    res = await post('events', { gatewayId: 'gw', events: [ev(2), ev(3)] });
    assert.deepEqual(await res.json(), { accepted: 1, duplicates: 1 });
    await receiver.stop();
    receiver = new MesReceiver({ file: file(), basePath: '/linegate', token: 'tok-12345' });
    url = await receiver.start();
    res = await post('events', { gatewayId: 'gw', events: [ev(3), ev(4)] });
    assert.deepEqual(await res.json(), { accepted: 1, duplicates: 1 });
    const lines = readFileSync(file(), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { seq: number });
    assert.deepEqual(
      lines.map((l) => l.seq),
      [1, 2, 3, 4],
    );
  });

  it('leases consecutive blocks per scheme and key, durably', async () => {
    const lease = async () =>
      (await (
        await post('serial-blocks', { gatewayId: 'gw', scheme: 'unit', key: '2647', count: 100 })
      ).json()) as {
        leaseId: string;
        first: number;
        last: number;
      };
    const a = await lease();
    const b = await lease();
    assert.deepEqual([a.first, a.last, b.first, b.last], [1, 100, 101, 200]);
    assert.notEqual(a.leaseId, b.leaseId);
    await receiver.stop();
    receiver = new MesReceiver({ file: file(), basePath: '/linegate', token: 'tok-12345' });
    url = await receiver.start();
    assert.equal((await lease()).first, 201, 'never the same numbers after a restart');
    const other = (await (
      await post('serial-blocks', { gatewayId: 'gw', scheme: 'unit', key: '2648', count: 5 })
    ).json()) as { first: number };
    assert.equal(other.first, 1, 'each key counts separately');
  });

  it('answers 401 without the token, 400 for a malformed body, 404 elsewhere', async () => {
    assert.equal((await post('events', { gatewayId: 'gw', events: [] }, 'wrong')).status, 401);
    assert.equal((await post('events', '{not json')).status, 400);
    assert.equal((await post('events', { gatewayId: 'gw', events: [{ seq: 1 }] })).status, 400);
    assert.equal((await post('nothing', {})).status, 404);
  });
});
