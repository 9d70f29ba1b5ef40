/**
 * The HTTP sink against a real receiver on loopback, per the docs/contracts.md §5 table: a poison event
 * in the middle of a batch, 401 held, 503 with Retry-After, a receiver that never answers.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { MesReceiver, type ReceivedRequest, type ReceiverAnswer } from '../../../devices/mes-receiver';
import { listDeadLetters } from '../../../src/upstream/dead-letters';
import { upstreamRig, waitFor, type UpstreamRig } from '../../unit/upstream/rig';
import { tempDir } from '../../helpers/tmp';

const TOKEN = 'mes-token-that-must-not-leak';

describe('upstream HTTP: answers from a real receiver', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  let receiver: MesReceiver;
  let rig: UpstreamRig;
  let intercept: (req: ReceivedRequest) => ReceiverAnswer | 'hang' | undefined;
  const requests: Array<{ at: number; key: string; seqs: number[] }> = [];

  beforeEach(async () => {
    tmp = tempDir();
    requests.length = 0;
    intercept = () => undefined;
    receiver = new MesReceiver({
      file: path.join(tmp.dir, 'mes.jsonl'),
      basePath: '/linegate',
      token: TOKEN,
      intercept: (req) => {
        const body = req.body as { events?: Array<{ seq: number }> };
        requests.push({
          at: Date.now(),
          key: String(req.headers['idempotency-key']),
          seqs: body.events?.map((e) => e.seq) ?? [],
        });
        return intercept(req);
      },
    });
    const url = await receiver.start();
    rig = await upstreamRig({
      yaml: `upstream:
  - name: mes
    type: http
    url: ${url}
    token: ${TOKEN}
    timeoutMs: 300
    batch: { maxEvents: 100, lingerMs: 0 }
    retry: { initialMs: 1, maxMs: 20, authRetryMs: 150 }
`,
    });
  });
  afterEach(async () => {
    await rig.dispose();
    await receiver.stop();
    tmp.cleanup();
    assert.ok(!rig.lines.some((l) => l.includes(TOKEN)), 'the token never appears in a log line');
  });

  const seqs = () => receiver.order.get('gw-test') ?? [];
  const range = (a: number, b: number) => Array.from({ length: b - a + 1 }, (_, i) => a + i);

  it('dead-letters only the poison event in the middle of a batch, with the answer', async () => {
    intercept = (req) => {
      const body = req.body as { events?: Array<{ seq: number }> };
      return body.events?.some((e) => e.seq === 50)
        ? { status: 422, body: { error: 'part PN-100 unknown to MES' } }
        : undefined;
    };
    await rig.append(100, 100);
    await waitFor(() => rig.upstream.stats().depth === 0);
    assert.deepEqual(seqs(), [...range(1, 49), ...range(51, 100)]);
    const letters = await listDeadLetters(rig.store, {});
    assert.deepEqual(
      letters.map((d) => [d.sink, d.seq, d.status, d.state]),
      [['mes', 50, 422, 'dead']],
    );
    assert.match(letters[0].answer, /PN-100 unknown to MES/);
    const stats = rig.upstream.stats();
    assert.deepEqual([stats.sent, stats.deadLettered, stats.sinks.mes.deadLetters], [99, 1, 1]);
    assert.equal(requests[0].key, 'gw-test:1-100');
  });

  it('holds the sink on 401 with an alarm, dead-letters nothing, and resumes when accepted', async () => {
    let authorized = false;
    intercept = () => (authorized ? undefined : { status: 401, body: { error: 'token revoked' } });
    await rig.append(30, 30);
    await waitFor(() => rig.alarms.some((a) => a.code === 'SINK_HELD' && a.active));
    const health = rig.upstream.health()['upstream:mes'];
    assert.equal(health.ok, false);
    assert.match(health.state, /held: HTTP 401/);
    assert.equal((await listDeadLetters(rig.store, {})).length, 0);
    await waitFor(() => requests.length >= 2);
    authorized = true;
    await waitFor(() => seqs().length === 30);
    assert.deepEqual(seqs(), range(1, 30));
    // The receiver records the batch before its 2xx reaches the gateway: the alarm clears when the
    // answer is read, a moment after the last event arrived.
    await waitFor(() => rig.alarms.at(-1)?.active === false);
    assert.equal(rig.upstream.health()['upstream:mes'].ok, true);
  });

  it('honours Retry-After on a 503 and retries the same batch', async () => {
    let answered = 0;
    intercept = () => (answered++ === 0 ? { status: 503, headers: { 'retry-after': '1' } } : undefined);
    await rig.append(10, 10);
    await waitFor(() => seqs().length === 10);
    assert.equal(requests.length, 2);
    assert.equal(requests[1].key, requests[0].key, 'the same batch again');
    assert.ok(requests[1].at - requests[0].at >= 990, `retried after ${requests[1].at - requests[0].at} ms`);
  });

  it('retries a receiver that never answers (timeout) until it does', async () => {
    let hangs = 2;
    intercept = () => (hangs-- > 0 ? 'hang' : undefined);
    await rig.append(20, 20);
    await waitFor(() => seqs().length === 20);
    assert.deepEqual(
      requests.map((r) => r.key),
      ['gw-test:1-20', 'gw-test:1-20', 'gw-test:1-20'],
    );
    assert.ok(rig.upstream.stats().failed >= 2);
    assert.equal(receiver.stats.stored, 20);
  });
});
