import assert from 'node:assert/strict';
import { StxEtxFramer } from '../../../devices/serial/framing/stx-etx-framer';
import { everySplit, framesVia } from './framer.helper';

const STX = 0x02;
const ETX = 0x03;
const frame = (payload: string, bcc?: number) =>
  Buffer.from([STX, ...Buffer.from(payload), ETX, ...(bcc === undefined ? [] : [bcc])]);
const bccOf = (payload: string) => [...Buffer.from(payload), ETX].reduce((a, b) => a ^ b, 0);

describe('StxEtxFramer', () => {
  it('emits payloads at every byte boundary', async () => {
    const bytes = Buffer.concat([frame('HELLO'), frame('W0RLD')]);
    for (const chunks of everySplit(bytes)) {
      const payloads = await framesVia(new StxEtxFramer(), chunks);
      assert.deepEqual(payloads.map(String), ['HELLO', 'W0RLD']);
    }
  });

  it('checks the BCC (XOR after STX up to ETX) and drops a bad one', async () => {
    const bytes = Buffer.concat([
      frame('A1', bccOf('A1')),
      frame('B2', bccOf('B2') ^ 1),
      frame('C3', bccOf('C3')),
    ]);
    for (const chunks of everySplit(bytes)) {
      const f = new StxEtxFramer({ bcc: true });
      assert.deepEqual((await framesVia(f, chunks)).map(String), ['A1', 'C3']);
      assert.equal(f.stats.badChecksum, 1);
    }
  });

  it('counts bytes outside frames as garbage', async () => {
    const framer = new StxEtxFramer();
    const out = await framesVia(framer, [Buffer.from('xx'), frame('OK'), Buffer.from('yyy')]);
    assert.deepEqual(out.map(String), ['OK']);
    assert.equal(framer.stats.garbageBytes, 5);
  });

  it('an STX inside a frame restarts it and counts the cut frame as malformed', async () => {
    const framer = new StxEtxFramer();
    const out = await framesVia(framer, [Buffer.from([STX, 0x41, 0x42]), frame('NEW')]);
    assert.deepEqual(out.map(String), ['NEW']);
    assert.equal(framer.stats.malformed, 1);
  });

  it('drops an oversized frame and recovers at the next STX', async () => {
    const framer = new StxEtxFramer({ maxLength: 4 });
    const out = await framesVia(framer, [frame('TOOLONG'), frame('OK')]);
    assert.deepEqual(out.map(String), ['OK']);
    assert.equal(framer.stats.oversized, 1);
  });

  it('reset() drops a partial frame', () => {
    const framer = new StxEtxFramer();
    framer.feed(Buffer.from([STX, 0x41]));
    framer.reset();
    assert.deepEqual(framer.feed(Buffer.from([0x42, ETX])), []);
    assert.equal(framer.stats.garbageBytes, 4);
  });
});
