/**
 * The guarantees the one reconnecting link took over from the printers' engine, for every wire:
 * connection generations (and drop() of a stale one ignored), the backoff kept across a
 * connection that did not stay up and reset after one that did, a stuck write dropping the
 * connection only where asked, the counted state text, and reconnect().
 */
import assert from 'node:assert/strict';
import sinon from 'sinon';
import {
  ReconnectingLink,
  type Connection,
  type ConnectionHandlers,
  type Opener,
} from '../../../devices/link';
import { hasCode } from '../../../src/errors';
import { printerLink } from '../../../devices/zebra/printer-link';

/** An opener whose device can be present or not, and whose writes can hang. */
class FakeWire implements Opener {
  readonly description = 'fake';
  readonly freshAfterReconnect = true;
  present = true;
  hangWrites = false;
  opens = 0;
  live: Array<{ handlers: ConnectionHandlers; closed: boolean }> = [];
  async open(handlers: ConnectionHandlers): Promise<Connection> {
    this.opens++;
    if (!this.present) throw Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const entry = { handlers, closed: false };
    this.live.push(entry);
    return {
      write: () => (this.hangWrites ? new Promise<void>(() => undefined) : Promise.resolve()),
      close: async () => void (entry.closed = true),
    };
  }
  /** the peer ends the newest connection. */
  cut(): void {
    this.live.at(-1)!.handlers.closed(new Error('connection closed by the peer'));
  }
}

describe('ReconnectingLink guarantees', () => {
  let clock: sinon.SinonFakeTimers;
  let wire: FakeWire;
  const links: ReconnectingLink[] = [];
  const make = (o: Partial<ConstructorParameters<typeof ReconnectingLink>[0]> = {}) => {
    const link = new ReconnectingLink({
      opener: wire,
      backoff: { minMs: 100, maxMs: 1600, random: () => 0.999999 },
      clock: { now: () => Date.now() },
      ...o,
    });
    links.push(link);
    return link;
  };

  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    wire = new FakeWire();
  });
  afterEach(async () => {
    for (const l of links.splice(0)) await l.stop();
    clock.restore();
  });

  it('counts connections; drop() of an older generation leaves the current one alone', async () => {
    const link = make();
    await link.start();
    assert.equal(link.generation, 1);
    const first = link.generation;
    wire.cut();
    await clock.tickAsync(100);
    assert.equal(link.generation, 2);
    link.drop(new Error('stale session gave up'), first);
    assert.equal(link.isOpen, true, 'the newer connection is kept');
    const closes: Array<string | undefined> = [];
    link.on('close', (err) => closes.push(err?.message));
    link.drop(new Error('session gave up'), link.generation);
    assert.equal(link.isOpen, false);
    assert.deepEqual(closes, ['session gave up']);
    await clock.tickAsync(0);
    assert.match(link.state(), /^reconnecting in 1 s \(session gave up\)/);
  });

  it('keeps the backoff across a connection that did not stay up stableMs, resets it after one that did', async () => {
    const link = make({ stableMs: 1000 });
    wire.present = false;
    await link.start(); // failure 1: next retry after 100 ms
    await clock.tickAsync(100); // failure 2: 200 ms
    wire.present = true;
    await clock.tickAsync(200);
    assert.equal(link.isOpen, true);
    wire.cut(); // up 0 ms: not stable, so the next delay is 400 ms
    await clock.tickAsync(399);
    assert.equal(link.isOpen, false);
    await clock.tickAsync(1);
    assert.equal(link.isOpen, true);
    await clock.tickAsync(1000);
    wire.cut(); // up 1 s: stable, back to 100 ms
    await clock.tickAsync(100);
    assert.equal(link.isOpen, true);
  });

  it('a stuck write fails; it drops the connection only with dropOnWriteFailure', async () => {
    const keep = make({ writeTimeoutMs: 50 });
    await keep.start();
    wire.hangWrites = true;
    const kept = assert.rejects(keep.write(Buffer.from('x')), /write not done within 50 ms/);
    await clock.tickAsync(50);
    await kept;
    assert.equal(keep.isOpen, true);
    await keep.stop();

    wire.hangWrites = false;
    const printer = printerLink(wire, {
      writeTimeoutMs: 50,
      backoff: { minMs: 100, random: () => 0.999999 },
    });
    links.push(printer);
    await printer.start();
    const generation = printer.generation;
    wire.hangWrites = true;
    const dropped = assert.rejects(printer.write(Buffer.from('^XA^XZ')), (e: unknown) =>
      hasCode(e, 'PRINTER_WRITE_FAILED'),
    );
    await clock.tickAsync(50);
    await dropped;
    assert.equal(printer.isOpen, false);
    await assert.rejects(printer.write(Buffer.from('x')), (e: unknown) => hasCode(e, 'PRINTER_OFFLINE'));
    wire.hangWrites = false;
    await clock.tickAsync(100);
    assert.equal(printer.generation, generation + 1, 'a new connection, a new generation');
  });

  it('printer state text counts failed attempts; reconnect() opens a new connection at once', async () => {
    const printer = printerLink(wire, { backoff: { minMs: 100, random: () => 0.999999 } });
    links.push(printer);
    wire.present = false;
    await printer.start();
    assert.match(printer.state(), /^reconnecting in 1 s \(1 failed: connect ECONNREFUSED\)$/);
    await clock.tickAsync(100);
    await clock.tickAsync(200);
    assert.match(printer.state(), /\(3 failed: connect ECONNREFUSED\)$/);
    wire.present = true;
    await clock.tickAsync(400);
    assert.equal(printer.state(), 'connected');
    const opens = wire.opens;
    await printer.reconnect();
    assert.equal(wire.opens, opens + 1);
    assert.equal(wire.live.at(-2)!.closed, true, 'the old connection was released first');
    assert.equal(printer.generation, 2);
    await printer.stop();
    assert.equal(printer.state(), 'stopped');
    assert.equal(wire.live.at(-1)!.closed, true);
  });
});
