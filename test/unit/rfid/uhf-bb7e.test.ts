import assert from 'node:assert/strict';
import {
  gen2Crc16,
  multiPollCommand,
  parseTagNotice,
  singlePollCommand,
  stopMultiPollCommand,
  tagNotice,
  uhfBb7e,
  UhfBb7eDecoder,
} from '../../../devices/rfid/protocols/uhf-bb7e';
import { Bb7eFramer } from '../../../devices/serial/framing/bb7e-framer';
import { everySplit } from '../serial/framer.helper';
import { transcript } from './fixture.helper';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('uhf-bb7e protocol', () => {
  it('builds the issue vectors: single poll and multi-poll (10000 rounds), and stop', () => {
    assert.deepEqual(singlePollCommand(), hex('BB 00 22 00 00 22 7E'));
    assert.deepEqual(multiPollCommand(), hex('BB 00 27 00 03 22 27 10 83 7E'));
    assert.deepEqual(stopMultiPollCommand(), hex('BB 00 28 00 00 28 7E'));
    const p = uhfBb7e();
    assert.deepEqual(p.startCommands, [hex('BB 00 27 00 03 22 27 10 83 7E')]);
    assert.deepEqual(p.stopCommands, [hex('BB 00 28 00 00 28 7E')]);
  });

  it('parses a published tag notice into RSSI, PC and EPC', () => {
    const [frame] = new Bb7eFramer().feed(hex('BB 02 22 00 11 D6 3400 E28011704000021D35AE4008 D444 C4 7E'));
    assert.deepEqual(parseTagNotice(frame), { rssi: -42, pc: 0x3400, epc: 'E28011704000021D35AE4008' });
    assert.equal(gen2Crc16(hex('3400 E28011704000021D35AE4008')), 0xd444);
  });

  it('encodes notices the way the module does (simulator) and parses them back', () => {
    const bytes = tagNotice({ epc: 'e28011704000021d35ae4008', rssi: -42, pc: 0x3400 });
    assert.deepEqual(bytes, hex('BB 02 22 00 11 D6 3400 E28011704000021D35AE4008 D444 C4 7E'));
    const [frame] = new Bb7eFramer().feed(tagNotice({ epc: 'ABCD1234', rssi: -70 }));
    assert.deepEqual(parseTagNotice(frame), { rssi: -70, pc: 0x1000, epc: 'ABCD1234' });
  });

  it('ignores frames that are not tag notices', () => {
    const frames = new Bb7eFramer().feed(hex('BB 01 28 00 01 00 2A 7E BB 02 22 00 02 00 00 26 7E'));
    assert.deepEqual(frames.map(parseTagNotice), [undefined, undefined]);
  });

  it('decodes the session fixture at every byte boundary; counts the no-tag error', () => {
    const bytes = transcript('uhf-bb7e-session.txt', '<');
    for (const chunks of everySplit(bytes)) {
      const decoder = new UhfBb7eDecoder();
      const reads = chunks.flatMap((c) => decoder.feed(c));
      assert.deepEqual(
        reads.map((r) => `${r.epc} ${r.rssi}`),
        [
          'E28011704000021D35AE4008 -42',
          'E28011704000021D35AE4008 -44',
          '3074257BF7194E4000001A85 -56',
          'E28011704000021D35AE4008 -39',
        ],
      );
      const stats = decoder.stats();
      assert.equal(stats.deviceErrors, 1);
      assert.equal(stats.frames, 6);
      assert.equal(stats.badChecksum + stats.malformed + stats.garbageBytes + stats.unmatched, 0);
    }
    assert.deepEqual(
      transcript('uhf-bb7e-session.txt', '>'),
      Buffer.concat([multiPollCommand(), stopMultiPollCommand()]),
    );
  });

  it('counts a bad checksum and garbage, never throws, and still decodes the next notice', () => {
    const decoder = new UhfBb7eDecoder();
    const bad = tagNotice({ epc: 'E2000000000000000000BAD0', rssi: -60 });
    bad[bad.length - 2] ^= 0xff;
    const good = tagNotice({ epc: 'E2000000000000000000600D', rssi: -61 });
    const reads = decoder.feed(Buffer.concat([hex('00 FF BB 13'), bad, good]));
    assert.deepEqual(
      reads.map((r) => r.epc),
      ['E2000000000000000000600D'],
    );
    assert.equal(decoder.stats().badChecksum, 1);
    assert.ok(decoder.stats().garbageBytes >= 4);
  });
});
