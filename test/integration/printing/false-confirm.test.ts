/**
 * Nothing false about labels (issue 19.3 and 19.4), against a real gateway process and a fake
 * printer on a real TCP port: a printer that stops reading mid-label (then answers "0 formats,
 * 0 labels" on a fresh connection), one that resets the connection mid-label, and one that
 * answers ~HS with garbage of the right shape. Each start must answer result 2 with no
 * label.printed; the retry prints the same serial once the printer behaves.
 */
import assert from 'node:assert/strict';
import { FakePrinter, type FakePrinterMode } from '../../helpers/fake-printer';
import { PrinterGateway, until } from '../../helpers/printer-gateway';
import { tempDir } from '../../helpers/tmp';

const CASES: Array<{ mode: FakePrinterMode; codes: RegExp }> = [
  { mode: 'stall-mid-label', codes: /^PRINTER_(SILENT|LINK_LOST)$/ },
  { mode: 'reset-mid-label', codes: /^PRINTER_(OFFLINE|LINK_LOST)$/ },
  { mode: 'garbage', codes: /^PRINTER_BAD_STATUS$/ },
];

describe('labels never confirmed without a print (real process, fake printer)', function () {
  this.timeout(60000);
  let tmp: ReturnType<typeof tempDir>;
  let printer: FakePrinter;
  let gateway: PrinterGateway;
  before(async () => {
    tmp = tempDir();
    printer = new FakePrinter();
    gateway = new PrinterGateway(tmp.dir, { port: await printer.start() });
    await gateway.start();
  });
  after(async () => {
    await gateway.kill();
    await printer.stop();
    tmp.cleanup();
  });

  for (const { mode, codes } of CASES) {
    it(`${mode}: result 2, no label.printed; the retry prints the same serial`, async () => {
      const before = printer.printed.length;
      printer.mode = mode;
      const failed = await gateway.startUnit(mode);
      assert.equal(failed.status, 503, JSON.stringify(failed.body));
      assert.equal(failed.body.result, 2);
      assert.match(String(failed.body.code), codes);
      assert.equal(printer.printed.length, before, 'nothing printed');
      if (mode === 'garbage') {
        const { state } = await gateway.printerHealth();
        assert.match(state, /unreadable status/, 'health does not call garbage ready');
      }
      printer.mode = 'normal';
      await gateway.printerReady();
      const retried = await gateway.startUnit(mode);
      assert.equal(retried.status, 200, JSON.stringify(retried.body));
      await until('the label to print', () => printer.printed.length === before + 1);
      assert.ok(printer.printed.at(-1)!.includes(retried.body.serial!), 'the retry printed its serial');
    });
  }

  it('every label.printed in the store matches a label the printer printed', async () => {
    await gateway.stop();
    const events = await gateway.events();
    const confirmed = events.filter((e) => e.type === 'label.printed').map((e) => e.serial!);
    const failed = events.filter((e) => e.type === 'label.failed').map((e) => e.data.code);
    assert.equal(confirmed.length, CASES.length);
    for (const serial of confirmed)
      assert.equal(printer.printed.filter((f) => f.includes(serial)).length, 1, `${serial} printed once`);
    assert.equal(failed.length, CASES.length, 'each fault recorded as label.failed');
    await gateway.start();
  });
});
