import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import type { ServerResponse } from 'node:http';
import sinon from 'sinon';
import { SnapshotStream } from '../../../src/ops/event-stream';
import type { OpsPort } from '../../../src/ops/ops';
import type { DashboardSnapshot } from '../../../src/ops/types';

/** The parts of a ServerResponse the stream uses. */
class FakeResponse extends EventEmitter {
  status = 0;
  headers: Record<string, string> = {};
  chunks: string[] = [];
  ended = false;
  destroyed = false;
  writableLength = 0;
  writeHead(status: number, headers: Record<string, string>): this {
    this.status = status;
    this.headers = headers;
    return this;
  }
  write(text: string): boolean {
    this.chunks.push(text);
    return true;
  }
  end(): void {
    this.ended = true;
    this.emit('close');
  }
  destroy(): void {
    this.destroyed = true;
    this.emit('close');
  }
  /** the snapshots received, as parsed JSON. */
  snapshots(): Array<{ n: number }> {
    return this.chunks
      .filter((c) => c.startsWith('event: snapshot'))
      .map((c) => JSON.parse(/^data: (.*)$/m.exec(c)![1]) as { n: number });
  }
}

class FakeOps extends EventEmitter implements OpsPort {
  n = 0;
  snapshot(): DashboardSnapshot {
    return { n: this.n } as unknown as DashboardSnapshot; // only the stream's framing is under test
  }
  onChange(listener: () => void): () => void {
    this.on('changed', listener);
    return () => this.off('changed', listener);
  }
  change(): void {
    this.n += 1;
    this.emit('changed');
  }
  async metrics(): Promise<{ contentType: string; body: string }> {
    return { contentType: 'text/plain', body: '' };
  }
  async lastLabelPng(): Promise<undefined> {
    return undefined;
  }
}

describe('dashboard event stream', () => {
  let clock: sinon.SinonFakeTimers;
  let ops: FakeOps;
  let stream: SnapshotStream;
  const client = () => {
    const res = new FakeResponse();
    stream.add(res as unknown as ServerResponse);
    return res;
  };

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000 });
    ops = new FakeOps();
    stream = new SnapshotStream(ops, { minIntervalMs: 100, heartbeatMs: 15_000, headers: { 'x-test': '1' } });
  });
  afterEach(() => {
    stream.closeAll();
    clock.restore();
  });

  it('sends the snapshot at once on connect, as an event stream', () => {
    const res = client();
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-type'], 'text/event-stream; charset=utf-8');
    assert.equal(res.headers['x-test'], '1');
    assert.deepEqual(res.snapshots(), [{ n: 0 }]);
  });

  it('coalesces a burst of changes into one message, at most one per interval', () => {
    const res = client();
    clock.tick(1000);
    for (let i = 0; i < 5; i++) ops.change();
    clock.tick(0);
    assert.deepEqual(res.snapshots(), [{ n: 0 }, { n: 5 }]);
    ops.change();
    clock.tick(99);
    assert.equal(res.snapshots().length, 2);
    clock.tick(1);
    assert.deepEqual(res.snapshots().at(-1), { n: 6 });
  });

  it('sends a keep-alive comment while idle', () => {
    const res = client();
    clock.tick(15_000);
    assert.ok(res.chunks.includes(': keep-alive\n\n'));
  });

  it('drops a client that stops reading', () => {
    const res = client();
    res.writableLength = 2 * 1024 * 1024;
    ops.change();
    clock.tick(1000);
    assert.equal(res.destroyed, true);
    assert.equal(stream.size, 0);
  });

  it('unsubscribes and stops its timers when the last client leaves, and closeAll ends streams', () => {
    const a = client();
    const b = client();
    assert.equal(ops.listenerCount('changed'), 1);
    a.emit('close');
    assert.equal(ops.listenerCount('changed'), 1);
    stream.closeAll();
    assert.equal(b.ended, true);
    assert.equal(ops.listenerCount('changed'), 0);
    assert.equal(clock.countTimers(), 0);
  });
});
