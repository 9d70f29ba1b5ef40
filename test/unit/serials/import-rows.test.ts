/**
 * Import rows: CSV reading (quotes, CRLF, BOM, `;`), row checks with line numbers, and serials
 * matched against a scheme's format with the check character recomputed.
 */
import assert from 'node:assert/strict';
import { checkAlgorithms } from '../../../src/serials/check';
import { parseCsv } from '../../../src/serials/csv';
import { formatMatcher } from '../../../src/serials/format-match';
import { checkCsv, normalizeExpiry, normalizeGtin } from '../../../src/serials/import-rows';

const records = (text: string) => {
  const out: Array<[number, string[]]> = [];
  parseCsv(text, (line, fields) => out.push([line, fields]));
  return out;
};

describe('import rows', () => {
  it('reads CSV with quotes, CRLF, a BOM, blank lines and the ; delimiter, keeping line numbers', () => {
    assert.deepEqual(records('\ufeffa,b\r\n\r\n"x, ""y""",2\r\n"multi\nline",3\n'), [
      [1, ['a', 'b']],
      [3, ['x, "y"', '2']],
      [4, ['multi\nline', '3']],
    ]);
    assert.deepEqual(records('serial;partNumber\nS1;P1'), [
      [1, ['serial', 'partNumber']],
      [2, ['S1', 'P1']],
    ]);
  });

  it('matches serials against a format: literal text, date codes, sequence and check character', () => {
    const m = formatMatcher('SN-{YY}{WW}{seq:4}{check:mod37-36}', {}, { gateway: 'gw', stations: [] });
    const check = checkAlgorithms['mod37-36'].compute('SN26470012');
    const wrong = check === 'B' ? 'C' : 'B';
    assert.deepEqual(m.match(`SN-26470012${wrong}`), {
      error: `check character is "${wrong}", expected "${check}" ({check:mod37-36})`,
    });
    assert.deepEqual(m.match(`SN-26470012${check}`), { key: 'SN-2647', seq: 12 });
    assert.match((m.match('SN-26540012X') as { error: string }).error, /date code \{WW\} "54"/);
    assert.match((m.match(`XN-26470012${check}`) as { error: string }).error, /does not match the format/);
    assert.match(
      (m.match('SN-26470000' + checkAlgorithms['mod37-36'].compute('SN26470000')) as { error: string }).error,
      /sequence number 0/,
    );
    const st = formatMatcher('{station}-{seq:3}', {}, { gateway: 'gw', stations: ['ST10', 'ST2'] });
    assert.deepEqual(st.match('ST2-007'), { key: 'ST2-', seq: 7 });
    assert.match((st.match('ST3-007') as { error: string }).error, /does not match/);
  });

  it('names every bad row by line and keeps the good ones in file order', () => {
    const m = formatMatcher('{YY}{seq:4}{check:gs1}', {}, { gateway: 'gw', stations: [] });
    const text = [
      'Serial,Part Number,work_order,lot,GTIN,expiry',
      '2600017,PN-1,WO-1,,,',
      '2600025,PN-1,WO-1,,,', // check digit off
      ',PN-1,WO-1,,,',
      'SUP-9,CMP-1,,L-1,09506000134352,2027-12-31',
      'SUP-9,CMP-1,,L-1,,',
      'SUP-8,CMP-1,WO-1,L-1,,',
      ',PASTE,,L-2,12345678,271399',
    ].join('\n');
    const checked = checkCsv(text, (wo) => (wo === 'WO-1' ? { name: 'unit', matcher: m } : undefined));
    assert.deepEqual(
      checked.rows.map((r) => [r.line, r.serial ?? r.lot, r.seq]),
      [
        [2, '2600017', 1],
        [5, 'SUP-9', undefined],
      ],
    );
    assert.equal(checked.rows[1].expiry, '271231');
    assert.deepEqual(
      checked.problems.map((p) => p.line),
      [3, 4, 6, 7, 8],
    );
    assert.match(checked.problems[0].message, /expected "4"/);
    assert.match(checked.problems[1].message, /serial is missing/);
    assert.match(checked.problems[2].message, /serial SUP-9 is also on line 5/);
    assert.match(checked.problems[3].message, /not both/);
    assert.match(checked.problems[4].message, /gtin 12345678 has check digit 8, expected 0; expiry "271399"/);
  });

  it('refuses an unknown or incomplete header on line 1', () => {
    assert.match(
      checkCsv('serial,part\nS,P', () => undefined).problems[0].message,
      /unknown column\(s\) "part"/,
    );
    assert.match(
      checkCsv('serial,partNumber\nS,P', () => undefined).problems[0].message,
      /needs workOrder or lot/,
    );
    assert.deepEqual(checkCsv('', () => undefined).problems, [{ line: 1, message: 'the file is empty' }]);
  });

  it('normalizes GTINs and expiry dates', () => {
    assert.equal(normalizeGtin('9506000134352'), '09506000134352');
    assert.deepEqual(normalizeExpiry('2027-02-30'), '270230'); // the calendar is the supplier's
    assert.equal(normalizeExpiry('270200'), '270200');
    assert.ok(typeof normalizeExpiry('2027-13-01') === 'object');
  });
});
