import assert from 'node:assert/strict';
import { RfidSimDevice } from '../../../devices/rfid/sim-device';
import {
  multiPollCommand,
  singlePollCommand,
  stopMultiPollCommand,
  UhfBb7eDecoder,
} from '../../../devices/rfid/protocols/uhf-bb7e';
import type { SimIo } from '../../../devices/serial/sim-cli';

function fakeIo(): SimIo & { written: Buffer[]; said: string[] } {
  const io = {
    written: [] as Buffer[],
    said: [] as string[],
    write: async (d: Buffer) => void io.written.push(d),
    say: (l: string) => void io.said.push(l),
    arg: () => undefined,
  };
  return io;
}

const tick = () => new Promise((r) => setImmediate(r));

describe('RfidSimDevice', () => {
  it('uhf-bb7e: holds reads until multi-poll starts, answers stop and single poll like a module', async () => {
    const io = fakeIo();
    const sim = new RfidSimDevice('uhf-bb7e', io);
    await sim.command('tag', ['E2001234', '-55', '1', '3']);
    assert.equal(io.written.length, 0);
    sim.received(multiPollCommand());
    await tick();
    const decoder = new UhfBb7eDecoder();
    assert.deepEqual(
      decoder.feed(Buffer.concat(io.written)).map((r) => `${r.epc} ${r.rssi}`),
      ['E2001234 -55', 'E2001234 -55', 'E2001234 -55'],
    );
    sim.received(stopMultiPollCommand());
    await tick();
    assert.deepEqual(io.written.at(-1), Buffer.from('bb01280001002a7e', 'hex'));
    sim.received(singlePollCommand());
    await tick();
    assert.deepEqual(io.written.at(-1), Buffer.from('bb01ff000115167e', 'hex'));
    assert.deepEqual(
      io.said.filter((l) => !l.startsWith('rx ')),
      ['held (not polling)', 'polling on', 'polling off', 'single poll'],
    );
  });

  it('uhf-bb7e: a bad frame fails its checksum; garbage and raw go out at once', async () => {
    const io = fakeIo();
    const sim = new RfidSimDevice('uhf-bb7e', io);
    await sim.command('badframe', []);
    await sim.command('garbage', ['32']);
    await sim.command('raw', ['bb7e']);
    const decoder = new UhfBb7eDecoder();
    assert.deepEqual(decoder.feed(Buffer.concat(io.written)), []);
    assert.equal(decoder.stats().badChecksum, 1);
    assert.equal(io.written[1].length, 32);
  });

  it('ascii-lines: prints EPC,RSSI,ANTENNA lines; garbage is one line of noise', async () => {
    const io = fakeIo();
    const sim = new RfidSimDevice('ascii-lines', io);
    await sim.command('tag', ['e2001234', '-48', '2', '2']);
    await sim.command('garbage', ['64']);
    assert.equal(io.written[0].toString(), 'E2001234,-48,2\r\nE2001234,-48,2\r\n');
    const noise = io.written[1];
    assert.equal(noise.subarray(0, -2).includes(0x0d) || noise.subarray(0, -2).includes(0x0a), false);
    assert.equal(noise.subarray(-2).toString(), '\r\n');
  });

  it('rejects unknown commands and bad EPCs', async () => {
    const sim = new RfidSimDevice('uhf-bb7e', fakeIo());
    await assert.rejects(
      Promise.resolve().then(() => sim.command('fly', [])),
      /unknown command/,
    );
    await assert.rejects(sim.command('tag', ['XYZ']), /hex/);
  });
});
