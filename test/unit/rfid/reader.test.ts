import assert from 'node:assert/strict';
import { MockBinding } from '@serialport/binding-mock';
import { SerialPortMock } from 'serialport';
import sinon from 'sinon';
import { asciiLines } from '../../../devices/rfid/protocols/ascii-lines';
import {
  multiPollCommand,
  stopMultiPollCommand,
  tagNotice,
  uhfBb7e,
} from '../../../devices/rfid/protocols/uhf-bb7e';
import { SerialTagReader } from '../../../devices/rfid/reader';
import type { ReaderProtocol, RfidTagRead } from '../../../devices/rfid/types';
import { encodeSgtin96 } from '../../../src/serials/sgtin96';
import { silentLog } from '../../helpers/silent-log';

const SGTIN = encodeSgtin96({ filter: 3, companyPrefix: '0614141', itemReference: '812345', serial: '6789' });

describe('SerialTagReader (on @serialport/binding-mock)', () => {
  let clock: sinon.SinonFakeTimers;
  let mock: SerialPortMock | undefined;
  let reader: SerialTagReader;
  let tags: RfidTagRead[];

  const build = (protocol: ReaderProtocol) => {
    reader = new SerialTagReader({
      ctx: { name: 'rfid10', log: silentLog, clock: { now: () => Date.now() }, dataDir: '/nonexistent' },
      address: { path: '/dev/RFID', baudRate: 115200 },
      protocol,
      dedupWindowMs: 2000,
      tuning: {
        settleMs: 100,
        openPort: (a) => (mock = new SerialPortMock({ path: a.path, baudRate: a.baudRate, autoOpen: false })),
      },
    });
    tags = [];
    reader.on('tag', (t) => tags.push(t));
  };

  /** Lets the mock binding's promise chains run (they use no timers). */
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  };

  beforeEach(() => {
    clock = sinon.useFakeTimers({
      now: 5_000_000,
      toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'],
    });
    MockBinding.createPort('/dev/RFID', { echo: false, record: true });
  });

  afterEach(async () => {
    await reader.stop();
    clock.restore();
    MockBinding.reset();
  });

  it('starts multi-poll on connect, emits one tag per visit with the strongest RSSI, stops polling on stop', async () => {
    build(uhfBb7e());
    await reader.start();
    await settle();
    assert.deepEqual(mock!.port!.recording, multiPollCommand());

    const epc = 'E28011704000021D35AE4008';
    mock!.port!.emitData(Buffer.concat([-60, -45, -52].map((rssi) => tagNotice({ epc, rssi }))));
    await settle();
    assert.equal(tags.length, 0); // still settling
    await clock.tickAsync(100);
    assert.deepEqual(tags, [{ epc, rssi: -45, pc: 0x3000, time: 5_000_000, reads: 3 }]);
    assert.deepEqual(
      reader.present().map((r) => [r.epc, r.lastSeen]),
      [[epc, 5_000_000]],
    );

    mock!.port!.emitData(tagNotice({ epc, rssi: -40 }));
    await settle();
    await clock.tickAsync(500);
    assert.equal(tags.length, 1); // same visit

    await reader.stop();
    assert.deepEqual(mock!.port!.recording, Buffer.concat([multiPollCommand(), stopMultiPollCommand()]));
    assert.equal(clock.countTimers(), 0);
    assert.equal(reader.health().state, 'stopped');
  });

  it('decodes SGTIN-96 EPCs into GTIN and serial on the emitted read', async () => {
    build(uhfBb7e());
    await reader.start();
    await settle();
    mock!.port!.emitData(tagNotice({ epc: SGTIN, rssi: -50 }));
    await settle();
    await clock.tickAsync(100);
    assert.deepEqual(tags[0].sgtin, {
      gtin: '80614141123458',
      serial: '6789',
      uri: 'urn:epc:tag:sgtin-96:3.0614141.812345.6789',
    });
  });

  it('counts garbage and bad checksums in health and keeps reading', async () => {
    build(uhfBb7e());
    await reader.start();
    await settle();
    const bad = tagNotice({ epc: 'E2000000000000000000BAD0', rssi: -60 });
    bad[bad.length - 2] ^= 0xff;
    mock!.port!.emitData(
      Buffer.concat([
        Buffer.from([0x00, 0x13, 0x37]),
        bad,
        tagNotice({ epc: 'E2000000000000000000600D', rssi: -61 }),
      ]),
    );
    await settle();
    await clock.tickAsync(100);
    assert.deepEqual(
      tags.map((t) => t.epc),
      ['E2000000000000000000600D'],
    );
    const h = reader.health();
    assert.equal(h.ok, true);
    assert.equal(h.state, 'connected');
    assert.equal(h.detail?.badChecksum, 1);
    assert.ok((h.detail?.garbageBytes as number) >= 3);
    assert.equal(h.detail?.protocol, 'uhf-bb7e');
  });

  it('re-arms multi-poll periodically (the round count runs out)', async () => {
    build(uhfBb7e());
    await reader.start();
    await settle();
    await clock.tickAsync(60_000);
    await settle();
    assert.deepEqual(mock!.port!.recording, Buffer.concat([multiPollCommand(), multiPollCommand()]));
  });

  it('ascii-lines: reads per antenna, sends nothing', async () => {
    build(asciiLines());
    await reader.start();
    await settle();
    mock!.port!.emitData(Buffer.from('E2001234,-50,1\r\nE2001234,-49,2\r\nE2001234,-48,1\r\n'));
    await settle();
    await clock.tickAsync(100);
    assert.deepEqual(
      tags.map((t) => [t.antenna, t.rssi, t.reads]),
      [
        [1, -48, 2],
        [2, -49, 1],
      ],
    );
    assert.equal(mock!.port!.recording.length, 0);
  });
});
