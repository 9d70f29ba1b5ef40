import assert from 'node:assert/strict';
import { uhfBb7e, tagNotice } from '../../../devices/rfid/protocols/uhf-bb7e';
import { asciiLines } from '../../../devices/rfid/protocols/ascii-lines';
import { SerialTagReader } from '../../../devices/rfid/reader';
import { RfidSimulator } from '../../../devices/rfid/simulator';
import type { ReaderProtocol, RfidTagRead } from '../../../devices/rfid/types';
import { FAST_BACKOFF, processesMentioning, simDir, testCtx, until } from './pty.helper';

describe('RFID reader on a real pty pair (socat, simulator in its own process)', function () {
  this.timeout(30_000);
  let sim: RfidSimulator;
  let reader: SerialTagReader;
  let tags: RfidTagRead[];

  const setup = async (protocol: ReaderProtocol) => {
    sim = new RfidSimulator({ protocol: protocol.name as 'uhf-bb7e' | 'ascii-lines', pty: true });
    await sim.start();
    reader = new SerialTagReader({
      ctx: testCtx('rfid10'),
      address: { path: sim.gatewayPath, baudRate: 115200 },
      protocol,
      dedupWindowMs: 2000,
      tuning: { settleMs: 100, backoff: FAST_BACKOFF },
    });
    tags = [];
    reader.on('tag', (t) => tags.push(t));
    await reader.start();
    await until(() => reader.health().ok, 'reader connected');
  };

  afterEach(async () => {
    const dir = simDir(sim);
    await reader?.stop();
    await sim?.stop();
    if (dir) assert.deepEqual(processesMentioning(dir), [], 'simulator and socat are gone');
  });

  it('uhf-bb7e end to end: starts polling, one tag per visit with the strongest RSSI, stops polling', async () => {
    await setup(uhfBb7e());
    await sim.waitFor(/^rx bb00270003222710837e$/);
    await sim.waitFor(/^polling on$/);
    const epc = 'E28011704000021D35AE4008';
    await sim.sendRaw(Buffer.concat([-61, -47, -58, -52].map((rssi) => tagNotice({ epc, rssi }))));
    await until(() => tags.length === 1, 'one tag');
    assert.equal(tags[0].epc, epc);
    assert.equal(tags[0].rssi, -47);
    await sim.sendTag(epc, { rssi: -50, count: 10 });
    await until(() => (reader.health().detail?.dedup as { reads: number }).reads === 14, '14 raw reads');
    assert.equal(tags.length, 1, 'the same visit');
    const from = sim.eventCount();
    await reader.stop();
    await sim.waitFor(/^polling off$/, { from });
  });

  it('ascii-lines end to end, per antenna', async () => {
    await setup(asciiLines());
    await sim.sendTag('E2001234', { rssi: -55, antenna: 1, count: 3 });
    await sim.sendTag('E2001234', { rssi: -44, antenna: 2, count: 2 });
    await until(() => tags.length === 2, 'two visits');
    assert.deepEqual(tags.map((t) => [t.antenna, t.rssi]).sort(), [
      [1, -55],
      [2, -44],
    ]);
  });

  it('garbage and a bad frame on the line are counted; the next good frame is still read', async () => {
    await setup(uhfBb7e());
    await sim.waitFor(/^polling on$/);
    await sim.sendGarbage(200);
    await sim.sendBadFrame();
    await sim.sendTag('E2000000000000000000600D', { rssi: -49 });
    await until(() => tags.length === 1, 'the good tag');
    assert.equal(tags[0].epc, 'E2000000000000000000600D');
    const d = reader.health().detail!;
    assert.ok((d.garbageBytes as number) > 0, 'garbage counted');
    assert.ok((d.badChecksum as number) >= 1, 'bad checksum counted');
    assert.equal(reader.health().ok, true);
  });

  it('the device disappears and comes back: the reader reconnects and polls again', async () => {
    await setup(uhfBb7e());
    await sim.waitFor(/^polling on$/);
    await sim.disappear();
    await until(() => Number(reader.health().detail?.disconnects) >= 1, 'reader notices the loss');
    assert.match(reader.health().state, /^(reconnecting|connecting)/);
    const from = sim.eventCount();
    await sim.reappear();
    await until(() => reader.health().ok, 'reader reconnected');
    await sim.waitFor(/^polling on$/, { from }); // the start command was sent again after the reconnect
    await sim.sendTag('E2000000000000000000BAC0', { rssi: -45, count: 3 });
    await until(() => tags.some((t) => t.epc === 'E2000000000000000000BAC0'), 'tag after the reconnect');
    const d = reader.health().detail!;
    assert.ok((d.disconnects as number) >= 1);
    assert.ok((d.opens as number) >= 2);
  });
});
