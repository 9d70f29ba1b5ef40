import assert from 'node:assert/strict';
import {
  Bb7eFramer,
  bb7eChecksum,
  encodeBb7e,
  type Bb7eFrame,
} from '../../../devices/serial/framing/bb7e-framer';
import { everySplit, framesVia, noise, randomSplits } from './framer.helper';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const SINGLE_POLL = hex('BB 00 22 00 00 22 7E');
const MULTI_POLL = hex('BB 00 27 00 03 22 27 10 83 7E');
// A tag notice: RSSI 0xD6 (-42 dBm), PC 3400, 96-bit EPC, tag CRC D444, checksum C4.
const NOTICE = hex('BB 02 22 00 11 D6 3400 E28011704000021D35AE4008 D444 C4 7E');
const NO_TAG = hex('BB 01 FF 00 01 15 16 7E');

const simple = (f: Bb7eFrame) => ({ type: f.type, command: f.command, params: f.params.toString('hex') });

describe('Bb7eFramer', () => {
  it('checksum is the low byte of the sum from type to the last parameter (both issue vectors)', () => {
    assert.equal(bb7eChecksum(SINGLE_POLL.subarray(1, 5)), 0x22);
    assert.equal(bb7eChecksum(MULTI_POLL.subarray(1, 8)), 0x83);
    assert.deepEqual(encodeBb7e(0x00, 0x22), SINGLE_POLL);
    assert.deepEqual(encodeBb7e(0x00, 0x27, hex('22 27 10')), MULTI_POLL);
  });

  it('parses the issue vectors and a tag notice from one chunk', async () => {
    const frames = await framesVia(new Bb7eFramer(), [
      Buffer.concat([SINGLE_POLL, MULTI_POLL, NOTICE, NO_TAG]),
    ]);
    assert.deepEqual(frames.map(simple), [
      { type: 0, command: 0x22, params: '' },
      { type: 0, command: 0x27, params: '222710' },
      { type: 2, command: 0x22, params: 'd63400e28011704000021d35ae4008d444' },
      { type: 1, command: 0xff, params: '15' },
    ]);
  });

  it('gives the same frames however the bytes are split (every byte boundary)', async () => {
    const stream = Buffer.concat([MULTI_POLL, NOTICE, SINGLE_POLL]);
    for (const chunks of everySplit(stream)) {
      const framer = new Bb7eFramer();
      const frames = await framesVia(framer, chunks);
      assert.deepEqual(
        frames.map((f) => f.command),
        [0x27, 0x22, 0x22],
        `split ${chunks.map((c) => c.length)}`,
      );
      assert.deepEqual(framer.stats, {
        frames: 3,
        garbageBytes: 0,
        badChecksum: 0,
        malformed: 0,
        oversized: 0,
      });
    }
  });

  it('drops and counts a bad checksum, then reads the next good frame', async () => {
    const bad = Buffer.from(NOTICE);
    bad[bad.length - 2] ^= 0x01;
    for (const chunks of everySplit(Buffer.concat([bad, SINGLE_POLL]))) {
      const framer = new Bb7eFramer();
      const frames = await framesVia(framer, chunks);
      assert.deepEqual(frames.map(simple), [{ type: 0, command: 0x22, params: '' }]);
      assert.equal(framer.stats.badChecksum, 1);
      assert.equal(framer.stats.frames, 1);
    }
  });

  it('drops and counts a frame with a bad end byte', async () => {
    const bad = Buffer.from(SINGLE_POLL);
    bad[bad.length - 1] = 0x7f;
    const framer = new Bb7eFramer();
    const frames = await framesVia(framer, [bad, MULTI_POLL]);
    assert.deepEqual(
      frames.map((f) => f.command),
      [0x27],
    );
    assert.equal(framer.stats.malformed, 1);
  });

  it('skips garbage before, between and after frames and counts it', async () => {
    const stream = Buffer.concat([hex('00 11 7E 22'), NOTICE, hex('55 AA'), SINGLE_POLL, hex('01')]);
    const framer = new Bb7eFramer();
    const frames = await framesVia(framer, [stream]);
    assert.equal(frames.length, 2);
    assert.equal(framer.stats.garbageBytes, 7);
  });

  it('an oversized length is noise: counted, and the frame behind it is still read', async () => {
    const framer = new Bb7eFramer({ maxParams: 64 });
    const frames = await framesVia(framer, [Buffer.concat([hex('BB 02 22 7F FF'), NOTICE])]);
    assert.equal(frames.length, 1);
    assert.equal(framer.stats.oversized, 1);
  });

  it('a false header in noise does not hold back the complete good frame behind it', () => {
    const framer = new Bb7eFramer();
    // BB 00 00 01 00 claims 256 parameter bytes; only a notice follows.
    const frames = framer.feed(Buffer.concat([hex('BB 00 00 01 00 12'), NOTICE]));
    assert.equal(frames.length, 1);
    assert.equal(frames[0].params.length, 17);
  });

  it('survives random noise mixed with frames, never throwing, and finds every frame after the noise', async () => {
    for (let seed = 1; seed <= 50; seed++) {
      const stream = Buffer.concat([noise(40, seed), NOTICE, NOTICE, SINGLE_POLL]);
      for (const chunks of randomSplits(stream, 5, seed)) {
        const framer = new Bb7eFramer();
        const frames = await framesVia(framer, chunks);
        const last = frames.slice(-3).map((f) => f.command);
        assert.deepEqual(last, [0x22, 0x22, 0x22], `seed ${seed}`);
      }
    }
  });

  it('reset() drops a partial frame and counts its bytes as garbage', () => {
    const framer = new Bb7eFramer();
    assert.deepEqual(framer.feed(NOTICE.subarray(0, 10)), []);
    framer.reset();
    assert.equal(framer.stats.garbageBytes, 10);
    assert.equal(framer.feed(SINGLE_POLL).length, 1);
  });

  it('emits frames whose params do not alias the input buffer', () => {
    const chunk = Buffer.from(NOTICE);
    const [frame] = new Bb7eFramer().feed(chunk);
    chunk.fill(0);
    assert.equal(frame.params[0], 0xd6);
  });
});
