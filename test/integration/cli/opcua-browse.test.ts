import assert from 'node:assert/strict';
import path from 'node:path';
import { PlcSimulator } from '../../../devices/opcua/simulator';
import { tempDir } from '../../helpers/tmp';
import { runCli } from '../../helpers/gateway-process';

describe('linegate opcua browse', function () {
  this.timeout(60000);
  let tmp: ReturnType<typeof tempDir>;
  let sim: PlcSimulator;
  before(async () => {
    tmp = tempDir();
    sim = new PlcSimulator({
      stations: ['ST10'],
      pkiDir: path.join(tmp.dir, 'sim-pki'),
      port: 0,
      namespaceUri: 'urn:test:stations',
    });
    await sim.start();
  });
  after(async () => {
    await sim.stop();
    tmp.cleanup();
  });

  it("prints the station's handshake nodes with both id forms and their data types", async () => {
    const r = await runCli(['opcua', 'browse', sim.endpointUrl, '--depth', '3'], { HOME: tmp.dir });
    assert.equal(r.code, 0, r.stderr);
    const ns = sim.stationNamespaceIndex;
    for (const [name, type] of [
      ['Request', 'Boolean'],
      ['Ack', 'Boolean'],
      ['Serial', 'String'],
      ['Result', 'Int16'],
    ]) {
      const line = r.stdout.split('\n').find((l) => l.includes(`ns=${ns};s=ST10.${name} `));
      assert.ok(line, `no line for ST10.${name} in:\n${r.stdout}`);
      assert.ok(line.includes(`nsu=urn:test:stations;s=ST10.${name}`), line);
      assert.match(line, new RegExp(`\\[Variable\\].* ${type} = `));
    }
  });

  it('starts from a given node and exits 69 with one line for an unreachable endpoint', async () => {
    const r = await runCli(['opcua', 'browse', sim.endpointUrl, 'i=2253', '--depth', '0'], { HOME: tmp.dir });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), 'Server  [Object]  ns=0;i=2253');
    const one = await runCli(['opcua', 'browse', sim.endpointUrl, 'nsu=urn:test:stations;s=ST10.Ack'], {
      HOME: tmp.dir,
    });
    assert.equal(one.code, 0, one.stderr);
    assert.match(
      one.stdout,
      /^\d+:ST10\.Ack {2}\[Variable\] {2}ns=\d+;s=ST10\.Ack {2}nsu=urn:test:stations;s=ST10\.Ack {2}Boolean = false\n$/,
    );
    const down = await runCli(['opcua', 'browse', 'opc.tcp://127.0.0.1:1', '--timeout', '3000'], {
      HOME: tmp.dir,
    });
    assert.equal(down.code, 69);
    assert.equal(down.stderr.trim().split('\n').length, 1, down.stderr);
    assert.match(down.stderr, /^linegate opcua browse: cannot reach opc\.tcp:\/\/127\.0\.0\.1:1/);
    assert.doesNotMatch(down.stderr, /\n\s+at /);
  });
});
