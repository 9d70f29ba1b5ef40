import assert from 'node:assert/strict';
import path from 'node:path';
import { rfidFamily } from '../../../devices/rfid/family';
import { SimulatedTagReader } from '../../../devices/rfid/simulated-reader';
import { SimulatorProcess, simulatorScript } from '../../../devices/serial/sim-process';
import { scannerFamily } from '../../../devices/scanner/family';
import { SimulatedScanner } from '../../../devices/scanner/simulated-scanner';
import type { Config } from '../../../src/config/schema';
import type { BarcodeScanner, Scan, TagRead, TagReader } from '../../../src/ports';
import { processesMentioning, testCtx, until } from './pty.helper';
import { hasCode } from '../../../src/errors';

// only the sections these families read
const configFor = (pty: boolean) =>
  ({
    readers: {
      rfid10: {
        connection: { type: 'simulator', options: { pty } },
        protocol: 'uhf-bb7e',
        dedupWindowMs: 2000,
      },
      rfid40: {
        connection: {
          type: 'simulator',
          options: { tags: ['3074257BF7194E4000001A85'], everyMs: 100, readsPerPass: 3, pty },
        },
        protocol: 'ascii-lines',
        dedupWindowMs: 50,
      },
    },
    scanners: {
      scan20: { connection: { type: 'simulator', options: { pty } } },
      scan30: {
        connection: { type: 'simulator', options: { scans: ['AUTO-1'], everyMs: 100, eol: 'cr', pty } },
      },
    },
  }) as unknown as Config;

for (const pty of [false, true])
  describe(`rfid and scanner families with \`connection: { type: simulator }\` (${pty ? 'socat pty, own process' : 'in-process, no socat'})`, function () {
    this.timeout(30_000);
    let readers: Map<string, TagReader>;
    let scanners: Map<string, BarcodeScanner>;
    const config = configFor(pty);

    before(async () => {
      readers = await rfidFamily.readers!(config, (_k, name) => testCtx(name));
      scanners = await scannerFamily.scanners!(config, (_k, name) => testCtx(name));
      await Promise.all([...readers.values(), ...scanners.values()].map((p) => p.start()));
    });

    after(async () => {
      const sims = [
        ...[...readers.values()].map((r) => (r as SimulatedTagReader).simulator),
        ...[...scanners.values()].map((s) => (s as SimulatedScanner).simulator),
      ];
      const dirs = sims.map((sim) => sim.folder);
      assert.equal(dirs.every(Boolean), pty, 'a pty folder exactly when on a pty');
      await Promise.all([...readers.values(), ...scanners.values()].map((p) => p.stop()));
      for (const dir of dirs) if (dir) assert.deepEqual(processesMentioning(dir), []);
    });

    it('a simulated reader is driven from its handle and reports through the port', async () => {
      const reader = readers.get('rfid10') as SimulatedTagReader;
      await until(() => reader.health().ok, 'connected');
      assert.equal(reader.health().detail?.simulated, true);
      const got = new Promise<TagRead>((resolve) => reader.on('tag', resolve));
      await reader.simulator.sendTag('E200000000000000000000C1', { rssi: -44, count: 4 });
      assert.equal((await got).epc, 'E200000000000000000000C1');
    });

    it('a simulated reader unplugged and plugged back: the driver reconnects and reads again', async () => {
      const reader = readers.get('rfid10') as SimulatedTagReader;
      await reader.simulator.disappear();
      await until(() => !reader.health().ok, 'disconnected');
      await reader.simulator.reappear();
      await until(() => reader.health().ok, 'reconnected');
      const got = new Promise<TagRead>((resolve) => reader.on('tag', resolve));
      await reader.simulator.sendTag('E200000000000000000000C2', { count: 2 });
      assert.equal((await got).epc, 'E200000000000000000000C2');
    });

    it('a simulated reader with `tags` and `everyMs` presents tags by itself (the demo)', async () => {
      const reader = readers.get('rfid40')!;
      const got = new Promise<TagRead>((resolve) => reader.on('tag', resolve));
      const read = (await got) as TagRead & { sgtin?: { gtin: string } };
      assert.equal(read.epc, '3074257BF7194E4000001A85');
      assert.equal(read.sgtin?.gtin, '80614141123458');
    });

    it('simulated scanners: driven by hand, and by `scans` with `everyMs`', async () => {
      const manual = scanners.get('scan20') as SimulatedScanner;
      await until(() => manual.health().ok, 'connected');
      const got = new Promise<Scan>((resolve) => manual.on('scan', resolve));
      await manual.simulator.sendScan('MANUAL-1');
      assert.equal((await got).text, 'MANUAL-1');
      const auto = await new Promise<Scan>((resolve) => scanners.get('scan30')!.on('scan', resolve));
      assert.equal(auto.text, 'AUTO-1');
    });
  });

describe('a simulator without socat', () => {
  it('fails to start with SIMULATOR_UNAVAILABLE naming socat, leaving no process behind', async () => {
    const sim = new SimulatorProcess({
      script: simulatorScript(path.join(__dirname, '../../../devices/rfid')),
      env: { ...process.env, PATH: '/nonexistent' },
    });
    await assert.rejects(
      sim.start(),
      (e: unknown) => hasCode(e, 'SIMULATOR_UNAVAILABLE') && /socat/.test(e.message),
    );
    await sim.stop();
    assert.ok(sim.folder);
    assert.deepEqual(processesMentioning(sim.folder), [], 'no simulator left');
  });
});
