/**
 * The BarcodeScanner contract (test/contract/scanner.contract.ts) run against every scanner driver
 * with its simulator: the serial driver on a socat pty with the simulated scanner in its own
 * process, and the scanner the config builds on the built-in simulator (`connection: simulator`),
 * in-process on the mock binding.
 */
import { createScanner } from '../../../devices/scanner/family';
import { SerialScanner } from '../../../devices/scanner/scanner';
import type { SimulatedScanner } from '../../../devices/scanner/simulated-scanner';
import { ScannerSimulator } from '../../../devices/scanner/simulator';
import type { ScannerConfig } from '../../../devices/scanner/config';
import type { DeviceContext } from '../../../src/ports';
import { silentLog } from '../../helpers/silent-log';
import { scannerContract, type ScannerHarness } from '../../contract/scanner.contract';
import { ManualClock } from '../../contract/support';

const FAST_BACKOFF = { minMs: 50, maxMs: 200 };

function ctxOn(clock: ManualClock): DeviceContext {
  return { name: 'scanner-contract', log: silentLog, clock, dataDir: '/nonexistent' };
}

/** The hands of a harness on a simulated scanner (reached when called: after start). */
function handsOn(sim: () => ScannerSimulator): Pick<ScannerHarness, 'scan' | 'raw' | 'noise'> {
  return {
    scan: (text) => sim().sendScan(text),
    raw: (bytes) => sim().sendRaw(bytes),
    noise: () => sim().sendGarbage(24),
  };
}

/** The scanner a config entry `connection: { type: simulator, options }` builds. */
function configBuilt(options: Record<string, unknown>): ScannerHarness {
  const clock = new ManualClock();
  const cfg = { connection: { type: 'simulator', options } } as unknown as ScannerConfig;
  const scanner = createScanner(cfg, ctxOn(clock), { backoff: FAST_BACKOFF }) as SimulatedScanner;
  return {
    scanner,
    clock,
    ...handsOn(() => scanner.simulator),
    noiseHandling: 'dropped',
    close: () => scanner.stop(),
  };
}

describe('BarcodeScanner contract', function () {
  this.timeout(30_000);

  describe('serial driver, simulated scanner in its own process on a socat pty', () => {
    // one simulator process for the group (it takes a second or two to spawn); a fresh driver per test.
    let sim: ScannerSimulator;
    before(async () => {
      sim = new ScannerSimulator({ pty: true });
      await sim.start();
    });
    after(() => sim.stop());
    scannerContract(async (): Promise<ScannerHarness> => {
      const clock = new ManualClock();
      const scanner = new SerialScanner({
        ctx: ctxOn(clock),
        address: { path: sim.gatewayPath, baudRate: 9600 },
        tuning: { backoff: FAST_BACKOFF },
      });
      return {
        scanner,
        clock,
        ...handsOn(() => sim),
        noiseHandling: 'dropped',
        close: () => scanner.stop(),
      };
    });
  });

  describe('config-built simulator, in-process (connection: simulator)', () =>
    scannerContract(async () => configBuilt({})));
});
