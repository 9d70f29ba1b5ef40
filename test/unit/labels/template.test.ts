import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { PNG } from 'pngjs';
import { compileTemplate, STANDARD_PLACEHOLDERS } from '../../../src/labels/template';
import { clearLogoCache } from '../../../src/labels/logo';
import { LinegateError, isCode } from '../../../src/errors';

function error(fn: () => unknown): LinegateError {
  try {
    fn();
  } catch (err) {
    assert.ok(isCode(err, 'LABEL_'), `expected a LABEL_* error, got ${String(err)}`);
    return err;
  }
  assert.fail('expected a LABEL_* error');
}

const root = path.join(__dirname, '..', '..', '..');
const unitFile = path.join(root, 'config', 'labels', 'unit.zpl');
const gs1File = path.join(root, 'config', 'labels', 'gs1.zpl');
const values = { serial: 'SN-1', partNumber: 'PN-100', station: 'ST10', date: '2026-11-21' };

describe('labels/template', () => {
  it('compiles the shipped unit label and lists its placeholders', () => {
    const t = compileTemplate(fs.readFileSync(unitFile, 'utf8'), unitFile, { names: STANDARD_PLACEHOLDERS });
    assert.deepEqual(t.placeholders, ['partNumber', 'serial', 'station', 'date']);
    const zpl = t.render(values).toString('utf8');
    assert.ok(zpl.startsWith('^XA^CI28'));
    assert.ok(zpl.endsWith('^XZ'));
    assert.equal(zpl.split('^XA').length - 1, 1);
    assert.match(zpl, /\^BCN[^^]*\^FH\^FDSN-1\^FS/);
    assert.ok(!zpl.includes('^FX'), 'comments are not sent');
  });

  it('renders one whole format per copy', () => {
    const t = compileTemplate('^XA^FO10,10^A0N,30,30^FD{{serial}}^FS^XZ', 't.zpl');
    const zpl = t.render({ serial: 'X' }, 3).toString();
    assert.equal(zpl, '^XA^CI28^FO10,10^A0N,30,30^FH^FDX^FS^XZ'.repeat(3));
  });

  it('escapes an injection attempt in a text field (docs/contracts.md §4 vector)', () => {
    const t = compileTemplate('^XA\n^FO10,10^A0N,30,30^FD{{serial}}^FS\n^XZ\n', 't.zpl');
    const zpl = t.render({ serial: 'Line 2: ^XZ^XAZ-1234' }).toString();
    assert.ok(zpl.includes('^FH^FDLine 2: _5EXZ_5EXAZ-1234^FS'), zpl);
  });

  it('chooses the escape from the field block barcode', () => {
    const t = compileTemplate(
      [
        '^FO1,1^BCN,80,N,N,N^FD{{serial}}^FS',
        '^FO1,1^BXN,4,200,,,,_^FD{{serial}}^FS',
        '^FO1,1^BQN,2,4^FDQA,{{serial}}^FS',
        '^FO1,1^FD{{serial}}^FS',
      ].join('\n'),
      't.zpl',
    );
    const zpl = t.render({ serial: 'A>_^e' }).toString();
    assert.ok(zpl.includes('^BCN,80,N,N,N^FH^FDA>0_5F><e^FS'), zpl);
    assert.ok(zpl.includes('^BXN,4,200,,,,_^FH\\^FDA>__\\5Ee^FS'), zpl);
    assert.ok(zpl.includes('^BQN,2,4^FH^FDQA,A>_5F_5Ee^FS'), zpl);
    assert.ok(zpl.includes('^FO1,1^FH^FDA>_5F_5Ee^FS'), zpl);
  });

  it('renders {{gs1}} as GS1 Data Matrix data and as HRI text', () => {
    const t = compileTemplate(fs.readFileSync(gs1File, 'utf8'), gs1File);
    const zpl = t.render({ gs1: '(01)09506000134352(21)ABC_1(10)LOT7', serial: 'ABC_1' }).toString();
    assert.ok(zpl.includes('^FH\\^FD_10109506000134352' + '21ABC__1_1' + '10LOT7^FS'), zpl);
    assert.ok(zpl.includes('^FH^FD(01)09506000134352(21)ABC_5F1(10)LOT7^FS'), zpl);
  });

  it('escapes the indicator in literal field text it adds ^FH to, and keeps an explicit ^FH', () => {
    const t = compileTemplate('^FO1,1^FDa_b {{x}}^FS^FO1,1^FH^FD_41{{x}}^FS', 't.zpl');
    assert.equal(t.render({ x: '_' }).toString(), '^XA^CI28^FO1,1^FH^FDa_5Fb _5F^FS^FO1,1^FH^FD_41_5F^FS^XZ');
  });

  it('reports malformed templates with file:line', () => {
    let e = error(() => compileTemplate('^XA\n^FO{{serial}},10^FDx^FS\n^XZ', 'labels/a.zpl'));
    assert.equal(e.code, 'LABEL_TEMPLATE_SYNTAX');
    assert.match(e.message, /^labels\/a\.zpl:2: /);
    e = error(() => compileTemplate('^XA\n\n^FD{{serial^FS\n^XZ', 'b.zpl'));
    assert.equal(e.code, 'LABEL_TEMPLATE_SYNTAX');
    assert.match(e.message, /^b\.zpl:3: /);
    assert.equal(error(() => compileTemplate('^FD{{9x}}^FS', 'c.zpl')).code, 'LABEL_TEMPLATE_SYNTAX');
    assert.equal(
      error(() => compileTemplate('^XA^FDa^FS^XZ^XA^FDb^FS^XZ', 'd.zpl')).code,
      'LABEL_TEMPLATE_SYNTAX',
    );
    assert.equal(error(() => compileTemplate('junk^XA^XZ', 'e.zpl')).code, 'LABEL_TEMPLATE_SYNTAX');
  });

  it('refuses printer counters, other code pages and unverified barcodes', () => {
    assert.equal(error(() => compileTemplate('^XA^FO1,1^SN001,1,Y^FS^XZ', 'a')).code, 'LABEL_UNSUPPORTED');
    assert.equal(error(() => compileTemplate('^XA^CI0^XZ', 'a')).code, 'LABEL_UNSUPPORTED');
    assert.equal(error(() => compileTemplate('^BXN,4,200^FD{{s}}^FS', 'a')).code, 'LABEL_UNSUPPORTED');
    assert.equal(error(() => compileTemplate('^BXN,4,140,,,,_^FD{{s}}^FS', 'a')).code, 'LABEL_UNSUPPORTED');
    assert.equal(error(() => compileTemplate('^B3N,N,50^FD{{s}}^FS', 'a')).code, 'LABEL_UNSUPPORTED');
    assert.equal(error(() => compileTemplate('^BCN,50,N,N,N,A^FD{{s}}^FS', 'a')).code, 'LABEL_UNSUPPORTED');
    assert.equal(error(() => compileTemplate('^BQN,2,4^FD{{s}}^FS', 'a')).code, 'LABEL_UNSUPPORTED');
    assert.equal(error(() => compileTemplate('^BCN,50^FD{{gs1}}^FS', 'a')).code, 'LABEL_UNSUPPORTED');
  });

  it('knows placeholder names when told, and needs every value at render', () => {
    const e = error(() =>
      compileTemplate('^FD{{serail}}^FS', 'x.zpl', { names: [...STANDARD_PLACEHOLDERS, 'line'] }),
    );
    assert.equal(e.code, 'LABEL_UNKNOWN_PLACEHOLDER');
    const t = compileTemplate('^FD{{line}}^FS', 'x.zpl', { names: [...STANDARD_PLACEHOLDERS, 'line'] });
    assert.equal(error(() => t.render({})).code, 'LABEL_MISSING_VALUE');
    assert.equal(
      error(() => compileTemplate('^BCN^FD{{s}}^FS', 'a').render({ s: 'é' })).code,
      'LABEL_BAD_CHAR',
    );
  });

  it('ignores placeholders in ^FX comments', () => {
    const t = compileTemplate('^FX uses {{serial}} below\n^FD{{partNumber}}^FS', 'a');
    assert.deepEqual(t.placeholders, ['partNumber']);
  });

  it('inserts a logo as ^GFA Z64, relative to the template', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'linegate-tpl-'));
    try {
      const png = new PNG({ width: 16, height: 4 });
      png.data.fill(0);
      fs.writeFileSync(path.join(dir, 'logo.png'), PNG.sync.write(png));
      clearLogoCache();
      const t = compileTemplate('^XA^FO10,10{{logo:logo.png}}^FS^XZ', path.join(dir, 'label.zpl'));
      assert.match(
        t.render({}).toString(),
        /^\^XA\^CI28\^FO10,10\^GFA,8,8,2,:Z64:[A-Za-z0-9+/=]+:[0-9a-f]{4}\^FS\^XZ$/,
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
