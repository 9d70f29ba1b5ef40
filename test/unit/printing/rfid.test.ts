import assert from 'node:assert/strict';
import { rfidCommands, withRfid } from '../../../src/printing/rfid';
import { hasCode } from '../../../src/errors';

const EPC = '3034257BF7194E4000001A85';
const isInvalid = (e: unknown) => hasCode(e, 'LABEL_RFID_INVALID');

describe('printing/rfid', () => {
  it('encodes with one try and error mode, reads back, returns the read-back framed like a status', () => {
    const zpl = rfidCommands(EPC);
    assert.match(zpl, /^\^RS8,,,1,E/);
    assert.ok(zpl.includes(`^RFW,H,,,A^FD${EPC}^FS`));
    assert.match(zpl, /\^FN(\d+)\^RFR,H\^FS\^FH_\^HV\1,24,_02EPC:,_03_0D_0A,L\^FS$/);
  });

  it('places the commands before the closing ^XZ of the one format', () => {
    const out = withRfid(Buffer.from('^XA^CI28^FDx^FS^XZ'), EPC).toString('latin1');
    assert.ok(out.startsWith('^XA^CI28^FDx^FS^RS8'));
    assert.ok(out.endsWith('^XZ'));
  });

  it('refuses an EPC that is not 24 upper-case hex digits, and more than one format', () => {
    for (const bad of ['', EPC.toLowerCase(), `${EPC}00`, EPC.slice(1), 'G'.repeat(24)])
      assert.throws(() => rfidCommands(bad), isInvalid, bad);
    assert.throws(() => withRfid(Buffer.from('^XA^FDa^FS^XZ^XA^FDa^FS^XZ'), EPC), isInvalid);
    assert.throws(() => withRfid(Buffer.from('no format'), EPC), isInvalid);
  });
});
