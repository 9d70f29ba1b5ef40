import assert from 'node:assert/strict';
import { LinegateError } from '../../../src/errors';
import { GS, gs1ElementString, gtinCheckDigitOk, parseGs1Scan } from '../../../src/gs1';

const code = (c: string) => (e: unknown) => e instanceof LinegateError && e.code === c;

describe('gs1: element strings and scans', () => {
  describe('gtinCheckDigitOk', () => {
    it('accepts GTIN-14s with a correct check digit', () => {
      for (const g of ['09506000134352', '80614141123458', '04006381333931', '00036000291452']) {
        assert.equal(gtinCheckDigitOk(g), true, g);
      }
    });
    it('rejects a wrong check digit and anything but 14 digits', () => {
      for (const g of ['09506000134353', '4006381333931', '0950600013435X', '', '095060001343520']) {
        assert.equal(gtinCheckDigitOk(g), false, g);
      }
    });
  });

  describe('gs1ElementString', () => {
    const all = {
      gtin: '09506000134352',
      serial: 'S/N-0001',
      lot: 'ABC123',
      prodDate: '250115',
      expiry: '270131',
    };

    it('gives the HRI with AIs in the order 01, 11, 17, 10, 21', () => {
      assert.equal(
        gs1ElementString(all, 'hri'),
        '(01)09506000134352(11)250115(17)270131(10)ABC123(21)S/N-0001',
      );
    });

    it('gives raw data with predefined-length AIs first and GS only between variable fields', () => {
      assert.equal(gs1ElementString(all, 'raw'), `0109506000134352112501151727013110ABC123${GS}21S/N-0001`);
      assert.equal(gs1ElementString({ gtin: all.gtin, serial: '42' }, 'raw'), '01095060001343522142');
      assert.equal(gs1ElementString({ lot: 'L1' }, 'raw'), '10L1');
      assert.equal(gs1ElementString({ serial: '7', expiry: '251200' }, 'raw'), '1725120021' + '7');
    });

    it('left-pads GTIN-8, -12 and -13 to 14 digits', () => {
      assert.equal(gs1ElementString({ gtin: '4006381333931' }, 'hri'), '(01)04006381333931');
      assert.equal(gs1ElementString({ gtin: '036000291452' }, 'hri'), '(01)00036000291452');
      assert.equal(gs1ElementString({ gtin: '96385074' }, 'hri'), '(01)00000096385074');
    });

    it('rejects a bad GTIN with GS1_BAD_GTIN', () => {
      for (const gtin of ['09506000134353', '123', '0950600013435A', '095060001343521']) {
        assert.throws(() => gs1ElementString({ gtin }, 'raw'), code('GS1_BAD_GTIN'), gtin);
      }
    });

    it('rejects a bad date with GS1_BAD_DATE and accepts day 00', () => {
      assert.equal(gs1ElementString({ expiry: '251200' }, 'hri'), '(17)251200');
      for (const d of ['251301', '250001', '250132', '25011', '2501015', '25O101']) {
        assert.throws(() => gs1ElementString({ expiry: d }, 'raw'), code('GS1_BAD_DATE'), d);
        assert.throws(() => gs1ElementString({ prodDate: d }, 'raw'), code('GS1_BAD_DATE'), d);
      }
    });

    it('accepts every character of CSet 82 and nothing else', () => {
      const cset82 = `!"%&'()*+,-./0123456789:;<=>?ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz`;
      assert.equal(cset82.length, 82);
      for (let i = 0; i < cset82.length; i += 20)
        gs1ElementString({ serial: cset82.slice(i, i + 20) }, 'raw');
      for (const bad of [' ', '#', '$', '@', '[', '\\', ']', '^', '`', '{', '|', '}', '~', GS, 'é']) {
        assert.throws(() => gs1ElementString({ serial: `AB${bad}` }, 'raw'), code('GS1_BAD_CHAR'), bad);
        assert.throws(() => gs1ElementString({ lot: `${bad}` }, 'raw'), code('GS1_BAD_CHAR'), bad);
      }
    });

    it('names the AI and the position of a bad character', () => {
      assert.throws(
        () => gs1ElementString({ lot: 'AB#C' }, 'raw'),
        (e: unknown) =>
          e instanceof LinegateError &&
          e.code === 'GS1_BAD_CHAR' &&
          /\(10\)/.test(e.message) &&
          /"#".*3/.test(e.message),
      );
    });

    it('limits serial and lot to 1-20 characters with GS1_TOO_LONG', () => {
      gs1ElementString({ serial: 'A'.repeat(20), lot: 'B'.repeat(20) }, 'raw');
      assert.throws(() => gs1ElementString({ serial: 'A'.repeat(21) }, 'raw'), code('GS1_TOO_LONG'));
      assert.throws(() => gs1ElementString({ lot: 'B'.repeat(21) }, 'raw'), code('GS1_TOO_LONG'));
      assert.throws(() => gs1ElementString({ serial: '' }, 'raw'), code('GS1_TOO_LONG'));
    });

    it('throws a TypeError when no field is given', () => {
      assert.throws(() => gs1ElementString({}, 'raw'), TypeError);
    });
  });

  describe('parseGs1Scan', () => {
    it('returns undefined for a line without a GS1 symbology identifier', () => {
      for (const line of ['COMP-123456', '0109506000134352', ']d1010950600013435221X', ']E0123', '']) {
        assert.equal(parseGs1Scan(line), undefined, line);
      }
    });

    it('parses GS1 DataMatrix, GS1-128 and GS1 QR scans', () => {
      const data = `010950600013435217270131${'10'}ABC123${GS}21S/N-0001`;
      for (const id of [']d2', ']C1', ']Q3']) {
        assert.deepEqual(parseGs1Scan(id + data), {
          gtin: '09506000134352',
          serial: 'S/N-0001',
          lot: 'ABC123',
          expiry: '270131',
          ais: { '01': '09506000134352', '17': '270131', '10': 'ABC123', '21': 'S/N-0001' },
        });
      }
    });

    it('round-trips gs1ElementString raw output', () => {
      const fields = {
        gtin: '80614141123458',
        serial: '6789',
        lot: 'L-7',
        prodDate: '250101',
        expiry: '260100',
      };
      const scan = parseGs1Scan(']d2' + gs1ElementString(fields, 'raw'));
      assert.deepEqual({ ...scan, ais: undefined }, { ...fields, ais: undefined });
    });

    it('parses a lot without a serial, in any AI order, with a trailing CR LF', () => {
      assert.deepEqual(parseGs1Scan(`]C110LOT42${GS}0109506000134352\r\n`), {
        gtin: '09506000134352',
        lot: 'LOT42',
        ais: { '10': 'LOT42', '01': '09506000134352' },
      });
    });

    it('skips a leading or doubled GS and one after a predefined-length field', () => {
      const scan = parseGs1Scan(`]d2${GS}0109506000134352${GS}21A${GS}${GS}10B`);
      assert.deepEqual(scan?.ais, { '01': '09506000134352', '21': 'A', '10': 'B' });
    });

    it('skips other predefined-length and GS-terminated AIs', () => {
      const scan = parseGs1Scan(
        `]d2` +
          `00106141411234567897` + // SSCC
          `0209506000134352` +
          `13250101` +
          `2001` +
          `3103000123` + // net weight kg, 4-digit AI
          `4140614141000012` + // GLN (41x) with its check digit
          `240PART-9${GS}` +
          `3012${GS}` +
          `400PO-1` +
          `${GS}7003250101120${GS}` + // a fixed-length AI that still needs a GS
          `21SER`,
      );
      assert.deepEqual(scan, {
        serial: 'SER',
        ais: {
          '00': '106141411234567897',
          '02': '09506000134352',
          '13': '250101',
          '20': '01',
          '3103': '000123',
          '414': '0614141000012',
          '240': 'PART-9',
          '30': '12',
          '400': 'PO-1',
          '7003': '250101120',
          '21': 'SER',
        },
      });
    });

    it('rejects bad check digits, truncated and invalid fields with GS1_BAD_SCAN', () => {
      const bad = [
        ']d20109506000134353', // GTIN check digit
        ']d200106141411234567898', // SSCC check digit
        ']d2010950600013435', // truncated GTIN
        ']d201095060001343521727013', // truncated date
        ']d20109506000134352171301', // 5 digits then end
        ']d217271301', // month 13
        ']d211250132', // day 32
        ']d221', // AI with no data
        `]d210${GS}21A`, // empty lot
        `]d221${'A'.repeat(21)}`, // serial too long
        `]d221A B`, // space outside CSet 82
        ']d20', // truncated AI
        ']d2', // nothing at all
        ']d2' + '5512', // unknown AI
        `]d221A${GS}21B`, // same AI, different data
        ']C101ABCDEFGHIJKLMN', // non-digits in a numeric field
      ];
      for (const line of bad)
        assert.throws(() => parseGs1Scan(line), code('GS1_BAD_SCAN'), JSON.stringify(line));
    });
  });
});
