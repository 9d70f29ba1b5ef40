/**
 * The proof: render a shipped template with values that need escaping, print it through
 * ZebraPrinter to VirtualZebra over TCP, render what the printer received to PNG and decode the
 * barcodes with zxing-wasm. The decoded text must equal the original value.
 *
 * Renderer limits (zebrash 1.38 inside zpl-renderer-js 3.4.0), so the values below avoid them:
 *  - Code 128 mode N: a single character after a trailing invocation code is dropped
 *    ("…>05" renders as "…>"), so the Code 128 serial keeps two characters after its last ">".
 *  - Data Matrix: the ^BX escape character is not processed ("__" stays "__"; only "_1" is read
 *    as FNC1), so GS1 values here carry no "_" (the doubling is asserted on the ZPL instead).
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { compileTemplate, STANDARD_PLACEHOLDERS } from '../../../src/labels/template';
import { closePreviewWorker, renderLabelPng } from '../../../src/labels/preview';
import { decodePng } from '../../unit/labels/zxing.helper';
import { printerOnSimulator } from './printer.helper';
import { hasCode } from '../../../src/errors';

const labels = path.join(__dirname, '..', '..', '..', 'config', 'labels');
const load = (name: string) => {
  const file = path.join(labels, name);
  return compileTemplate(fs.readFileSync(file, 'utf8'), file, { names: STANDARD_PLACEHOLDERS });
};

describe('proof: print, render, decode', function () {
  this.timeout(30_000);
  let env: Awaited<ReturnType<typeof printerOnSimulator>>;
  before(async () => (env = await printerOnSimulator({ printMs: 5 })));
  after(async () => {
    await env.stop();
    await closePreviewWorker();
  });

  async function printAndDecode(zpl: Buffer): Promise<Map<string, string>> {
    const before = env.sim.printed().length;
    await env.printer.print(zpl);
    const printed = env.sim.printed();
    assert.equal(printed.length, before + 1);
    assert.deepEqual(printed[before], zpl, 'the printer received exactly the rendered format');
    const codes = await decodePng(await renderLabelPng(printed[before]));
    return new Map(codes.map((c) => [c.format, c.text]));
  }

  it('unit.zpl: a serial with ^ ~ _ > decodes from the Code 128 unchanged', async () => {
    const serial = 'AB^12~3_4>56';
    const zpl = load('unit.zpl').render({
      serial,
      partNumber: 'PN-100',
      station: 'ST10',
      date: '2026-11-21',
    });
    assert.ok(zpl.includes('^FH^FDAB><12>=3_5F4>056^FS'), 'Code 128 invocation codes, then ^FH');
    assert.ok(zpl.includes('^FH^FDAB_5E12_7E3_5F4>56^FS'), 'text: ^FH only');
    const decoded = await printAndDecode(zpl);
    assert.equal(decoded.get('Code128'), serial);
  });

  it('the serial AB^12~3_4>5 decodes unchanged from a QR field', async () => {
    const serial = 'AB^12~3_4>5';
    const t = compileTemplate('^XA^FO40,40^BQN,2,6^FDQA,{{serial}}^FS^XZ', 'qr.zpl');
    const decoded = await printAndDecode(t.render({ serial }));
    assert.equal(decoded.get('QRCode'), serial);
  });

  it('gs1.zpl: a GS1 Data Matrix (01)(21)(10) decodes to the same element string', async () => {
    const gs1 = "(01)09506000134352(21)ABC%1&'*+(10)LOT-7/8";
    const zpl = load('gs1.zpl').render({ gs1, serial: 'ABC%1&' });
    assert.ok(zpl.includes('^FH\\^FD_10109506000134352' + "21ABC%1&'*+_1" + '10LOT-7/8^FS'));
    const decoded = await printAndDecode(zpl);
    assert.equal(decoded.get('DataMatrix'), gs1);
  });

  it('gs1.zpl: "_" in data is doubled so it cannot become FNC1', () => {
    const zpl = load('gs1.zpl').render({ gs1: '(01)09506000134352(21)ABC_1(10)LOT_7', serial: 'x' });
    assert.ok(zpl.includes('^FH\\^FD_10109506000134352' + '21ABC__1_1' + '10LOT__7^FS'), zpl.toString());
  });

  it('refuses (21)ABC^1 before anything is sent: ^ is not in GS1 character set 82', () => {
    const before = env.sim.printed().length;
    assert.throws(
      () => load('gs1.zpl').render({ gs1: '(01)09506000134352(21)ABC^1(10)LOT_7', serial: 'x' }),
      (e: unknown) => hasCode(e, 'LABEL_BAD_CHAR'),
    );
    assert.equal(env.sim.printed().length, before);
  });
});
