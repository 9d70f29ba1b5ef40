/**
 * Sessions and failed connects as PLCs in the field show them: a PLC that is down (never an
 * untrusted certificate), a PLC that does not trust the gateway, sessions closed on stop, and a
 * session limit held by a crashed client's session until it times out. Real node-opcua servers.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { PlcConnection } from '../../../devices/opcua/plc-connection';
import { listOpcuaCertificates, trustOpcuaCertificateDer } from '../../../devices/opcua/pki';
import { makeRig, type Rig } from './setup';
import { blackholeProxy, captureLogger, makeCtx, waitFor } from './helpers';

describe('OPC UA sessions and failed connects', function () {
  this.timeout(60_000);
  let rig: Rig | undefined;
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
    await rig?.stopAll();
    rig = undefined;
  });

  for (const mode of ['None', 'SignAndEncrypt'] as const) {
    it(`reports a PLC that is down as unreachable, never as an untrusted certificate (${mode})`, async () => {
      rig = await makeRig(['ST10'], {
        startSim: false,
        plc: { securityMode: mode, securityPolicy: mode === 'None' ? 'None' : 'Basic256Sha256' },
      });
      const r = rig;
      await r.startGateway();
      await waitFor(() => r.connection.health().detail?.attempts === 3, 'three failed attempts');
      const ours = r.lines.filter((l) => l.lib === undefined);
      const cert = ours.filter(
        (l) => l.code === 'OPCUA_CERT_UNTRUSTED' || /certificate/i.test(String(l.msg)),
      );
      assert.deepEqual(cert, []);
      const line = r.lines.find((l) =>
        /^PLC unreachable at opc\.tcp:\/\/127\.0\.0\.1:1 \(.+\): is it on and on the network\?/.test(
          String(l.msg),
        ),
      );
      assert.ok(line, JSON.stringify(ours.filter((l) => Number(l.level) >= 40)));
      assert.equal(line?.level, 40);
      // repeats of the same failure are not logged as new warnings
      assert.equal(r.lines.filter((l) => /^PLC unreachable/.test(String(l.msg)) && l.level === 40).length, 1);
      assert.equal(r.connection.health().ok, false);
    });
  }

  it("says the PLC must trust the gateway, without offering the gateway's own thumbprint", async () => {
    rig = await makeRig(['ST10'], {
      sim: {
        securityModes: ['SignAndEncrypt'],
        securityPolicies: ['Basic256Sha256'],
        trustAllClients: false,
      },
      plc: { securityMode: 'SignAndEncrypt', securityPolicy: 'Basic256Sha256' },
    });
    const r = rig;
    await trustOpcuaCertificateDer(r.dataDir, r.sim.certificate().der); // the gateway trusts the PLC
    await r.startGateway();
    await waitFor(() => r.lines.some((l) => l.code === 'OPCUA_CERT_UNTRUSTED'), 'the refusal');
    const line = r.lines.find((l) => l.code === 'OPCUA_CERT_UNTRUSTED') ?? {};
    assert.match(String(line.msg), /the PLC must trust the gateway's certificate/);
    assert.equal(line.thumbprint, undefined);
    const own = (await listOpcuaCertificates(r.dataDir)).own?.thumbprint;
    assert.ok(own);
    assert.ok(!JSON.stringify(r.lines).includes(`trust --config FILE ${own}`));
  });

  it('closes its session on stop: restarts do not pile up sessions on a PLC with a limit of one', async () => {
    rig = await makeRig(['ST10'], { sim: { maxSessions: 1 } });
    const r = rig;
    for (let i = 0; i < 3; i++) {
      await r.connection.start();
      await waitFor(() => r.connection.health().ok, `connected (start ${i + 1})`);
      assert.equal(r.sim.sessionCount(), 1);
      await r.connection.stop();
      await waitFor(() => r.sim.sessionCount() === 0, `session closed (stop ${i + 1})`);
    }
    assert.ok(!r.lines.some((l) => l.status === 'BadTooManySessions'));
  });

  it("backs off on BadTooManySessions while a crashed client's session holds the slot, then connects", async () => {
    rig = await makeRig(['ST10'], { sim: { maxSessions: 1 }, startSim: true });
    const r = rig;
    const endpoint = r.sim.endpointUrl;
    const proxy = await blackholeProxy(Number(new URL(endpoint.replace('opc.tcp', 'http')).port));
    const config = {
      endpoint: `opc.tcp://127.0.0.1:${proxy.port}`,
      securityMode: 'None' as const,
      securityPolicy: 'None' as const,
      publishingIntervalMs: 50,
      samplingIntervalMs: 0,
      // long enough that the second client surely tries while it holds the slot, even on a busy machine
      sessionTimeoutMs: 8000,
      simulate: false,
      simulateCycleMs: 0,
    };
    const crashed = captureLogger();
    const a = new PlcConnection({ config, ctx: makeCtx('plcA', path.join(r.dataDir, 'a'), crashed.log) });
    cleanups.push(() => a.stop());
    await a.start();
    await waitFor(() => a.health().ok, 'the first client connected');
    await proxy.close(); // the first client's process dies: its session stays on the PLC until its timeout
    const { log, lines } = captureLogger();
    const b = new PlcConnection({
      config: { ...config, endpoint },
      ctx: makeCtx('plcB', path.join(r.dataDir, 'b'), log),
      backoff: { minMs: 100, maxMs: 500 },
    });
    cleanups.push(() => b.stop());
    await b.start();
    await waitFor(() => lines.some((l) => l.status === 'BadTooManySessions'), 'the refusal');
    const line = lines.find((l) => l.status === 'BadTooManySessions') ?? {};
    assert.match(
      String(line.msg),
      /PLC refuses a new session \(BadTooManySessions\): it is at its session limit/,
    );
    assert.ok(Number(line.retryInMs) >= 2000, 'backs off at least 2 s');
    await waitFor(() => b.health().ok, 'connected once the dead session timed out', 30_000);
    assert.equal(r.sim.sessionCount(), 1);
  });
});
