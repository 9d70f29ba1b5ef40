import assert from 'node:assert/strict';
import fc from 'fast-check';
import { StxEtxFramer } from '../../../devices/serial/framing/stx-etx-framer';
import {
  StatusAssembler,
  formatErrorStatus,
  parseErrorStatus,
  parseHostStatus,
  type ErrorStatus,
  type HostStatus,
  type StatusAnswer,
} from '../../../devices/zebra/status';

/** The vector: paper out, paused, ribbon out, 100 labels remaining. */
const VECTOR =
  '\x02030,1,1,1225,000,0,0,0,000,0,0,0\x03\r\n\x02001,0,0,1,1,2,6,0,00000100,1,000\x03\r\n\x021234,0\x03\r\n';

function feed(chunks: Buffer[]): StatusAnswer[] {
  const framer = new StxEtxFramer({ maxLength: 4096 });
  const assembler = new StatusAssembler();
  const out: StatusAnswer[] = [];
  for (const chunk of chunks) {
    for (const frame of framer.feed(chunk)) {
      const answer = assembler.push(frame.toString('latin1'));
      if (answer) out.push(answer);
    }
  }
  return out;
}

/** The status of a readable answer (fails the test on an unreadable one). */
function statusOf(answer: StatusAnswer): HostStatus | ErrorStatus {
  if (answer.kind === 'hs' || answer.kind === 'hqes') return answer.status;
  throw new assert.AssertionError({ message: `not a status: ${JSON.stringify(answer)}` });
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
    const s = statusOf(answers[0]) as HostStatus;
    assert.deepEqual([s.paperOut, s.paused, s.ribbonOut, s.labelsRemaining], [true, true, true, 100]);
  });

  it('frames the vector fed byte by byte', () => {
    const answers = feed(bytes(VECTOR));
    assert.equal(answers.length, 1);
    assert.equal((statusOf(answers[0]) as HostStatus).labelsRemaining, 100);
  });

  it('skips garbage between frames and a frame cut off by a new STX', () => {
    const noisy = `junk\r\n${VECTOR.slice(0, 40)}\x02broken\x02${VECTOR.slice(VECTOR.indexOf('030'))}\xff\xfe${VECTOR}`;
    const answers = feed(bytes(noisy));
    assert.equal(answers.length, 2);
    assert.ok(answers.every((a) => (statusOf(a) as HostStatus).labelsRemaining === 100));
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
    assert.deepEqual((statusOf(answers[1]) as ErrorStatus).errors, ['media out']);
  });

  describe('strict ~HS parsing (issue 19.4: garbage read as ready)', () => {
    const GOOD = ['030,0,0,1225,000,0,0,0,000,0,0,0', '001,0,0,0,1,2,6,0,00000000,1,000', '1234,0'];
    const frames = (strings: string[]) => strings.map((t) => `\x02${t}\x03\r\n`).join('');

    it('a garbage answer with the right comma counts is unreadable, not "0 formats, 0 labels"', () => {
      const garbage = ['abc,x,y,zzzz,???,q,w,e,rrr,t,y,u', 'iii,o,p,a,s,d,f,g,hhhhhhhh,j,kkk', 'llll,;'];
      const answers = feed([Buffer.from(frames(garbage), 'latin1')]);
      assert.equal(answers.length, 1);
      assert.equal(answers[0].kind, 'bad');
    });

    it('a frame that is no answer at all is unreadable', () => {
      assert.equal(feed([Buffer.from(frames(['READY']), 'latin1')])[0]?.kind, 'bad');
      assert.equal(feed([Buffer.from(frames([GOOD[0], 'x']), 'latin1')])[0]?.kind, 'bad');
    });

    it('any single field changed to something outside its form makes the answer unreadable', () => {
      const junk = fc.oneof(
        fc.constantFrom('', ' ', '-1', '2', 'x', '0x1', '1.0', ' 0', '0 ', '+1', '１'),
        fc
          .string({ maxLength: 4 })
          .filter((v) => !/^\d+$/.test(v) && ![',', '\x02', '\x03'].some((c) => v.includes(c))),
      );
      const position = fc
        .integer({ min: 0, max: 2 })
        .chain((string) =>
          fc.tuple(fc.constant(string), fc.integer({ min: 0, max: GOOD[string].split(',').length - 1 })),
        );
      fc.assert(
        fc.property(position, junk, ([string, field], value) => {
          const parts = GOOD[string].split(',');
          const flag = [[1, 2, 5, 6, 7, 9, 10, 11], [2, 3, 4, 7, 9], [1]][string].includes(field);
          // A digit string is fine in a count; a flag takes 0 or 1 only.
          fc.pre(flag || !/^\d+$/.test(value));
          fc.pre(!(string === 1 && field === 5 && /^[0-9A-Z]$/.test(value)));
          parts[field] = value;
          const strings = [...GOOD];
          strings[string] = parts.join(',');
          const answers = feed([Buffer.from(frames(strings), 'latin1')]);
          assert.ok(
            answers.length === 1 && answers[0].kind === 'bad',
            `${JSON.stringify(strings)} read as ${JSON.stringify(answers)}`,
          );
        }),
        { numRuns: 500 },
      );
    });

    it('the well-formed answer still reads', () => {
      assert.equal(feed([Buffer.from(frames(GOOD), 'latin1')])[0]?.kind, 'hs');
    });
  });
});
