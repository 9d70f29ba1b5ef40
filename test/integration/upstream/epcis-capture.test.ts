/**
 * The epcis sink against a real capture endpoint on loopback: schema-valid EPCIS 2.0 documents to
 * {url}/capture as application/ld+json, acknowledged by 202; 503, dropped connections and a 400
 * handled as the HTTP sink does; every resend carries the same eventIDs, so after dedupe by
 * eventID the repository holds each mapped event once, and skipped events are counted.
 */
import assert from 'node:assert/strict';
import { listDeadLetters } from '../../../src/upstream/dead-letters';
import { CaptureReceiver } from '../../helpers/epcis-capture';
import { epcisProblems } from '../../helpers/epcis-schema';
import { upstreamRig, waitFor, type UpstreamRig } from '../../unit/upstream/rig';

describe('upstream EPCIS: a real capture endpoint', function () {
  this.timeout(30_000);
  let receiver: CaptureReceiver;
  let rig: UpstreamRig;

  beforeEach(async () => {
    receiver = new CaptureReceiver();
    const url = await receiver.start();
    rig = await upstreamRig({
      yaml: `upstream:
  - name: repo
    type: epcis
    url: ${url}
    token: repo-token-0123
    timeoutMs: 300
    readPoint: urn:epc:id:sgln:4012345.00001.0
    batch: { maxEvents: 20, lingerMs: 0 }
    retry: { initialMs: 1, maxMs: 20 }
`,
    });
  });
  afterEach(async () => {
    await rig.dispose();
    await receiver.stop();
  });

  /** n units started, each followed by a label.printed (no EPCIS meaning). */
  async function produce(n: number): Promise<void> {
    for (let i = 1; i <= n; i++)
      await rig.journal.run((tx) => {
        tx.appendEvent({ type: 'unit.started', station: 'ST10', serial: `U${i}`, partNumber: 'PN-100' });
        tx.appendEvent({ type: 'label.printed', station: 'ST10', serial: `U${i}`, data: { printer: 'z1' } });
      });
  }

  const cursor = () => rig.upstream.stats().sinks.repo.cursor;

  it('posts schema-valid documents to /capture as JSON-LD with the token; skipped events are counted', async () => {
    await produce(15);
    await waitFor(() => cursor() === 30);
    assert.ok(receiver.requests.length >= 1);
    for (const r of receiver.requests) {
      assert.equal(r.path, '/epcis/capture');
      assert.equal(r.headers['content-type'], 'application/ld+json');
      assert.equal(r.headers.authorization, 'Bearer repo-token-0123');
      assert.deepEqual(epcisProblems(r.doc), []);
    }
    const ids = receiver.events().map((e) => e.eventID);
    assert.equal(new Set(ids).size, 15);
    const events = await rig.events();
    const started = events.filter((e) => e.type === 'unit.started').map((e) => `urn:uuid:${e.id}`);
    assert.deepEqual(ids, started);
    const stats = rig.upstream.stats().sinks.repo;
    assert.deepEqual([stats.sent, stats.skipped, stats.deadLettered], [15, 15, 0]);
  });

  it('retries 503 and dropped connections with the same eventIDs; dedupe by eventID leaves each event once', async () => {
    receiver.answer = (_req, i) => (i % 3 === 0 ? { status: 503 } : i % 3 === 1 ? 'drop' : undefined);
    await produce(25);
    await waitFor(() => cursor() === 50);
    const received = receiver.events();
    const ids = received.map((e) => String(e.eventID));
    assert.ok(ids.length > new Set(ids).size, 'some events were sent more than once');
    // A resent event is the same event, byte for byte, whichever document carried it.
    const first = new Map<string, string>();
    for (const e of received) {
      const text = JSON.stringify(e);
      const seen = first.get(String(e.eventID));
      if (seen === undefined) first.set(String(e.eventID), text);
      else assert.equal(text, seen);
    }
    const started = (await rig.events())
      .filter((e) => e.type === 'unit.started')
      .map((e) => `urn:uuid:${e.id}`);
    assert.deepEqual([...first.keys()], started, 'after dedupe: every event, in order, once');
    for (const r of receiver.requests) if (r.doc) assert.deepEqual(epcisProblems(r.doc), []);
  });

  it('isolates an event the repository rejects (400) and dead-letters it; the rest arrive', async () => {
    receiver.answer = (req) =>
      req.doc?.epcisBody?.eventList?.some((e) => e['lg:serial'] === 'U7') ? { status: 400 } : undefined;
    await produce(12);
    await waitFor(() => cursor() === 24);
    const poison = String(
      (await rig.events()).find((e) => e.serial === 'U7' && e.type === 'unit.started')?.id,
    );
    const dead = await listDeadLetters(rig.store, { sink: 'repo' });
    assert.deepEqual(
      dead.map((d) => [d.type, d.id, d.status]),
      [['unit.started', poison, 400]],
    );
    const accepted = new Set(
      receiver.requests
        .filter((r) => !r.doc?.epcisBody?.eventList?.some((e) => e['lg:serial'] === 'U7'))
        .flatMap((r) => r.doc?.epcisBody?.eventList?.map((e) => e['lg:serial']) ?? []),
    );
    assert.equal(accepted.size, 11);
  });
});
