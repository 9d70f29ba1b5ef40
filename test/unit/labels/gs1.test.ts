import assert from 'node:assert/strict';
import { gs1CheckDigit, gs1DataMatrix, gs1Hri, parseGs1 } from '../../../src/labels/gs1';
import { isCode } from '../../../src/errors';

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(isCode(err, 'LABEL_'));
    return err.code;
  }
  assert.fail('expected a LABEL_* error');
}

describe('labels/gs1', () => {
  const hri = '(01)09506000134352(21)ABC_1%(10)LOT_7';

  it('computes the GS1 mod 10 check digit', () => {
    assert.equal(gs1CheckDigit('0950600013435'), '2');
    assert.equal(gs1CheckDigit('400638133393'), '1'); // EAN-13 4006381333931
  });

  it('parses the HRI form', () => {
    assert.deepEqual(parseGs1(hri), [
      { ai: '01', data: '09506000134352' },
      { ai: '21', data: 'ABC_1%' },
      { ai: '10', data: 'LOT_7' },
    ]);
  });

  it('parses the raw form with GS separators and a symbology prefix', () => {
    const raw = ']d20109506000134352' + '21ABC_1%\x1d' + '10LOT_7';
    assert.equal(gs1Hri(parseGs1(raw)), hri);
    assert.equal(gs1Hri(parseGs1('010950600013435217261231' + '10L1')), '(01)09506000134352(17)261231(10)L1');
  });

  it('writes GS1 Data Matrix data: FNC1 first, FNC1 after variable-length AIs, escape doubled', () => {
    assert.equal(gs1DataMatrix(parseGs1(hri), '_'), '_10109506000134352' + '21ABC__1%_1' + '10LOT__7');
  });

  it('refuses characters outside GS1 character set 82', () => {
    assert.equal(
      code(() => parseGs1('(01)09506000134352(21)ABC^1(10)LOT_7')),
      'LABEL_BAD_CHAR',
    );
    assert.equal(
      code(() => parseGs1('(21)A B')),
      'LABEL_BAD_CHAR',
    );
    assert.equal(
      code(() => parseGs1('(01)0950600013435X')),
      'LABEL_BAD_CHAR',
    );
  });

  it('refuses wrong lengths, check digits and AIs', () => {
    assert.equal(
      code(() => parseGs1('(21)' + 'A'.repeat(21))),
      'LABEL_VALUE_TOO_LONG',
    );
    assert.equal(
      code(() => parseGs1('(01)09506000134353')),
      'LABEL_GS1_INVALID',
    );
    assert.equal(
      code(() => parseGs1('(01)0950600013435')),
      'LABEL_GS1_INVALID',
    );
    assert.equal(
      code(() => parseGs1('(05)1234')),
      'LABEL_GS1_INVALID',
    );
    assert.equal(
      code(() => parseGs1('')),
      'LABEL_GS1_INVALID',
    );
  });
});
