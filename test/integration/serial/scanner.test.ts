import assert from 'node:assert/strict';
import { SerialScanner } from '../../../devices/scanner/scanner';
import { ScannerSimulator } from '../../../devices/scanner/simulator';
import type { Scan } from '../../../src/ports';
import { GS, parseGs1Scan } from '../../../src/gs1';
import { FAST_BACKOFF, processesMentioning, simDir, testCtx, until } from './pty.helper';

const GS1 = `]d2010950110153000317261231` + `10ABC123${GS}21SN0001`;

describe('barcode scanner on a real pty pair (socat, simulator in its own process)', function () {
  this.timeout(30_000);
  let sim: ScannerSimulator;
  let scanner: SerialScanner;
  let scans: Scan[];

  const setup = async (eol: 'crlf' | 'cr' | 'lf' = 'crlf') => {
    sim = new ScannerSimulator({ eol, pty: true });
    await sim.start();
    scanner = new SerialScanner({
      ctx: testCtx('scan20'),
      address: { path: sim.gatewayPath, baudRate: 9600 },
      tuning: { backoff: FAST_BACKOFF },
    });
    scans = [];
    scanner.on('scan', (s) => scans.push(s));
    await scanner.start();
    await until(() => scanner.health().ok, 'scanner connected');
  };

  afterEach(async () => {
    const dir = simDir(sim);
    await scanner?.stop();
    await sim?.stop();
    if (dir) assert.deepEqual(processesMentioning(dir), [], 'simulator and socat are gone');
  });

  for (const eol of ['crlf', 'cr', 'lf'] as const) {
    it(`a GS1 DataMatrix scan arrives byte-exact (${eol}) and parses in the core`, async () => {
      await setup(eol);
      await sim.sendScan(GS1);
      await sim.sendScan('C-000123');
      await until(() => scans.length === 2, 'two scans');
      assert.equal(scans[0].text, GS1);
      assert.equal(parseGs1Scan(scans[0].text)?.serial, 'SN0001');
      assert.equal(scans[1].text, 'C-000123');
    });
  }

  it('a line of noise is counted and dropped; the next scan is read', async () => {
    await setup();
    await sim.sendGarbage(40);
    await sim.sendScan(']C1010950110153000310LOT-7');
    await until(() => scans.length === 1, 'the scan after the noise');
    assert.equal(scans[0].text, ']C1010950110153000310LOT-7');
    assert.equal(scanner.health().detail?.noiseLines, 1);
  });

  it('the scanner is unplugged and plugged back: the driver reconnects', async () => {
    await setup();
    await sim.disappear();
    // A counter, not the transient state: under load the loss and the retry can fall between polls.
    await until(() => Number(scanner.health().detail?.disconnects) >= 1, 'scanner loss noticed');
    await sim.reappear();
    await until(() => scanner.health().ok, 'scanner reconnected');
    await sim.sendScan('AFTER-REPLUG');
    await until(() => scans.length === 1, 'scan after the replug');
    assert.equal(scans[0].text, 'AFTER-REPLUG');
  });
});
