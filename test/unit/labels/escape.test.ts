import assert from 'node:assert/strict';
import {
  escapeCode128,
  escapeDataMatrix,
  escapeValue,
  fhEscape,
  fieldData,
  type FieldContext,
} from '../../../src/labels/escape';
import { isCode } from '../../../src/errors';

const code128: FieldContext = { kind: 'code128' };
const dm: FieldContext = { kind: 'datamatrix', escapeChar: '_' };

function code(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(isCode(err, 'LABEL_'), `expected a LABEL_* error, got ${String(err)}`);
    return err.code;
  }
  assert.fail('expected a LABEL_* error');
}

describe('labels/escape', () => {
  describe('^FH hex escaping (docs/contracts.md §4 vectors)', () => {
    it('escapes an injected ^XZ^XA in a text field', () => {
      assert.equal(fieldData('Line 2: ^XZ^XAZ-1234'), '^FH^FDLine 2: _5EXZ_5EXAZ-1234^FS');
    });
    it('escapes ~ and the indicator', () => assert.equal(fhEscape('A~B_C'), 'A_7EB_5FC'));
    it('escapes every byte of non-ASCII UTF-8, uppercase', () => {
      assert.equal(fhEscape('Д'), '_D0_94');
      assert.equal(fhEscape('é'), '_C3_A9');
    });
    it('escapes control bytes and DEL', () => assert.equal(fhEscape('a\nb\x7f\x00'), 'a_0Ab_7F_00'));
    it('uses another indicator and escapes that one instead of _', () => {
      assert.equal(fhEscape('a_b\\c^', '\\'), 'a_b\\5Cc\\5E');
      assert.equal(fieldData('x\\', { kind: 'text' }, '\\'), '^FH\\^FDx\\5C^FS');
    });
    it('refuses an indicator that is a ZPL prefix', () => {
      assert.throws(() => fhEscape('x', '^'), TypeError);
      assert.throws(() => fhEscape('x', '~'), TypeError);
    });
  });

  describe('symbology escapes', () => {
    it('Code 128 mode N: ^ > ~ become the invocation codes >< >0 >=', () => {
      assert.equal(escapeCode128('A>B^C~D'), 'A>0B><C>=D');
    });
    it('Code 128 then ^FH: nothing left that ZPL could read as a command', () => {
      assert.equal(escapeValue('AB^12~3_4>5', code128), 'AB><12>=3_5F4>05');
    });
    it('Data Matrix: the escape character is doubled, then hex-escaped', () => {
      assert.equal(escapeDataMatrix('LOT_7_1', '_'), 'LOT__7__1');
      assert.equal(escapeValue('LOT_7', dm, '\\'), 'LOT__7');
      assert.equal(escapeValue('LOT_7', dm, '_'), 'LOT_5F_5F7');
      assert.equal(escapeDataMatrix('a~b', '~'), 'a~~b');
    });
    it('QR and text carry the value as is (after ^FH)', () => {
      assert.equal(escapeValue('A^B', { kind: 'qr', level: 'Q' }), 'A_5EB');
      assert.equal(escapeValue('A>B', { kind: 'text' }), 'A>B');
    });
  });

  describe('refusals', () => {
    it('refuses characters a symbology cannot encode', () => {
      assert.equal(
        code(() => escapeValue('AÉ', code128)),
        'LABEL_BAD_CHAR',
      );
      assert.equal(
        code(() => escapeValue('A\tB', code128)),
        'LABEL_BAD_CHAR',
      );
      assert.equal(
        code(() => escapeValue('Д', dm)),
        'LABEL_BAD_CHAR',
      );
      assert.equal(
        code(() => escapeValue('é', { kind: 'qr', level: 'M' })),
        'LABEL_BAD_CHAR',
      );
      assert.equal(
        code(() => escapeValue('', code128)),
        'LABEL_BAD_CHAR',
      );
    });
    it('refuses values too long for their field', () => {
      assert.equal(
        code(() => escapeValue('1'.repeat(81), code128)),
        'LABEL_VALUE_TOO_LONG',
      );
      assert.equal(escapeValue('1'.repeat(80), code128).length, 80);
      assert.equal(
        code(() => escapeValue('A'.repeat(1274), { kind: 'qr', level: 'H' })),
        'LABEL_VALUE_TOO_LONG',
      );
      assert.equal(
        code(() => escapeValue('é'.repeat(1537), { kind: 'text' })),
        'LABEL_VALUE_TOO_LONG',
      );
      assert.equal(
        code(() => escapeValue('A'.repeat(1557), dm)),
        'LABEL_VALUE_TOO_LONG',
      );
    });
  });
});
