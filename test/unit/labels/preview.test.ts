import assert from 'node:assert/strict';
import { closePreviewWorker, renderLabelPng } from '../../../src/labels/preview';
import { decodePng } from './zxing.helper';
import { hasCode } from '../../../src/errors';

describe('labels/preview', function () {
  this.timeout(30_000);
  after(() => closePreviewWorker());

  it('renders ZPL to a PNG in a worker thread, and the barcode decodes', async () => {
    const png = await renderLabelPng('^XA^CI28^FO40,40^BY2^BCN,100,N,N,N^FDPREVIEW-1^FS^XZ');
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const codes = await decodePng(png);
    assert.deepEqual(
      codes.map((c) => [c.format, c.text]),
      [['Code128', 'PREVIEW-1']],
    );
  });

  it('renders several labels concurrently', async () => {
    const pngs = await Promise.all(
      ['A1', 'B2', 'C3'].map((s) =>
        renderLabelPng(`^XA^FO40,40^BY2^BCN,80,N,N,N^FDSN${s}^FS^XZ`, { heightMm: 30 }),
      ),
    );
    const texts = await Promise.all(pngs.map(async (p) => (await decodePng(p))[0]?.text));
    assert.deepEqual(texts, ['SNA1', 'SNB2', 'SNC3']);
  });

  it('reports a renderer failure as LABEL_PREVIEW_FAILED', async () => {
    await assert.rejects(renderLabelPng('^XA^FO10,10^BXN,4,200^FDД^FS^XZ'), (e: unknown) =>
      hasCode(e, 'LABEL_PREVIEW_FAILED'),
    );
  });
});
