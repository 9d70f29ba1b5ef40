/**
 * The contract of the BarcodeScanner port (src/ports), written once and run against every scanner
 * driver and its simulator, as abstract-level's shared suite is run by every store:
 *   describe('my scanner', () => scannerContract(factory));
 * The factory builds a scanner (not started) on a ManualClock and the hands on its simulated
 * device; the suite starts and stops it. What is asserted is what the port promises: one 'scan'
 * per line, its text as sent (symbology identifier and GS kept), timed when its first byte
 * arrived, and the serial scanner's line rules (CR, LF or CR LF, noise dropped: devices/scanner/scanner.ts,
 * docs/presence.md).
 */
import assert from 'node:assert/strict';
import type { BarcodeScanner, Scan } from '../../src/ports';
import { checkLifecycle, ManualClock, until, noUnhandledRejections } from './support';

/** A scanner under test and the hands on its (simulated) device. Calls come after start(). */
export interface ScannerHarness {
  scanner: BarcodeScanner;
  /** the clock in the scanner's context. */
  clock: ManualClock;
  /** the device sends one scan, byte-exact, then its line terminator. */
  scan(text: string): Promise<void>;
  /** the device sends exactly these bytes (no terminator added). */
  raw(bytes: Buffer): Promise<void>;
  /** the device sends one line of line noise (bytes no scanner sends as text). */
  noise(): Promise<void>;
  /**
   * What the driver does with a line of noise: 'dropped' (no scan; the serial driver counts it as
   * `noiseLines` in health detail) or 'passed' (the driver has no noise filter: the line is a scan).
   */
  noiseHandling: 'dropped' | 'passed';
  /** Stops everything the factory started (the scanner too, if still running). */
  close(): Promise<void>;
}

/** Builds a fresh harness per test. */
export type ScannerFactory = () => Promise<ScannerHarness>;

/** A GS1 DataMatrix scan: symbology identifier `]d2`, a GS (0x1D) between variable fields. */
const GS1 = ']d2010950110153000317261231' + '10ABC123\x1d21SN0001';

/** The shared suite. */
export function scannerContract(factory: ScannerFactory): void {
  noUnhandledRejections();
  let h: ScannerHarness;
  let scans: Scan[];
  const collect = (s: Scan) => scans.push(s);

  beforeEach(async () => {
    h = await factory();
    scans = [];
    h.scanner.on('scan', collect);
  });
  afterEach(async () => {
    h.scanner.off('scan', collect);
    await h.close();
  });

  const started = async () => {
    await h.scanner.start();
    await until('the scanner healthy', () => h.scanner.health().ok);
  };

  it('is stopped before start, healthy after start, stopped after stop; start and stop are idempotent', async () => {
    await checkLifecycle(h.scanner, 'scanner');
  });

  it('emits each scan once, byte-exact (symbology identifier and GS kept), timed by the clock when it arrived', async () => {
    await started();
    h.clock.value = 1_000_000;
    await h.scan(GS1);
    await until('the first scan', () => scans.length === 1);
    h.clock.value = 2_000_000;
    await h.scan('C-000123');
    await until('the second scan', () => scans.length === 2);
    assert.deepEqual(
      scans.map((s) => [s.text, s.time]),
      [
        [GS1, 1_000_000],
        ['C-000123', 2_000_000],
      ],
    );
  });

  it('joins a line that arrives in pieces into one scan, timed when its first byte arrived', async () => {
    await started();
    h.clock.value = 1_000_000;
    const reads = h.clock.reads;
    await h.raw(Buffer.from(']C1LOT'));
    // the driver reads the clock when bytes arrive: the first piece is in before the rest is sent.
    await until('the first piece received', () => h.clock.reads > reads);
    h.clock.value = 2_000_000;
    await h.raw(Buffer.from('-7\r\n'));
    await until('the joined scan', () => scans.length === 1);
    assert.deepEqual(scans[0], { text: ']C1LOT-7', time: 1_000_000 });
  });

  it('ends a line at CR, LF or CR LF, one scan each, empty lines ignored', async () => {
    await started();
    await h.raw(Buffer.from('A-1\rB-2\nC-3\r\n\r\nD-4\r\n'));
    await until('four scans', () => scans.length === 4);
    assert.deepEqual(
      scans.map((s) => s.text),
      ['A-1', 'B-2', 'C-3', 'D-4'],
    );
  });

  it('handles a line of noise as the driver declares, and reads the next scan', async () => {
    await started();
    await h.noise();
    await h.scan('AFTER-NOISE');
    await until('the scan after the noise', () => scans.some((s) => s.text === 'AFTER-NOISE'));
    if (h.noiseHandling === 'dropped') {
      assert.deepEqual(
        scans.map((s) => s.text),
        ['AFTER-NOISE'],
      );
      assert.equal(h.scanner.health().detail?.noiseLines, 1, 'the dropped line is counted');
    } else {
      assert.equal(scans.length, 2, 'the noise line came through as a scan');
    }
  });

  it('stops telling a listener removed with off()', async () => {
    const other: Scan[] = [];
    const listener = (s: Scan) => other.push(s);
    h.scanner.on('scan', listener);
    h.scanner.off('scan', listener);
    await started();
    await h.scan('ONE');
    await until('the scan', () => scans.length === 1);
    assert.deepEqual(other, []);
  });

  it('scans again after a stop and a new start', async () => {
    await started();
    await h.scan('BEFORE');
    await until('the scan before the stop', () => scans.length === 1);
    await h.scanner.stop();
    await started();
    await h.scan('AFTER');
    await until('a scan after the restart', () => scans.some((s) => s.text === 'AFTER'));
    assert.deepEqual(
      scans.map((s) => s.text),
      ['BEFORE', 'AFTER'],
    );
  });
}
