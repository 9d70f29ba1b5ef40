import assert from 'node:assert/strict';
import {
  decodeSgtin96,
  encodeSgtin96,
  parseSgtin96Uri,
  sgtinFromGtin,
  type Sgtin,
} from '../../../src/serials/sgtin96';
import { isCode } from '../../../src/errors';

const code = (c: string) => (e: unknown) => isCode(e, 'EPC_') && e.code === c;

// GS1 EPC Tag Data Standard, SGTIN-96 example.
const URI = 'urn:epc:tag:sgtin-96:3.0614141.812345.6789';
const HEX = '3074257BF7194E4000001A85';
const SGTIN: Sgtin = { filter: 3, companyPrefix: '0614141', itemReference: '812345', serial: '6789' };

describe('serials/sgtin96', () => {
  it('encodes the TDS example URI to its hex', () => {
    assert.equal(encodeSgtin96(parseSgtin96Uri(URI)), HEX);
  });

  it('decodes the TDS example hex to its URI and GTIN', () => {
    assert.deepEqual(decodeSgtin96(HEX), { ...SGTIN, gtin: '80614141123458', uri: URI });
    assert.deepEqual(decodeSgtin96(HEX.toLowerCase()), decodeSgtin96(HEX));
  });

  it('builds the SGTIN from a GTIN-14', () => {
    assert.deepEqual(sgtinFromGtin('80614141123458', '6789', 7, 3), SGTIN);
    assert.equal(sgtinFromGtin('80614141123458', '6789', 7).filter, 0);
  });

  it('round-trips every partition and the extreme serials', () => {
    const gtin = '80614141123458';
    for (let digits = 6; digits <= 12; digits++) {
      for (const serial of ['0', '1', '274877906943']) {
        const s = sgtinFromGtin(gtin, serial, digits, 7);
        const hex = encodeSgtin96(s);
        assert.match(hex, /^30[0-9A-F]{22}$/);
        const d = decodeSgtin96(hex);
        assert.deepEqual(
          { ...d, gtin: undefined, uri: undefined },
          { ...s, gtin: undefined, uri: undefined },
        );
        assert.equal(d.gtin, gtin);
        assert.deepEqual(parseSgtin96Uri(d.uri), s);
      }
    }
  });

  it('rejects a serial with a leading zero, non-digits or above 2^38-1 with EPC_BAD_SERIAL', () => {
    for (const serial of ['06789', '00', '', '12a', '-1', '274877906944', '1e3']) {
      assert.throws(() => encodeSgtin96({ ...SGTIN, serial }), code('EPC_BAD_SERIAL'), serial);
    }
    assert.throws(
      () => parseSgtin96Uri('urn:epc:tag:sgtin-96:3.0614141.812345.06789'),
      code('EPC_BAD_SERIAL'),
    );
    assert.throws(() => sgtinFromGtin('80614141123458', '0001', 7), code('EPC_BAD_SERIAL'));
  });

  it('rejects a company prefix length outside 6-12 with EPC_BAD_PARTITION', () => {
    assert.throws(
      () => encodeSgtin96({ ...SGTIN, companyPrefix: '12345', itemReference: '12345678' }),
      code('EPC_BAD_PARTITION'),
    );
    assert.throws(() => sgtinFromGtin('80614141123458', '1', 5), code('EPC_BAD_PARTITION'));
    assert.throws(() => sgtinFromGtin('80614141123458', '1', 13), code('EPC_BAD_PARTITION'));
  });

  it('rejects bad fields with EPC_BAD_INPUT', () => {
    assert.throws(() => encodeSgtin96({ ...SGTIN, filter: 8 }), code('EPC_BAD_INPUT'));
    assert.throws(() => encodeSgtin96({ ...SGTIN, filter: 1.5 }), code('EPC_BAD_INPUT'));
    assert.throws(() => encodeSgtin96({ ...SGTIN, itemReference: '12345' }), code('EPC_BAD_INPUT'));
    assert.throws(() => encodeSgtin96({ ...SGTIN, companyPrefix: '061414A' }), code('EPC_BAD_INPUT'));
    assert.throws(() => sgtinFromGtin('80614141123459', '1', 7), code('EPC_BAD_INPUT'));
    assert.throws(() => decodeSgtin96('3074257BF7194E4000001A8'), code('EPC_BAD_INPUT'));
    assert.throws(() => decodeSgtin96('3074257BF7194E4000001A8G'), code('EPC_BAD_INPUT'));
    for (const uri of [
      'urn:epc:id:sgtin:0614141.812345.6789',
      'urn:epc:tag:sgtin-96:3.0614141.812345',
      'urn:epc:tag:sgtin-96:33.0614141.812345.6789',
      'urn:epc:tag:sgtin-96:3.0614141.812345.6789.1',
    ]) {
      assert.throws(() => parseSgtin96Uri(uri), code('EPC_BAD_INPUT'), uri);
    }
  });

  it('rejects another header with EPC_BAD_HEADER', () => {
    assert.throws(() => decodeSgtin96('3174257BF7194E4000001A85'), code('EPC_BAD_HEADER')); // SSCC-96
    assert.throws(() => decodeSgtin96('E2801160600002054CC2096F'), code('EPC_BAD_HEADER')); // a TID
  });

  it('rejects partition 7 and fields too large for their partition with EPC_BAD_PARTITION', () => {
    // header 0x30, filter 3, partition 7: 0x30 | 011 111 ...
    assert.throws(() => decodeSgtin96('307C257BF7194E4000001A85'), code('EPC_BAD_PARTITION'));
    // partition 0: 40 company-prefix bits all ones = 1099511627775, more than 12 digits.
    const v = (0x30n << 88n) | (0n << 85n) | (0n << 82n) | (((1n << 40n) - 1n) << 42n);
    assert.throws(() => decodeSgtin96(v.toString(16).toUpperCase()), code('EPC_BAD_PARTITION'));
  });
});
