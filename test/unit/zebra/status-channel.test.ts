import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import sinon from 'sinon';
import { StatusChannel } from '../../../devices/zebra/status-channel';
import type { Link, LinkEvents } from '../../../devices/link';
import { hasCode, type ErrorCode } from '../../../src/errors';

const HS =
  '\x02030,0,0,1225,000,0,0,0,000,0,0,0\x03\r\n\x02001,0,0,0,1,2,6,0,00000000,1,000\x03\r\n\x021234,0\x03\r\n';

/** A printer link double that records writes and lets the test answer. */
class FakeTransport extends EventEmitter<LinkEvents> implements Link {
  readonly description = 'fake';
  isOpen = true;
  readonly freshAfterReconnect = true;
  writes: string[] = [];
  reconnects = 0;
  generation = 1;
  state(): string {
    return 'connected';
  }
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  async reconnect(): Promise<void> {
    this.reconnects++;
    this.generation++;
  }
  async write(data: Buffer): Promise<void> {
    this.writes.push(data.toString());
  }
  answer(text: string): void {
    this.emit('data', Buffer.from(text, 'latin1'));
  }
}

const isCode = (code: ErrorCode) => (e: unknown) => hasCode(e, code);

describe('zebra/status-channel', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = sinon.useFakeTimers()));
  afterEach(() => clock.restore());

  it('matches an answer to the waiting query', async () => {
    const t = new FakeTransport();
    const ch = new StatusChannel(t);
    ch.attach();
    const q = ch.hostStatus(1000);
    await clock.tickAsync(0);
    assert.deepEqual(t.writes, ['~HS']);
    t.answer(HS);
    assert.equal((await q).paperOut, false);
    ch.detach();
  });

  it('keeps one query outstanding at a time', async () => {
    const t = new FakeTransport();
    const ch = new StatusChannel(t);
    ch.attach();
    const a = ch.hostStatus(1000);
    const b = ch.errorStatus(1000);
    await clock.tickAsync(0);
    assert.deepEqual(t.writes, ['~HS']);
    t.answer(HS);
    await a;
    await clock.tickAsync(0);
    assert.deepEqual(t.writes, ['~HS', '~HQES']);
    t.answer('\x02 PRINTER STATUS\r\n ERRORS: 0 00000000 00000000\r\n WARNINGS: 0 00000000 00000000\r\n\x03');
    assert.deepEqual((await b).errors, []);
    ch.detach();
  });

  it('fails with PRINTER_SILENT after the timeout and resyncs before the next query', async () => {
    const t = new FakeTransport();
    const ch = new StatusChannel(t);
    ch.attach();
    const q = ch.hostStatus(2000);
    const check = assert.rejects(q, isCode('PRINTER_SILENT'));
    await clock.tickAsync(2000);
    await check;
    t.answer(HS); // the late answer: nobody waits for it
    const next = ch.hostStatus(2000);
    await clock.tickAsync(0);
    assert.equal(t.reconnects, 1);
    t.answer(HS);
    await next;
    ch.detach();
  });

  it('fails a waiting query with PRINTER_OFFLINE when the connection drops', async () => {
    const t = new FakeTransport();
    const ch = new StatusChannel(t);
    ch.attach();
    const q = ch.hostStatus(5000);
    await clock.tickAsync(0);
    t.emit('close', new Error('reset'));
    await assert.rejects(q, isCode('PRINTER_OFFLINE'));
    ch.detach();
  });
});
