/**
 * RFID labels through a real gateway process (issue 15): each start encodes its unit's SGTIN-96
 * into the label's tag on the virtual Zebra and is answered 0 only after the tag read back that
 * EPC; label.printed carries it. A failed encode and a stale tag answer result 2 with
 * PRINTER_RFID_FAILED, and the labels the printer voided equal the failures recorded.
 */
import assert from 'node:assert/strict';
import { VirtualZebra } from '../../../devices/zebra/simulator';
import { decodeSgtin96 } from '../../../src/serials/sgtin96';
import { PrinterGateway, RFID_GTIN } from '../../helpers/printer-gateway';
import { tempDir } from '../../helpers/tmp';

describe('RFID labels in the start cycle (real process, virtual Zebra)', function () {
  this.timeout(60000);

  it('encodes, verifies and records each unit EPC; failed and stale encodes are result 2, voids reconciled', async () => {
    const tmp = tempDir();
    const printer = new VirtualZebra({ printMs: 5 });
    const gateway = new PrinterGateway(tmp.dir, { port: await printer.start(), rfid: true });
    try {
      await gateway.start();
      const ok = await gateway.startUnit('u1');
      assert.equal(ok.status, 200, JSON.stringify(ok.body));

      printer.setFaults({ rfidFail: true });
      const failed = await gateway.startUnit('u2');
      assert.deepEqual(
        [failed.status, failed.body.result, failed.body.code],
        [503, 2, 'PRINTER_RFID_FAILED'],
      );
      printer.setFaults({ rfidFail: false, paused: false }); // the operator clears the error
      await gateway.printerReady();
      const retried = await gateway.startUnit('u2');
      assert.equal(retried.status, 200, JSON.stringify(retried.body));

      printer.setFaults({ rfidStale: true });
      const stale = await gateway.startUnit('u3');
      assert.deepEqual([stale.status, stale.body.code], [503, 'PRINTER_RFID_FAILED']);
      printer.setFaults({ rfidStale: false });
      await gateway.stop();

      const events = await gateway.events();
      const printed = events.filter((e) => e.type === 'label.printed');
      assert.deepEqual(
        printed.map((e) => e.serial),
        [ok.body.serial, retried.body.serial],
      );
      for (const e of printed) {
        const epc = e.data.epc as string;
        const sgtin = decodeSgtin96(epc);
        assert.equal(sgtin.serial, e.serial, 'the EPC carries the unit serial');
        assert.equal(sgtin.gtin, RFID_GTIN, "the EPC carries the scheme's GTIN");
      }
      assert.deepEqual(
        printer.tags.encoded.slice(0, 2),
        printed.map((e) => e.data.epc),
        'the tags carry the recorded EPCs',
      );
      const rfidFailures = events.filter(
        (e) => e.type === 'label.failed' && e.data.code === 'PRINTER_RFID_FAILED',
      );
      assert.equal(rfidFailures.length, 2);
      assert.equal(printer.tags.voided, 1, 'one encode failed: one label voided');
      assert.equal(
        rfidFailures.filter((e) => /voided/.test(String(e.data.error))).length,
        printer.tags.voided,
        'every voided label is a recorded failure',
      );
    } finally {
      await gateway.kill();
      await printer.stop();
      tmp.cleanup();
    }
  });
});
