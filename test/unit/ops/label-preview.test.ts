import assert from 'node:assert/strict';
import { LabelPreviewCache, labelGeometry, tapPrinter } from '../../../src/ops/label-preview';
import type { LabelPrinter, PrinterStatus } from '../../../src/ports';
import { LinegateError } from '../../../src/errors';

describe('label preview', () => {
  it('renders a label once, however often it is asked for, and again for the next label', async () => {
    const calls: string[] = [];
    const cache = new LabelPreviewCache(async (zpl) => {
      calls.push(zpl.toString());
      return Buffer.from(`png of ${zpl.toString()}`);
    });
    const [a, b] = await Promise.all([cache.png(1, Buffer.from('L1')), cache.png(1, Buffer.from('L1'))]);
    assert.equal(a.toString(), 'png of L1');
    assert.equal(a, b);
    assert.equal((await cache.png(2, Buffer.from('L2'))).toString(), 'png of L2');
    assert.deepEqual(calls, ['L1', 'L2']);
  });

  it('forgets a failed render so the next request tries again', async () => {
    let fail = true;
    const cache = new LabelPreviewCache(async () => {
      if (fail) throw new Error('renderer broke');
      return Buffer.from('png');
    });
    await assert.rejects(cache.png(1, Buffer.from('L1')), /renderer broke/);
    fail = false;
    assert.equal((await cache.png(1, Buffer.from('L1'))).toString(), 'png');
  });

  it("sizes the page from the label's ^PW and ^LL", () => {
    assert.deepEqual(labelGeometry(Buffer.from('^XA^PW812^LL406^FO0,0^FDx^FS^XZ')), {
      dpmm: 8,
      widthMm: 101.5,
      heightMm: 50.75,
    });
    assert.deepEqual(labelGeometry(Buffer.from('^XA^XZ')), { dpmm: 8 });
  });

  describe('printer tap', () => {
    const status: PrinterStatus = {
      paperOut: false,
      paused: false,
      headOpen: false,
      ribbonOut: false,
      bufferFull: false,
      formatsInBuffer: 0,
      labelsRemaining: 0,
    };
    const printer = (fail: boolean): LabelPrinter => ({
      name: 'zebra1',
      start: async () => undefined,
      stop: async () => undefined,
      health: () => ({ ok: true, state: 'ready' }),
      status: () => status,
      print: async () => {
        if (fail) throw new LinegateError('PRINTER_PAPER_OUT', 'paper out');
      },
    });

    it('reports a label once the printer confirmed it, and passes everything else through', async () => {
      const seen: string[] = [];
      const tapped = tapPrinter(printer(false), (name, zpl) => seen.push(`${name}:${zpl.toString()}`));
      await tapped.print(Buffer.from('^XA^XZ'));
      assert.deepEqual(seen, ['zebra1:^XA^XZ']);
      assert.equal(tapped.name, 'zebra1');
      assert.equal(tapped.status(), status);
      assert.equal(tapped.health().state, 'ready');
    });

    it('reports nothing for a label that failed, and keeps the printer error', async () => {
      const seen: string[] = [];
      const tapped = tapPrinter(printer(true), (name) => seen.push(name));
      await assert.rejects(
        tapped.print(Buffer.from('^XA^XZ')),
        (err: LinegateError) => err.code === 'PRINTER_PAPER_OUT',
      );
      assert.deepEqual(seen, []);
    });

    it('never fails a print because the listener threw', async () => {
      const tapped = tapPrinter(printer(false), () => {
        throw new Error('listener bug');
      });
      await tapped.print(Buffer.from('^XA^XZ'));
    });
  });
});
