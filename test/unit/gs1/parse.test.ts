/**
 * The one GS1 parser: HRI and raw forms give the same elements, every failure is a LinegateError
 * with a GS1_* code from the catalogue, 'used' checks only what linegate reads, and labels keep
 * their LABEL_* codes with the GS1 error as cause.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ErrorCodes, LinegateError, hasCode, type ErrorCode } from '../../../src/errors';
import { gs1CheckDigit, gs1ElementString, gs1Hri, parseGs1, type Gs1Fields } from '../../../src/gs1';
import { parseGs1 as parseLabelGs1 } from '../../../src/labels/gs1';

const codeOf = (f: () => unknown): string => {
  try {
    f();
  } catch (err) {
    assert.ok(err instanceof LinegateError, `expected a LinegateError, got ${String(err)}`);
    assert.ok(err.code in ErrorCodes, `${err.code} is in the catalogue`);
    return err.code;
  }
  return 'none';
};

describe('gs1: the one parser', () => {
  it('names each failure by a GS1_* code', () => {
    const cases: Array<[string, string]> = [
      ['', 'GS1_EMPTY'],
      [']d2', 'GS1_EMPTY'],
      ['(05)1234', 'GS1_BAD_AI'],
      ['5512', 'GS1_BAD_AI'],
      ['0', 'GS1_BAD_AI'],
      ['(01)0950600013435', 'GS1_BAD_LENGTH'],
      ['010950600013435', 'GS1_BAD_LENGTH'],
      ['10\x1d21A', 'GS1_BAD_LENGTH'],
      ['(21)' + 'A'.repeat(21), 'GS1_TOO_LONG'],
      ['(21)A B', 'GS1_BAD_CHAR'],
      ['01ABCDEFGHIJKLMN', 'GS1_BAD_CHAR'],
      ['(01)09506000134353', 'GS1_BAD_CHECK_DIGIT'],
      ['4140614141000013', 'GS1_BAD_CHECK_DIGIT'],
      ['17271301', 'GS1_BAD_DATE'],
      ['(11)250132', 'GS1_BAD_DATE'],
    ];
    for (const [input, code] of cases)
      assert.equal(
        codeOf(() => parseGs1(input)),
        code,
        JSON.stringify(input),
      );
  });

  it("checks every AI for labels ('all') and only the AIs linegate reads for scans ('used')", () => {
    const raw = '0109506000134352' + '7003250101120\x1d' + '21SER';
    assert.equal(
      codeOf(() => parseGs1(raw)),
      'GS1_BAD_LENGTH',
    );
    assert.deepEqual(parseGs1(raw, { check: 'used' }), [
      { ai: '01', data: '09506000134352' },
      { ai: '7003', data: '250101120' },
      { ai: '21', data: 'SER' },
    ]);
    assert.equal(
      codeOf(() => parseGs1('0109506000134353', { check: 'used' })),
      'GS1_BAD_CHECK_DIGIT',
    );
  });

  it('reads the HRI and the raw form of any valid fields to the same elements', () => {
    const text = fc
      .stringMatching(/^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]{1,20}$/)
      .filter((s) => !/\(\d{2,4}\)/.test(s));
    const date = fc
      .tuple(
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 0, max: 31 }),
      )
      .map((p) => p.map((v) => String(v).padStart(2, '0')).join(''));
    const gtin = fc.stringMatching(/^\d{13}$/).map((body) => body + gs1CheckDigit(body));
    const fields = fc.record<Gs1Fields>(
      { gtin, serial: text, lot: text, prodDate: date, expiry: date },
      { requiredKeys: ['gtin'] },
    );
    fc.assert(
      fc.property(fields, (f) => {
        const hri = gs1ElementString(f, 'hri');
        const fromRaw = parseGs1(gs1ElementString(f, 'raw'));
        assert.deepEqual(parseGs1(hri), fromRaw);
        assert.equal(gs1Hri(fromRaw), hri);
      }),
      { numRuns: 300 },
    );
  });

  it('labels keep their codes, with the GS1 error as the cause', () => {
    const cases: Array<[string, string]> = [
      ['(21)A^B', 'LABEL_BAD_CHAR'],
      ['(21)' + 'A'.repeat(21), 'LABEL_VALUE_TOO_LONG'],
      ['(01)09506000134353', 'LABEL_GS1_INVALID'],
      ['(11)251301', 'LABEL_GS1_INVALID'],
    ];
    for (const [input, code] of cases) {
      assert.throws(
        () => parseLabelGs1(input),
        (e: unknown) => hasCode(e, code as ErrorCode) && e.cause instanceof LinegateError,
        input,
      );
    }
  });
});
