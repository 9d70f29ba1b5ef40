import assert from 'node:assert/strict';
import { createTagReader, rfidFamily } from '../../../devices/rfid/family';
import { SerialTagReader } from '../../../devices/rfid/reader';
import { SimulatedTagReader } from '../../../devices/rfid/simulated-reader';
import type { Config } from '../../../src/config/schema';
import type { ReaderConfig } from '../../../devices/rfid/config';
import { silentLog } from '../../helpers/silent-log';

const ctx = (name: string) => ({ name, log: silentLog, clock: { now: () => 0 }, dataDir: '/nonexistent' });

describe('rfidFamily', () => {
  it('builds a serial driver or a simulated one per readers entry, opening nothing', async () => {
    const config = {
      readers: {
        rfid10: {
          connection: { type: 'serial', path: '/dev/serial/by-id/usb-rfid', baudRate: 115200 },
          protocol: 'uhf-bb7e',
          dedupWindowMs: 2000,
        },
        rfid20: {
          connection: { type: 'simulator', options: { tags: ['E2001234'] } },
          protocol: 'ascii-lines',
          dedupWindowMs: 2000,
        },
      },
    } as unknown as Config; // only the section this family reads
    const readers = await rfidFamily.readers!(config, (_kind, name) => ctx(name));
    assert.ok(readers.get('rfid10') instanceof SerialTagReader);
    assert.ok(readers.get('rfid20') instanceof SimulatedTagReader);
    assert.equal(readers.get('rfid10')!.name, 'rfid10');
    assert.deepEqual(readers.get('rfid10')!.health(), { ok: false, state: 'stopped' });
  });

  it('names the bad option in a TypeError', () => {
    const sim = (options: Record<string, unknown>): ReaderConfig => ({
      connection: { type: 'simulator', options },
      protocol: 'uhf-bb7e',
      dedupWindowMs: 2000,
    });
    assert.throws(
      () => createTagReader(sim({ tagz: [] }), ctx('r1')),
      /readers\.r1\.connection\.options\.tagz: unknown option/,
    );
    assert.throws(
      () => createTagReader(sim({ tags: ['nothex'] }), ctx('r1')),
      /options\.tags: must be a list of EPCs/,
    );
    assert.throws(
      () => createTagReader(sim({ everyMs: -1 }), ctx('r1')),
      /options\.everyMs: must be a positive integer/,
    );
    assert.throws(
      () => createTagReader({ ...sim({}), protocol: 'ascii-lines', pattern: '(' }, ctx('r2')),
      /readers\.r2: ascii-lines: pattern is not a valid regular expression/,
    );
  });
});
