/**
 * The LLRP driver against the simulated reader over real TCP, one fault at a time: a reader held
 * by another client, a reader that stops sending keepalives, a reboot (connection dropped, ROSpecs
 * forgotten), empty reports, ROSpecs left by a previous client, reader events in health.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import { detail, errorCount, llrpRig, until, type LlrpRig } from '../../helpers/llrp-rig';
import { tempDir } from '../../helpers/tmp';
import { makePki, type TestPki } from '../upstream/helpers';

const EPC = '3034257BF7194E4000001A85';
const EPC2 = 'E28011606000020812340002';

describe('LLRP driver against the simulated reader (faults)', function () {
  this.timeout(20000);
  let rig: LlrpRig;
  afterEach(async () => rig?.stop());

  it('cleans up at connect, acknowledges every keepalive with its message ID, and reads', async () => {
    rig = await llrpRig();
    rig.sim.leaveRospec(1); // a previous client left ROSpec 1 running: ADD_ROSPEC 1 alone would fail
    await rig.reader.start();
    await until('inventory', () => rig.reader.health().ok);
    const requests = rig.sim.received.filter((t) => t !== 'KEEPALIVE_ACK');
    assert.deepEqual(requests.slice(0, 5), [
      'DELETE_ACCESSSPEC',
      'DELETE_ROSPEC',
      'SET_READER_CONFIG',
      'ADD_ROSPEC',
      'ENABLE_ROSPEC',
    ]);
    assert.deepEqual([...rig.sim.state.rospecs.keys()], [1]);
    rig.sim.tagEnters(EPC, { antenna: 2, rssi: -47 });
    await until('the tag', () => rig.tags.length === 1);
    assert.equal(rig.tags[0].epc, EPC);
    assert.equal(rig.tags[0].antenna, 2);
    assert.equal(rig.tags[0].rssi, -47);
    await until('three keepalives', () => rig.sim.counts.keepalives >= 3);
    await until('their acks', () => rig.sim.counts.keepaliveAcks >= rig.sim.counts.keepalives - 1);
    assert.equal(detail(rig.reader).disconnects, 0, 'acknowledged keepalives keep the connection');
  });

  it('reports LLRP_READER_BUSY while another client holds the reader, and connects once it leaves', async () => {
    rig = await llrpRig();
    const other = net.connect({ host: '127.0.0.1', port: rig.sim.port });
    await until('the other client', () => rig.sim.hasClient);
    await rig.reader.start();
    await until('the refusal', () => errorCount(rig.reader, 'LLRP_READER_BUSY') >= 1);
    assert.equal(rig.reader.health().ok, false);
    assert.match(rig.reader.health().state, /LLRP_READER_BUSY/);
    assert.ok(rig.sim.counts.refused >= 1);
    other.destroy();
    await until('inventory after the other client left', () => rig.reader.health().ok);
  });

  it('drops a silent connection (LLRP_READ_TIMEOUT) and reconnects', async () => {
    rig = await llrpRig();
    await rig.reader.start();
    await until('inventory', () => rig.reader.health().ok);
    rig.sim.goSilent();
    await until('the read timeout', () => errorCount(rig.reader, 'LLRP_READ_TIMEOUT') >= 1);
    await until('a new connection', () => rig.sim.counts.connections === 2 && rig.reader.health().ok);
    rig.sim.tagEnters(EPC);
    await until('a tag after the reconnect', () => rig.tags.length === 1);
  });

  it('survives a reboot: reconnects, sets the ROSpec up again and reads', async () => {
    rig = await llrpRig();
    await rig.reader.start();
    await until('inventory', () => rig.reader.health().ok);
    await rig.sim.reboot(300);
    assert.equal(rig.sim.state.rospecs.size, 0, 'the reboot forgot the ROSpec');
    await until(
      'inventory after the reboot',
      () => rig.reader.health().ok && rig.sim.state.rospecs.size === 1,
    );
    assert.ok(Number(detail(rig.reader).disconnects) >= 1);
    rig.sim.tagEnters(EPC2, { antenna: 1 });
    await until('a tag after the reboot', () => rig.tags.some((t) => t.epc === EPC2));
  });

  it('takes empty reports as no reads, without errors', async () => {
    rig = await llrpRig();
    rig.sim.sendEmptyReports();
    await rig.reader.start();
    await until('inventory', () => rig.reader.health().ok);
    const before = Number(detail(rig.reader).emptyReports);
    await until('empty reports', () => Number(detail(rig.reader).emptyReports) >= before + 5);
    assert.equal(rig.tags.length, 0);
    assert.equal(rig.reader.health().ok, true);
    rig.sim.tagEnters(EPC);
    await until('the tag between empty reports', () => rig.tags.length === 1);
    assert.equal(detail(rig.reader).decodeErrors, 0);
  });

  it('shows antenna and report-buffer events in health', async () => {
    rig = await llrpRig();
    await rig.reader.start();
    await until('inventory', () => rig.reader.health().ok);
    rig.sim.antennaEvent(2, false);
    rig.sim.bufferWarning(85);
    await until('the antenna event', () => rig.reader.health().ok === false);
    assert.deepEqual(detail(rig.reader).antennasDisconnected, [2]);
    assert.match(rig.reader.health().state, /antenna 2 disconnected/);
    await until('the buffer warning', () => detail(rig.reader).bufferPercentFull === 85);
    rig.sim.antennaEvent(2, true);
    await until('the antenna back', () => rig.reader.health().ok);
  });

  it('deletes its ROSpec and closes the connection on stop; stop and start are idempotent', async () => {
    rig = await llrpRig();
    await Promise.all([rig.reader.start(), rig.reader.start()]);
    await until('inventory', () => rig.reader.health().ok);
    await rig.reader.stop();
    await rig.reader.stop();
    assert.equal(rig.reader.health().state, 'stopped');
    const requests = rig.sim.received.filter((t) => t !== 'KEEPALIVE_ACK');
    assert.deepEqual(requests.slice(-2), ['DELETE_ROSPEC', 'CLOSE_CONNECTION']);
    assert.equal(rig.sim.state.rospecs.size, 0);
    await until('the simulator free again', () => !rig.sim.hasClient);
    assert.equal(rig.sim.counts.connections, 1);
  });

  it('sets transmit power from the reader power table (27 dBm -> index 18)', async () => {
    rig = await llrpRig({
      settings: {
        antennas: [1],
        powerDbm: 27.5,
        session: 0,
        searchMode: 'dual-target',
        tagPopulation: 4,
        vendor: 'generic',
      },
    });
    await rig.reader.start();
    await until('inventory', () => rig.reader.health().ok);
    assert.ok(rig.sim.received.includes('GET_READER_CAPABILITIES'));
    assert.equal(rig.sim.state.rospecs.get(1)?.power, 18);
  });
});

describe('LLRP over TLS against the simulated reader', function () {
  this.timeout(30000);
  let tmp: ReturnType<typeof tempDir>;
  let pki: TestPki;
  let rig: LlrpRig | undefined;
  before(() => {
    tmp = tempDir();
    pki = makePki(tmp.dir);
  });
  afterEach(async () => rig?.stop());
  after(() => tmp.cleanup());
  const server = () => ({
    reportEveryMs: 20,
    tls: { key: readFileSync(pki.serverKey), cert: readFileSync(pki.serverCert) },
  });

  it('reads through TLS when the reader certificate chains to the given CA', async () => {
    rig = await llrpRig({ tls: { ca: readFileSync(pki.ca), rejectUnauthorized: true } }, server());
    await rig.reader.start();
    await until('inventory over TLS', () => rig!.reader.health().ok);
    rig.sim.tagEnters(EPC);
    await until('the tag', () => rig!.tags.length === 1);
  });

  it('refuses a reader certificate it cannot verify, and says why', async () => {
    rig = await llrpRig({ tls: { ca: readFileSync(pki.otherCa), rejectUnauthorized: true } }, server());
    await rig.reader.start();
    await until('the refusal', () => /certificate/i.test(String(rig!.reader.health().state)));
    assert.equal(rig.reader.health().ok, false);
    assert.equal(rig.sim.counts.connections, 0, 'no LLRP conversation over an unverified connection');
  });
});
