import assert from 'node:assert/strict';
import path from 'node:path';
import { MesReceiver, type ReceiverAnswer } from '../../../devices/mes-receiver';
import type { HttpSinkConfig } from '../../../src/config/schema';
import { readBatch } from '../../../src/upstream/batch';
import { createHttpClient } from '../../../src/upstream/http-client';
import { HttpSink, classifyStatus } from '../../../src/upstream/http-sink';
import type { Batch } from '../../../src/upstream/types';
import { silentLog } from '../../helpers/silent-log';
import { upstreamRig, type UpstreamRig } from './rig';

const TOKEN = 'sink-token-should-never-be-logged';

describe('HTTP sink', () => {
  let rig: UpstreamRig;
  let receiver: MesReceiver;
  let answer:
    | ((body: { events?: Array<{ id: string; seq: number }> }) => ReceiverAnswer | 'hang' | undefined)
    | undefined;
  const keys: string[] = [];
  let sink: HttpSink;
  let client: ReturnType<typeof createHttpClient>;

  before(async () => {
    rig = await upstreamRig({ yaml: '', idle: true });
    await rig.append(40);
    receiver = new MesReceiver({
      file: path.join(rig.dir, 'mes.jsonl'),
      token: TOKEN,
      basePath: '/linegate',
      intercept: (req) => {
        keys.push(String(req.headers['idempotency-key']));
        return answer?.(req.body as never);
      },
    });
    const url = await receiver.start();
    const config: HttpSinkConfig = { name: 'mes', type: 'http', url, token: TOKEN, timeoutMs: 300 };
    client = createHttpClient({ url, token: TOKEN, timeoutMs: 300 });
    sink = new HttpSink({
      config,
      gatewayId: 'gw-test',
      client,
      clock: { now: () => Date.now() },
      log: silentLog,
    });
  });
  after(async () => {
    client.close();
    await receiver.stop();
    await rig.dispose();
  });
  beforeEach(() => {
    answer = undefined;
    keys.length = 0;
  });

  const batch = async (first: number, n: number): Promise<Batch> =>
    (await readBatch(rig.store, first, { maxEvents: n, maxBytes: 1 << 24 }))!;
  const signal = () => new AbortController().signal;

  it('classifies answers exactly as the contract table', () => {
    const table: Array<[number, string]> = [
      [200, 'ok'],
      [204, 'ok'],
      [400, 'reject'],
      [413, 'reject'],
      [422, 'reject'],
      [401, 'hold'],
      [403, 'hold'],
      [408, 'retry'],
      [429, 'retry'],
      [500, 'retry'],
      [503, 'retry'],
    ];
    for (const [status, kind] of table) assert.equal(classifyStatus(status), kind, String(status));
  });

  it('delivers a batch with its idempotency key and the bearer token', async () => {
    const d = await sink.deliver(await batch(1, 10), signal());
    assert.deepEqual(d, { through: 10, rejected: [] });
    assert.deepEqual(keys, ['gw-test:1-10']);
    assert.equal(receiver.stats.stored, 10);
  });

  it('bisects a rejected batch so only the poison event is dead-lettered, in seq order', async () => {
    answer = (body) =>
      body.events?.some((e) => e.seq === 17)
        ? { status: 422, body: { error: 'unknown part number', seq: 17 } }
        : undefined;
    const d = await sink.deliver(await batch(11, 10), signal());
    assert.equal(d.failure, undefined);
    assert.equal(d.through, 20);
    assert.deepEqual(
      d.rejected.map((r) => [r.seq, r.status]),
      [[17, 422]],
    );
    assert.match(d.rejected[0].answer, /unknown part number/);
    assert.deepEqual(
      receiver.order.get('gw-test')!.filter((s) => s > 10),
      [11, 12, 13, 14, 15, 16, 18, 19, 20],
    );
    assert.deepEqual(keys, [
      'gw-test:11-20',
      'gw-test:11-15',
      'gw-test:16-20',
      'gw-test:16-18',
      'gw-test:16-17',
      'gw-test:16-16',
      'gw-test:17-17',
      'gw-test:18-18',
      'gw-test:19-20',
    ]);
  });

  it('reports progress made before a retryable failure during bisection', async () => {
    let calls = 0;
    answer = () =>
      ++calls === 1
        ? { status: 400 }
        : calls === 2
          ? undefined
          : { status: 503, headers: { 'retry-after': '2' } };
    const d = await sink.deliver(await batch(21, 4), signal());
    assert.equal(d.through, 22, 'the left half was delivered');
    assert.deepEqual(d.failure && [d.failure.kind, d.failure.retryAfterMs], ['retry', 2000]);
  });

  it('holds on 401/403 without dead-lettering, never echoing the token', async () => {
    answer = () => ({ status: 401, body: { error: `bad token ${TOKEN}` } });
    const d = await sink.deliver(await batch(23, 4), signal());
    assert.deepEqual([d.through, d.rejected.length, d.failure?.kind], [22, 0, 'hold']);
    assert.ok(!d.failure!.reason.includes(TOKEN), d.failure!.reason);
  });

  it('retries a timeout and a connection error', async () => {
    answer = () => 'hang';
    const timedOut = await sink.deliver(await batch(23, 2), signal());
    assert.deepEqual([timedOut.through, timedOut.failure?.kind], [22, 'retry']);
    assert.match(timedOut.failure!.reason, /timeout/);
    const refused = createHttpClient({ url: 'http://127.0.0.1:1/x', timeoutMs: 300 });
    const dead = new HttpSink({
      config: { name: 'x', type: 'http', url: 'http://127.0.0.1:1/x', timeoutMs: 300 },
      gatewayId: 'gw-test',
      client: refused,
      clock: { now: () => Date.now() },
      log: silentLog,
    });
    const d = await dead.deliver(await batch(23, 2), signal());
    assert.deepEqual([d.through, d.failure?.kind], [22, 'retry']);
    assert.match(d.failure!.reason, /ECONNREFUSED/);
    refused.close();
  });

  it('ends an aborted attempt as retryable', async () => {
    answer = () => 'hang';
    const ac = new AbortController();
    const pending = sink.deliver(await batch(23, 2), ac.signal);
    ac.abort();
    const d = await pending;
    assert.deepEqual([d.through, d.failure?.kind], [22, 'retry']);
  });
});
