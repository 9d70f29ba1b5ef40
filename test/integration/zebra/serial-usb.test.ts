import assert from 'node:assert/strict';
import { createZebraPrinter } from '../../../devices/zebra/factory';
import type { ZebraPrinter } from '../../../devices/zebra/printer';
import { ctx, printerConfig, until } from './printer.helper';
import { startPtyPrinter, type PtyPrinter } from './pty.helper';
import { hasCode } from '../../../src/errors';

const LABEL = Buffer.from('^XA^CI28^FO50,50^A0N,30,30^FH^FDover a pty^FS^XZ');

for (const kind of ['serial', 'usb'] as const) {
  describe(`zebra printer over a ${kind} transport (socat pty pair)`, function () {
    this.timeout(20_000);
    let pty: PtyPrinter;
    let printer: ZebraPrinter;

    beforeEach(async () => {
      pty = await startPtyPrinter();
      const connection =
        kind === 'serial'
          ? ({ type: 'serial', path: pty.hostPath, baudRate: 115200 } as const)
          : ({ type: 'usb', path: pty.hostPath } as const);
      printer = createZebraPrinter(
        printerConfig({ connection, statusTimeoutMs: 500, confirmTimeoutMs: 3000 }),
        ctx,
        {
          watchIntervalMs: 0,
        },
      );
      await printer.start();
    });

    afterEach(async () => {
      await printer.stop();
      await pty.stop();
    });

    it('prints and confirms labels', async () => {
      await printer.print(LABEL);
      await printer.print(LABEL);
      await until(() => pty.output().includes('printed 2'));
      assert.equal(printer.status()?.labelsRemaining, 0);
      assert.equal(printer.health().ok, true);
    });

    it('faults a printer that stays silent (paper out)', async () => {
      pty.send('paper-out on');
      await new Promise((r) => setTimeout(r, 100)); // let the line reach the printer process
      await assert.rejects(printer.print(LABEL), (e: unknown) => hasCode(e, 'PRINTER_SILENT'));
      pty.send('paper-out off');
      await printer.print(LABEL);
      await until(() => pty.output().includes('printed 1'));
    });
  });
}
