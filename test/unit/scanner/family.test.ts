import assert from 'node:assert/strict';
import { createScanner, scannerFamily } from '../../../devices/scanner/family';
import { SerialScanner } from '../../../devices/scanner/scanner';
import { ScannerSimDevice } from '../../../devices/scanner/sim-device';
import { SimulatedScanner } from '../../../devices/scanner/simulated-scanner';
import type { SimIo } from '../../../devices/serial/sim-cli';
import type { Config } from '../../../src/config/schema';
import { silentLog } from '../../helpers/silent-log';

const ctx = (name: string) => ({ name, log: silentLog, clock: { now: () => 0 }, dataDir: '/nonexistent' });

describe('scannerFamily', () => {
  it('builds a serial driver or a simulated one per scanners entry', async () => {
    const config = {
      scanners: {
        scan20: { connection: { type: 'serial', path: '/dev/ttyACM0', baudRate: 9600 } },
        scan30: { connection: { type: 'simulator', options: { scans: ['C-1'], everyMs: 4000, eol: 'cr' } } },
      },
    } as unknown as Config; // only the section this family reads
    const scanners = await scannerFamily.scanners!(config, (_kind, name) => ctx(name));
    assert.ok(scanners.get('scan20') instanceof SerialScanner);
    assert.ok(scanners.get('scan30') instanceof SimulatedScanner);
  });

  it('names the bad option in a TypeError', () => {
    const sim = (options: Record<string, unknown>) => ({
      connection: { type: 'simulator' as const, options },
    });
    assert.throws(
      () => createScanner(sim({ eol: 'crcr' }), ctx('s1')),
      /scanners\.s1\.connection\.options\.eol: must be one of/,
    );
    assert.throws(() => createScanner(sim({ scans: ['a\nb'] }), ctx('s1')), /options\.scans/);
  });
});

describe('ScannerSimDevice', () => {
  const io = () => {
    const written: Buffer[] = [];
    const sim: SimIo = {
      write: async (d) => void written.push(d),
      say: () => undefined,
      arg: () => undefined,
    };
    return { written, sim };
  };

  it('writes scans with the configured terminator; <GS> in typed scans is the GS byte', async () => {
    const { written, sim } = io();
    const device = new ScannerSimDevice(sim, ScannerSimDevice.eolOf('cr'));
    await device.command('scan', [']d2010950110153000310LOT<GS>21X']);
    await device.command('scan-hex', [Buffer.from('C-1').toString('hex')]);
    assert.deepEqual(written.map(String), [']d2010950110153000310LOT\x1d21X\r', 'C-1\r']);
    assert.throws(() => ScannerSimDevice.eolOf('crcr'), TypeError);
  });
});
