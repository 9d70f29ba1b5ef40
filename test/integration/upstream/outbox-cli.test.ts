/**
 * `linegate outbox status|list|retry|discard`: on a stopped gateway's store, and through the
 * API of a running one (whose LevelDB lock keeps the CLI out of the store).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MesReceiver } from '../../../devices/mes-receiver';
import type { DeadLetter } from '../../../src/upstream/types';
import { writeGatewayConfig } from '../../helpers/gateway-config';
import { main } from '../../../src/cli/main';
import { startGateway } from '../../helpers/gateway-process';
import { tempDir } from '../../helpers/tmp';
import { upstreamRig, waitFor } from '../../unit/upstream/rig';
import { freePort } from './helpers';

describe('linegate outbox (CLI)', function () {
  this.timeout(60_000);
  let tmp: ReturnType<typeof tempDir>;
  let receiver: MesReceiver;
  let config: string;
  let apiPort: number;
  let reject = new Set([3, 7]);

  before(async () => {
    tmp = tempDir();
    receiver = new MesReceiver({
      file: path.join(tmp.dir, 'mes.jsonl'),
      basePath: '/linegate',
      intercept: (req) => {
        const seqs = ((req.body as { events?: Array<{ seq: number }> }).events ?? []).map((e) => e.seq);
        return seqs.some((s) => reject.has(s))
          ? { status: 422, body: { error: 'serial format unknown' } }
          : undefined;
      },
    });
    const url = await receiver.start();
    const yaml = `upstream:
  - name: mes
    type: http
    url: ${url}
    batch: { lingerMs: 0 }
    retry: { initialMs: 20, maxMs: 100 }
`;
    config = writeGatewayConfig(tmp.dir, yaml);
    apiPort = await freePort();
    writeFileSync(config, readFileSync(config, 'utf8').replace('127.0.0.1:0', `127.0.0.1:${apiPort}`));
    const rig = await upstreamRig({ yaml, dir: tmp.dir });
    await rig.append(10, 10);
    await waitFor(() => rig.upstream.stats().depth === 0);
    await rig.close();
  });
  after(async () => {
    await receiver.stop();
    tmp.cleanup();
  });

  /** Runs the CLI in this process (spawning one costs seconds), capturing its output. */
  async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const out = process.stdout.write.bind(process.stdout);
    const err = process.stderr.write.bind(process.stderr);
    process.stdout.write = ((chunk: string | Uint8Array) => (
      (stdout += String(chunk)),
      true
    )) as typeof process.stdout.write;
    process.stderr.write = ((chunk: string | Uint8Array) => (
      (stderr += String(chunk)),
      true
    )) as typeof process.stderr.write;
    try {
      const code = await main(['node', 'linegate', 'outbox', ...args, '--config', config]);
      return { code, stdout, stderr };
    } finally {
      process.stdout.write = out;
      process.stderr.write = err;
    }
  }
  const list = async (...args: string[]) =>
    JSON.parse((await cli('list', '--json', ...args)).stdout) as DeadLetter[];

  it('shows status and dead letters with their reasons from the stopped gateway store', async () => {
    const status = await cli('status');
    assert.equal(status.code, 0, status.stderr);
    assert.match(status.stdout, /gateway gw-test \(stopped\): 10 events stored/);
    assert.match(status.stdout, /mes\s+http\s+10\s+0\s+2/);
    const listed = await cli('list');
    assert.match(
      listed.stdout,
      /mes\s+3\s+unit\.started\s+dead\s+1\s+\S+\s+HTTP 422 .*serial format unknown/,
    );
    assert.deepEqual(
      (await list()).map((d) => d.seq),
      [3, 7],
    );
  });

  it('discards with a recorded reason and queues retries; refuses unclear requests', async () => {
    const discarded = await cli('discard', '3', '--reason', 'order cancelled in MES', '--by', 'qa-anna');
    assert.equal(discarded.code, 0, discarded.stderr);
    assert.match(discarded.stdout, /discarded 1 dead letter/);
    assert.equal((await cli('retry', '7')).code, 0);
    const all = await list('--all');
    assert.deepEqual(
      all.map((d) => [d.seq, d.state, d.discarded?.reason, d.discarded?.by]),
      [
        [3, 'discarded', 'order cancelled in MES', 'qa-anna'],
        [7, 'retry', undefined, undefined],
      ],
    );
    assert.equal((await cli('retry')).code, 64, 'no seqs and no --all');
    const unknown = await cli('list', '--sink', 'nope');
    assert.equal(unknown.code, 1);
    assert.match(unknown.stderr, /SINK_UNKNOWN/);
  });

  it('works through the API while the gateway runs, which sends the queued retry', async () => {
    reject = new Set();
    const gw = await startGateway(config);
    try {
      await waitFor(() => receiver.order.get('gw-test')!.includes(7), 50);
      await waitFor(async () => (await list()).length === 0, 100);
      const status = await cli('status');
      assert.match(status.stdout, /\(running\)/);
      assert.match(status.stdout, /depth 0/);
      const all = await list('--all');
      assert.deepEqual(
        all.map((d) => [d.seq, d.state]),
        [[3, 'discarded']],
      );
    } finally {
      gw.child.kill('SIGTERM');
      await gw.exited;
    }
  });
});
