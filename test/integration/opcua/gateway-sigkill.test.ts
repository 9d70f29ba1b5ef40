/**
 * One handshake, one serial, across a crash: a real gateway process is SIGKILLed after it has
 * reserved the serial (durable, label printing) and before it writes ack; the restarted gateway
 * serves the still-raised request with the same serial, reprinting the label as a reprint.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { PlcSimulator } from '../../../devices/opcua/simulator';
import { VirtualZebra } from '../../../devices/zebra/simulator';
import { openStore } from '../../../src/store/store';
import { Sublevels } from '../../../src/store/layout';
import type { GatewayEvent } from '../../../src/events/event';
import { startGateway, type GatewayProcess } from '../../helpers/gateway-process';
import { UNIT_TEMPLATE, gatewayYaml, handshakeNodesYaml } from '../../helpers/gateway-config';
import { until } from '../../helpers/until';
import { tempDir } from '../../helpers/tmp';

describe('OPC UA handshake: gateway SIGKILLed between reserve and ack', function () {
  this.timeout(90000);
  let tmp: ReturnType<typeof tempDir>;
  let sim: PlcSimulator;
  let printer: VirtualZebra;
  let gw: GatewayProcess | undefined;

  before(async () => {
    tmp = tempDir();
    sim = new PlcSimulator({ stations: ['ST10'], pkiDir: path.join(tmp.dir, 'sim-pki') });
    printer = new VirtualZebra({ printMs: 2500 }); // slow: the kill lands while the label prints
  });
  after(async () => {
    gw?.child.kill('SIGKILL');
    await sim.stop();
    await printer.stop();
    tmp.cleanup();
  });

  it('serves the retried request with the serial already reserved', async () => {
    const endpoint = await sim.start();
    const port = await printer.start();
    const file = path.join(tmp.dir, 'linegate.yaml');
    const extra = `    label: unit
    printer: zebra1
    trigger:
      type: opcua-handshake
      plc: plc1
      nodes: ${handshakeNodesYaml('ST10')}
plcs:
  plc1: { endpoint: "${endpoint}", publishingIntervalMs: 10 }
printers:
  zebra1: { connection: { type: tcp, host: 127.0.0.1, port: ${port} }, confirmTimeoutMs: 10000 }
labels:
  unit: { template: ${UNIT_TEMPLATE} }
`;
    writeFileSync(file, gatewayYaml(tmp.dir, extra));
    const received: string[] = [];
    printer.on('received', (format) => received.push(format.toString('latin1')));

    gw = await startGateway(file);
    await until('PLC connected', () => gw!.lines.some((l) => l.includes('"PLC connected"')));
    sim.raiseRequest('ST10');
    // The label reaches the printer only after the serial and unit.started are on disk; it takes
    // 2.5 s to print, so the gateway is killed before it could confirm it and write ack.
    await until('the label to arrive at the printer', () => received.length === 1);
    gw.child.kill('SIGKILL');
    await gw.exited;
    assert.equal(sim.values('ST10').ack, false, 'the gateway died before ack');
    assert.equal(sim.values('ST10').request, true, 'the PLC keeps its request raised');

    gw = await startGateway(file);
    await until('the handshake to complete after restart', () => sim.handshakes.length === 1);
    const handshake = sim.handshakes[0];
    gw.child.kill('SIGTERM');
    await gw.exited;
    gw = undefined;

    const store = await openStore(path.join(tmp.dir, 'data'));
    try {
      const events = (await store.sub(Sublevels.events).values().all()) as GatewayEvent[];
      const started = events.filter((e) => e.type === 'unit.started');
      assert.equal(started.length, 1, 'one unit.started: the retry did not issue a second serial');
      assert.equal(handshake.serial, started[0].serial, 'the PLC got the serial reserved before the crash');
      assert.equal(handshake.result, 0);
      const labels = events.filter((e) => e.type === 'label.printed');
      assert.equal(labels.length, 1);
      assert.equal(labels[0].serial, handshake.serial);
      assert.equal(labels[0].data.reprint, true, 'the label may have printed before the crash: a reprint');
      assert.equal(received.length, 2, 'sent once before the crash, once after');
      for (const format of received)
        assert.ok(format.includes(handshake.serial), 'both labels carry the same serial');
    } finally {
      await store.close();
    }
  });
});
