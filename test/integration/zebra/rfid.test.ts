/**
 * RFID labels (issue 15): the unit's EPC is written with ^RFW, read back with ^RFR/^HV, and the
 * label is confirmed only when the read-back equals it; ^RS error mode makes a failed encode a
 * reported fault (the printer voids the label and stops) instead of a silent void. Against the
 * virtual Zebra's simulated tag over real TCP: good tags, failed encodes, stale EPCs.
 */
import assert from 'node:assert/strict';
import { withRfid } from '../../../src/printing/rfid';
import { simulatorPerTest } from './printer.helper';
import { hasCode } from '../../../src/errors';

const EPC = '3034257BF7194E4000001A85';
const LABEL = withRfid(Buffer.from('^XA^CI28^FO50,50^A0N,30,30^FH^FDrfid^FS^XZ'), EPC);
const isRfidFault = (e: unknown) => hasCode(e, 'PRINTER_RFID_FAILED');

describe('RFID labels on the virtual Zebra (real TCP)', function () {
  this.timeout(15_000);
  const onSimulator = simulatorPerTest();

  it('encodes the EPC, reads it back, and confirms only then', async () => {
    const env = await onSimulator({ printMs: 5 });
    await env.printer.print(LABEL, { epc: EPC });
    assert.deepEqual(env.sim.tags.encoded, [EPC]);
    assert.equal(env.sim.tags.voided, 0);
    assert.equal(env.sim.printed().length, 1);
  });

  it('a failed encode is reported (PRINTER_RFID_FAILED), the one voided label counted, not printed', async () => {
    const env = await onSimulator({ printMs: 5 });
    env.sim.setFaults({ rfidFail: true });
    await assert.rejects(env.printer.print(LABEL, { epc: EPC }), isRfidFault);
    assert.equal(env.sim.tags.voided, 1, '^RS one try: exactly one label voided');
    assert.equal(env.sim.faults.paused, true, '^RS error mode: the printer stopped');
    assert.equal(env.sim.printed().length, 0);
    // The operator clears the error; the retry encodes.
    env.sim.setFaults({ rfidFail: false, paused: false });
    await env.printer.print(LABEL, { epc: EPC });
  });

  it('a tag that keeps a stale EPC is not confirmed', async () => {
    const env = await onSimulator({ printMs: 5 });
    env.sim.setFaults({ rfidStale: true });
    await assert.rejects(env.printer.print(LABEL, { epc: EPC }), (e: unknown) => {
      assert.ok(isRfidFault(e));
      assert.match((e as Error).message, /stale or foreign tag/);
      return true;
    });
  });

  it("a read-back for another label's EPC does not confirm this one", async () => {
    const env = await onSimulator({ printMs: 5 });
    const other = withRfid(Buffer.from('^XA^FDother^FS^XZ'), 'E2801170200000000000ABCD');
    await assert.rejects(env.printer.print(other, { epc: EPC }), isRfidFault);
  });

  it('a label without RFID commands but an expected EPC is not confirmed (no read-back)', async () => {
    const env = await onSimulator({ printMs: 5 });
    await assert.rejects(env.printer.print(Buffer.from('^XA^FDplain^FS^XZ'), { epc: EPC }), (e: unknown) => {
      assert.ok(isRfidFault(e));
      assert.match((e as Error).message, /read back nothing/);
      return true;
    });
  });
});
