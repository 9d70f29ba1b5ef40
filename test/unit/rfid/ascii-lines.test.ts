import assert from 'node:assert/strict';
import {
  asciiLines,
  checkReaderPattern,
  DEFAULT_ASCII_PATTERN,
  parseAsciiLine,
} from '../../../devices/rfid/protocols/ascii-lines';
import { createReaderProtocol } from '../../../devices/rfid/protocols';
import { everySplit } from '../serial/framer.helper';

describe('ascii-lines protocol', () => {
  const re = new RegExp(DEFAULT_ASCII_PATTERN);

  it('the default pattern reads EPC, RSSI and antenna in common layouts', () => {
    assert.deepEqual(parseAsciiLine('E28011704000021D35AE4008,-52,2', re), {
      epc: 'E28011704000021D35AE4008',
      rssi: -52,
      antenna: 2,
    });
    assert.deepEqual(parseAsciiLine('e2801170 -61.5', re), { epc: 'E2801170', rssi: -61.5 });
    assert.deepEqual(parseAsciiLine('  3074257BF7194E4000001A85  ', re), { epc: '3074257BF7194E4000001A85' });
    assert.equal(parseAsciiLine('READER READY', re), undefined);
  });

  it('a configured pattern with named groups picks the fields', () => {
    const p = new RegExp('^TAG:(?<epc>[0-9A-F ]+) ANT:(?<antenna>\\d) RSSI:(?<rssi>-?\\d+)$');
    assert.deepEqual(parseAsciiLine('TAG:E200 1234 ANT:3 RSSI:-48', p), {
      epc: 'E2001234',
      rssi: -48,
      antenna: 3,
    });
  });

  it('rejects unusable patterns with a TypeError naming the pattern', () => {
    assert.match(checkReaderPattern('(?<epc>[') ?? '', /not a valid regular expression/);
    assert.match(checkReaderPattern('^(?<tag>\\w+)$') ?? '', /\(\?<epc>/);
    assert.equal(checkReaderPattern(DEFAULT_ASCII_PATTERN), undefined);
    assert.throws(
      () => asciiLines({ pattern: '^(\\w+)$' }),
      (e: unknown) => e instanceof TypeError && /pattern/.test(e.message),
    );
    assert.throws(() => createReaderProtocol('uhf-9000'), TypeError);
  });

  it('decodes lines at every byte boundary and counts lines that are no tag', () => {
    const bytes = Buffer.from('E2001234,-50,1\r\nnoise\x00\x13\r\nE2005678,-40,2\n', 'latin1');
    for (const chunks of everySplit(bytes)) {
      const decoder = asciiLines().createDecoder();
      const reads = chunks.flatMap((c) => decoder.feed(c));
      assert.deepEqual(
        reads.map((r) => r.epc),
        ['E2001234', 'E2005678'],
      );
      assert.equal(decoder.stats().unmatched, 1);
    }
  });

  it('sends no commands (talk-only readers)', () => {
    assert.deepEqual(asciiLines().startCommands, []);
    assert.deepEqual(asciiLines().stopCommands, []);
  });
});
