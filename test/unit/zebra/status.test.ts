import assert from 'node:assert/strict';
import { StxEtxFramer } from '../../../devices/zebra/framer';
import {
  StatusAssembler,
  formatErrorStatus,
  parseErrorStatus,
  parseHostStatus,
  type ErrorStatus,
  type HostStatus,
} from '../../../devices/zebra/status';

/** The vector: paper out, paused, ribbon out, 100 labels remaining. */
const VECTOR =
  '\x02030,1,1,1225,000,0,0,0,000,0,0,0\x03\r\n\x02001,0,0,1,1,2,6,0,00000100,1,000\x03\r\n\x021234,0\x03\r\n';

function feed(chunks: Buffer[]): Array<{ kind: string; status: HostStatus | ErrorStatus }> {
  const framer = new StxEtxFramer();
  const assembler = new StatusAssembler();
  const out: Array<{ kind: string; status: HostStatus | ErrorStatus }> = [];
  for (const chunk of chunks) {
    for (const frame of framer.push(chunk)) {
      const answer = assembler.push(frame);
      if (answer) out.push(answer);
    }
  }
  return out;
}

function bytes(text: string): Buffer[] {
  return [...Buffer.from(text, 'latin1')].map((b) => Buffer.from([b]));
}

describe('zebra/status', () => {
  it('parses the ~HS vector by field position', () => {
    const s = parseHostStatus([
      '030,1,1,1225,000,0,0,0,000,0,0,0',
      '001,0,0,1,1,2,6,0,00000100,1,000',
      '1234,0',
    ]);
    assert.equal(s.paperOut, true);
    assert.equal(s.paused, true);
    assert.equal(s.ribbonOut, true);
    assert.equal(s.labelsRemaining, 100);
    assert.equal(s.headOpen, false);
    assert.equal(s.bufferFull, false);
    assert.equal(s.formatsInBuffer, 0);
    assert.equal(s.labelLengthDots, 1225);
    assert.equal(s.communicationSettings, 30);
    assert.equal(s.thermalTransfer, true);
    assert.equal(s.printMode, 2);
    assert.equal(s.password, '1234');
  });

  it('reads head open, buffer full and formats in buffer from their positions', () => {
    const s = parseHostStatus([
      '030,0,0,1225,003,1,0,0,000,0,0,1',
      '001,0,1,0,0,2,6,0,00000000,1,000',
      '1234,0',
    ]);
    assert.deepEqual(
      [s.headOpen, s.bufferFull, s.formatsInBuffer, s.overTemperature, s.paperOut],
      [true, true, 3, true, false],
    );
  });

  it('frames the vector in one chunk', () => {
    const answers = feed([Buffer.from(VECTOR, 'latin1')]);
    assert.equal(answers.length, 1);
    const s = answers[0].status as HostStatus;
    assert.deepEqual([s.paperOut, s.paused, s.ribbonOut, s.labelsRemaining], [true, true, true, 100]);
  });

  it('frames the vector fed byte by byte', () => {
    const answers = feed(bytes(VECTOR));
    assert.equal(answers.length, 1);
    assert.equal((answers[0].status as HostStatus).labelsRemaining, 100);
  });

  it('skips garbage between frames and a frame cut off by a new STX', () => {
    const noisy = `junk\r\n${VECTOR.slice(0, 40)}\x02broken\x02${VECTOR.slice(VECTOR.indexOf('030'))}\xff\xfe${VECTOR}`;
    const answers = feed(bytes(noisy));
    assert.equal(answers.length, 2);
    assert.ok(answers.every((a) => (a.status as HostStatus).labelsRemaining === 100));
  });

  it('restarts on a string out of sequence', () => {
    const s2only = '\x02001,0,0,1,1,2,6,0,00000100,1,000\x03\r\n\x021234,0\x03\r\n';
    assert.equal(feed([Buffer.from(s2only + VECTOR, 'latin1')]).length, 1);
  });

  it('parses ~HQES error and warning flags', () => {
    const text =
      '\r\n  PRINTER STATUS\r\n    ERRORS:         1 00000000 0000000D\r\n    WARNINGS:       1 00000000 00000002\r\n';
    const e = parseErrorStatus(text);
    assert.ok(e);
    assert.deepEqual(e.errors, ['media out', 'head open', 'cutter fault']);
    assert.deepEqual(e.warnings, ['clean printhead']);
    assert.deepEqual(parseErrorStatus(formatErrorStatus(0x2 | 0x10, 0))?.errors, [
      'ribbon out',
      'printhead over temperature',
    ]);
    assert.deepEqual(parseErrorStatus(formatErrorStatus(0, 0))?.errors, []);
    assert.equal(parseErrorStatus('030,1,1'), undefined);
  });

  it('tells a ~HQES frame from ~HS strings in one stream', () => {
    const hqes = `\x02${formatErrorStatus(0x1, 0)}\x03\r\n`;
    const answers = feed(bytes(VECTOR + hqes));
    assert.deepEqual(
      answers.map((a) => a.kind),
      ['hs', 'hqes'],
    );
    assert.deepEqual((answers[1].status as ErrorStatus).errors, ['media out']);
  });
});
