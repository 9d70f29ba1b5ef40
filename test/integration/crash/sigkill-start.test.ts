/**
 * Crash safety: a real gateway process is SIGKILLed at random moments while clients call the
 * start endpoint, again and again. Then the store and the clients' answers must agree: no serial
 * issued twice, every serial a client got has its unit.started event, seq gap-free, and a retried
 * requestId always gets the serial it got before.
 */
import assert from 'node:assert/strict';
import { openStore } from '../../../src/store/store';
import { Sublevels } from '../../../src/store/layout';
import type { GatewayEvent } from '../../../src/events/event';
import { tempDir } from '../../helpers/tmp';
import { startGateway } from '../../helpers/gateway-process';
import { TEST_TOKEN, writeGatewayConfig } from '../../helpers/gateway-config';

const KILLS = Number(process.env.LINEGATE_CRASH_KILLS ?? 22);
const CLIENTS = 4;

interface ClientState {
  next: number;
  /** a request sent but not answered when the gateway died: retried with the same id. */
  pending?: string;
}

describe('crash safety: SIGKILL during start cycles', function () {
  this.timeout(KILLS * 5000 + 30000);
  let tmp: ReturnType<typeof tempDir>;
  before(() => (tmp = tempDir()));
  after(() => tmp.cleanup());

  it(`loses and duplicates nothing over ${KILLS} kills`, async () => {
    const config = writeGatewayConfig(tmp.dir);
    const answers = new Map<string, string>(); // requestId -> serial
    const clients: ClientState[] = Array.from({ length: CLIENTS }, () => ({ next: 0 }));
    let retried = 0;

    const record = (requestId: string, serial: string) => {
      const before = answers.get(requestId);
      assert.ok(
        before === undefined || before === serial,
        `requestId ${requestId} got ${before} then ${serial}`,
      );
      answers.set(requestId, serial);
    };

    const clientLoop = async (url: string, id: number, state: ClientState, stop: { dead: boolean }) => {
      while (!stop.dead) {
        const requestId = state.pending ?? `c${id}-r${state.next++}`;
        if (state.pending) retried++;
        state.pending = requestId;
        try {
          const res = await fetch(`${url}/api/stations/ST10/start`, {
            method: 'POST',
            headers: { authorization: `Bearer ${TEST_TOKEN}`, 'content-type': 'application/json' },
            body: JSON.stringify({ requestId }),
          });
          const body = (await res.json()) as { serial?: string; result: number };
          if (res.status !== 200) continue; // e.g. 503 while stopping: retry the same id
          record(requestId, body.serial!);
          state.pending = undefined;
        } catch {
          return; // connection refused or reset: the gateway died
        }
      }
    };

    for (let round = 0; round <= KILLS; round++) {
      const gw = await startGateway(config);
      const stop = { dead: false };
      const loops = clients.map((c, i) => clientLoop(gw.url, i, c, stop));
      if (round < KILLS) {
        await new Promise((r) => setTimeout(r, 50 + Math.random() * 350));
        gw.child.kill('SIGKILL');
        await gw.exited;
        stop.dead = true;
        await Promise.all(loops);
      } else {
        // Last round: let every pending request finish, then stop gracefully.
        await new Promise((r) => setTimeout(r, 300));
        stop.dead = true;
        await Promise.all(loops);
        for (const [i, c] of clients.entries())
          if (c.pending) await clientLoop(gw.url, i, c, { dead: false }).catch(() => undefined);
        gw.child.kill('SIGTERM');
        assert.equal((await gw.exited).code, 0);
      }
    }

    const store = await openStore(`${tmp.dir}/data`);
    try {
      const events = (await store.sub(Sublevels.events).values().all()) as GatewayEvent[];
      const started = events.filter((e) => e.type === 'unit.started').map((e) => e.serial!);
      assert.deepEqual(
        events.map((e) => e.seq),
        events.map((_, i) => i + 1),
        'event seq is gap-free from 1',
      );
      assert.equal(new Set(started).size, started.length, 'no serial issued twice');
      assert.equal(new Set(events.map((e) => e.id)).size, events.length, 'event ids unique');
      const startedSet = new Set(started);
      for (const [requestId, serial] of answers)
        assert.ok(startedSet.has(serial), `${requestId}: ${serial} has no unit.started`);
      const served = [...answers.values()];
      assert.equal(new Set(served).size, served.length, 'two requestIds never share a serial');
      for (const serial of started)
        assert.ok(await store.sub(Sublevels.serials).get(serial), `${serial} missing from the issued index`);
      process.stdout.write(
        `      ${KILLS} kills, ${answers.size} answered starts, ${started.length} units, ${retried} retried requests, ${events.length} events\n`,
      );
      assert.ok(answers.size > KILLS, 'clients were served between kills');
    } finally {
      await store.close();
    }
  });
});
