/**
 * A query's answer rejected while its write is still pending (an idle ~HQES pre-empted by a print,
 * the link lost) must not be an unhandled rejection: in the gateway process that ends the process.
 * Found by the LabelPrinter contract suite over a serial pty, where writes wait for the drain.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { StatusChannel } from '../../../devices/zebra/status-channel';
import { hasCode } from '../../../src/errors';
import type { Link, LinkEvents } from '../../../devices/link';

/** A transport whose writes stay pending until the test lets them finish. */
class SlowWriteTransport extends EventEmitter<LinkEvents> implements Link {
  readonly description = 'slow-write';
  readonly isOpen = true;
  readonly freshAfterReconnect = true;
  readonly generation = 1;
  private readonly writes: Array<() => void> = [];
  state(): string {
    return 'connected';
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async reconnect(): Promise<void> {}
  write(): Promise<void> {
    return new Promise((resolve) => this.writes.push(resolve));
  }
  /** the number of writes waiting. */
  get waiting(): number {
    return this.writes.length;
  }
  finishWrites(): void {
    for (const done of this.writes.splice(0)) done();
  }
}

describe('zebra/status-channel: a query failed while its write is pending', () => {
  const seen: unknown[] = [];
  const note = (reason: unknown) => seen.push(reason);
  before(() => process.on('unhandledRejection', note));
  after(() => process.off('unhandledRejection', note));

  it('rejects the caller with STATUS_QUERY_PREEMPTED and leaves no unhandled rejection', async () => {
    const t = new SlowWriteTransport();
    const ch = new StatusChannel(t);
    ch.attach();
    const idle = ch.errorStatus(60_000, { idle: true });
    const outcome = idle.then(
      () => 'answered',
      (err: unknown) => err,
    );
    while (t.waiting === 0) await new Promise((r) => setImmediate(r));
    ch.preemptIdle(); // the ~HQES is on the wire, its write not yet done
    // Node reports an unhandled rejection after the macrotask in which it happened.
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    t.finishWrites();
    assert.ok(hasCode(await outcome, 'STATUS_QUERY_PREEMPTED'));
    assert.deepEqual(seen, []);
    ch.detach();
  });
});
