import assert from 'node:assert/strict';
import { LineFramer } from '../../../devices/serial/framing/line-framer';
import { everySplit, framesVia, noise } from './framer.helper';

const text = (lines: Buffer[]) => lines.map((l) => l.toString('latin1'));

describe('LineFramer', () => {
  for (const [name, eol] of [
    ['CR LF', '\r\n'],
    ['CR', '\r'],
    ['LF', '\n'],
  ] as const) {
    it(`splits lines ended by ${name} at every byte boundary`, async () => {
      const bytes = Buffer.from(`ABC-123${eol}]d2010950123456789${eol}x${eol}`, 'latin1');
      for (const chunks of everySplit(bytes)) {
        const framer = new LineFramer();
        assert.deepEqual(text(await framesVia(framer, chunks)), ['ABC-123', ']d2010950123456789', 'x']);
        assert.equal(framer.stats.frames, 3);
      }
    });
  }

  it('skips blank lines and mixed terminators', async () => {
    const framer = new LineFramer();
    const lines = await framesVia(framer, [Buffer.from('\r\n\r\nA\n\nB\r\rC\r\n')]);
    assert.deepEqual(text(lines), ['A', 'B', 'C']);
  });

  it('keeps every byte of a line, control characters and high bytes included', async () => {
    const line = Buffer.from([0x5d, 0x43, 0x31, 0x1d, 0x00, 0xff, 0x80, 0x04]);
    const [out] = await framesVia(new LineFramer(), [Buffer.concat([line, Buffer.from('\r\n')])]);
    assert.deepEqual(out, line);
  });

  it('drops an over-long line whole, counts it, and reads the next line', async () => {
    const framer = new LineFramer({ maxLength: 8 });
    const lines = await framesVia(framer, [Buffer.from('0123'), Buffer.from('456789AB\r\nok\r\n')]);
    assert.deepEqual(text(lines), ['ok']);
    assert.equal(framer.stats.oversized, 1);
  });

  it('holds a partial line until its terminator; reset() drops it as garbage', () => {
    const framer = new LineFramer();
    assert.deepEqual(framer.feed(Buffer.from('half')), []);
    framer.reset();
    assert.equal(framer.stats.garbageBytes, 4);
    assert.deepEqual(text(framer.feed(Buffer.from('whole\r'))), ['whole']);
  });

  it('never throws on noise', () => {
    const framer = new LineFramer({ maxLength: 64 });
    for (let seed = 1; seed < 100; seed++) framer.feed(noise(500, seed));
    assert.ok(framer.stats.frames > 0);
  });
});
