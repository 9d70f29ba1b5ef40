/**
 * The contract of the LabelPrinter port (src/ports), written once and run against every printer
 * driver and its simulator, as abstract-level's shared suite is run by every store:
 *   describe('my printer', () => printerContract(factory));
 * The factory builds a printer (not started) and the hands on its simulated printer; the suite
 * starts and stops it. What is asserted is what the port and docs/printing.md promise: a print
 * resolves only once the printer has printed the label, one print at a time in call order, a
 * status fault refuses the label with its stable code before anything is sent, and a printer that
 * goes away is connected again when it comes back.
 */
import assert from 'node:assert/strict';
import { hasCode, isCode, type CodeIn } from '../../src/errors';
import type { LabelPrinter } from '../../src/ports';

type PrinterFaultCode = CodeIn<'PRINTER_'>;
import { checkLifecycle, until, noUnhandledRejections } from './support';

/** A fault the simulated printer can show. */
export type PrinterFault = 'paperOut' | 'headOpen';

/** A printer under test and the hands on its (simulated) printer. Calls come after start(). */
export interface PrinterHarness {
  printer: LabelPrinter;
  /** the formats the printer has printed so far, in order, as it reports them. */
  printed(): Promise<string[]>;
  /** switches a fault on or off at the printer. */
  fault(fault: PrinterFault, on: boolean): Promise<void>;
  /**
   * true when the printer answers nothing while paper is out or the head is open (a real Zebra;
   * the label is then refused PRINTER_SILENT); false when it answers with the fault in its status.
   */
  silentWhenFaulted: boolean;
  /** the printer goes away (switched off, unplugged); resolves once it is gone. */
  goAway(): Promise<void>;
  /** the printer is back (same address). */
  comeBack(): Promise<void>;
  /** Stops everything the factory started (the printer too, if still running). */
  close(): Promise<void>;
}

/** Builds a fresh harness per test. */
export type PrinterFactory = () => Promise<PrinterHarness>;

const label = (text: string) => `^XA^FO50,50^A0N,30,30^FD${text}^FS^XZ`;

/** A predicate for assert.rejects: a LinegateError with this printer code. */
function withCode(code: PrinterFaultCode): (err: unknown) => boolean {
  return (err) => {
    assert.ok(hasCode(err, code), `expected ${code}, got ${String(err)}`);
    return true;
  };
}

const FAULT_CODES: Record<PrinterFault, PrinterFaultCode> = {
  paperOut: 'PRINTER_PAPER_OUT',
  headOpen: 'PRINTER_HEAD_OPEN',
};

/** The shared suite. */
export function printerContract(factory: PrinterFactory): void {
  noUnhandledRejections();
  let h: PrinterHarness;

  beforeEach(async () => {
    h = await factory();
  });
  afterEach(() => h.close());

  const started = async () => {
    await h.printer.start();
    await until('the printer healthy', () => h.printer.health().ok);
  };

  it('is stopped before start, healthy after start, stopped after stop; start and stop are idempotent', async () => {
    await checkLifecycle(h.printer, 'printer');
    await assert.rejects(h.printer.print(Buffer.from(label('late'))), withCode('PRINTER_OFFLINE'));
  });

  it('resolves a print only once the printer has printed the label, and reports an idle status', async () => {
    await started();
    await h.printer.print(Buffer.from(label('one')));
    assert.deepEqual(await h.printed(), [label('one')], 'printed when print() resolved');
    const status = h.printer.status();
    assert.equal(status?.formatsInBuffer, 0);
    assert.equal(status?.labelsRemaining, 0);
    assert.equal(h.printer.health().ok, true);
  });

  it('prints one label at a time, in call order', async () => {
    await started();
    const labels = ['a', 'b', 'c'].map(label);
    await Promise.all(labels.map((l) => h.printer.print(Buffer.from(l))));
    assert.deepEqual(await h.printed(), labels);
  });

  for (const fault of ['paperOut', 'headOpen'] as const) {
    it(`refuses a label while ${fault === 'paperOut' ? 'paper is out' : 'the head is open'}, with its code, sending nothing; prints once it clears`, async () => {
      await started();
      await h.fault(fault, true);
      const code = h.silentWhenFaulted ? 'PRINTER_SILENT' : FAULT_CODES[fault];
      await assert.rejects(h.printer.print(Buffer.from(label('refused'))), withCode(code));
      assert.equal(h.printer.health().ok, false, 'health shows the fault');
      assert.deepEqual(await h.printed(), []);
      await h.fault(fault, false);
      await h.printer.print(Buffer.from(label('after')));
      assert.deepEqual(await h.printed(), [label('after')]);
      await until('the printer healthy again', () => h.printer.health().ok);
    });
  }

  it('refuses while the printer is gone, and prints again once it is back', async () => {
    await started();
    await h.goAway();
    await until('the loss noticed', () => !h.printer.health().ok);
    await assert.rejects(h.printer.print(Buffer.from(label('gone'))), (err: unknown) => {
      assert.ok(isCode(err, 'PRINTER_'), `expected a printer error, got ${String(err)}`);
      return true;
    });
    await h.comeBack();
    await until('the printer connected again', () => h.printer.health().ok);
    await h.printer.print(Buffer.from(label('back')));
    assert.deepEqual(await h.printed(), [label('back')]);
  });
}
