import assert from 'node:assert/strict';
import { LengthPrefixedFramer } from '../../../devices/serial/framing/length-prefixed-framer';
import { everySplit, framesVia } from './framer.helper';

const withLen1 = (payload: string, sync: number[] = []) =>
  Buffer.from([...sync, payload.length, ...Buffer.from(payload)]);

describe('LengthPrefixedFramer', () => {
  it('1-byte length, no sync, at every byte boundary', async () => {
    const bytes = Buffer.concat([withLen1('abc'), withLen1(''), withLen1('hello')]);
    for (const chunks of everySplit(bytes)) {
      assert.deepEqual((await framesVia(new LengthPrefixedFramer(), chunks)).map(String), [
        'abc',
        '',
        'hello',
      ]);
    }
  });

  it('2-byte big- and little-endian lengths', () => {
    const payload = Buffer.alloc(300, 0x41);
    const be = Buffer.concat([Buffer.from([0x01, 0x2c]), payload]);
    const le = Buffer.concat([Buffer.from([0x2c, 0x01]), payload]);
    assert.equal(new LengthPrefixedFramer({ lengthBytes: 2 }).feed(be)[0].length, 300);
    assert.equal(new LengthPrefixedFramer({ lengthBytes: 2, littleEndian: true }).feed(le)[0].length, 300);
  });

  it('with sync bytes, skips and counts garbage and resynchronises', async () => {
    const sync = [0xaa, 0x55];
    const bytes = Buffer.concat([
      Buffer.from([0x00, 0xaa, 0x13]),
      withLen1('one', sync),
      Buffer.from([0x55]),
      withLen1('two', sync),
    ]);
    for (const chunks of everySplit(bytes)) {
      const framer = new LengthPrefixedFramer({ sync });
      assert.deepEqual((await framesVia(framer, chunks)).map(String), ['one', 'two']);
      assert.equal(framer.stats.garbageBytes, 4);
    }
  });

  it('an oversized length is dropped and counted; the next frame is read', async () => {
    const sync = [0xaa];
    const framer = new LengthPrefixedFramer({ sync, maxLength: 10 });
    const out = await framesVia(framer, [Buffer.from([0xaa, 200]), withLen1('ok', sync)]);
    assert.deepEqual(out.map(String), ['ok']);
    assert.equal(framer.stats.oversized, 1);
  });

  it('reset() drops a partial frame', () => {
    const framer = new LengthPrefixedFramer();
    assert.deepEqual(framer.feed(Buffer.from([5, 0x41])), []);
    framer.reset();
    assert.equal(framer.stats.garbageBytes, 2);
    assert.deepEqual(framer.feed(withLen1('x')).map(String), ['x']);
  });
});
