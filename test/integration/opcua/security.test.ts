import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { listOpcuaCertificates, trustOpcuaCertificate } from '../../../devices/opcua';
import { makeRig, type Rig } from './setup';
import { waitFor } from './helpers';

function pemToDer(file: string): Buffer {
  const pem = readFileSync(file, 'latin1');
  const b64 = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(pem)?.[1] ?? '';
  return Buffer.from(b64.replace(/\s+/g, ''), 'base64');
}

describe('OPC UA security', function () {
  this.timeout(40_000);
  let rig: Rig | undefined;
  afterEach(async () => {
    await rig?.stopAll();
    rig = undefined;
  });

  const secure = {
    sim: {
      securityModes: ['SignAndEncrypt' as const],
      securityPolicies: ['Basic256Sha256' as const],
      trustAllClients: false,
    },
    plc: { securityMode: 'SignAndEncrypt' as const, securityPolicy: 'Basic256Sha256' as const },
  };

  it('refuses an unknown server certificate and logs how to trust it', async () => {
    rig = await makeRig(['ST10'], secure);
    const r = rig;
    await r.startGateway();
    await waitFor(() => r.lines.some((l) => l.code === 'OPCUA_CERT_UNTRUSTED'), 'the refusal log line');
    const line = r.lines.find((l) => l.code === 'OPCUA_CERT_UNTRUSTED') ?? {};
    const thumbprint = r.sim.certificate().thumbprint;
    assert.equal(line.thumbprint, thumbprint);
    assert.match(String(line.msg), new RegExp(`linegate opcua trust --config FILE ${thumbprint}`));
    assert.equal(r.connection.health().ok, false);
    const list = await listOpcuaCertificates(r.dataDir);
    assert.deepEqual(
      list.rejected.map((c) => c.thumbprint),
      [thumbprint],
    );
    assert.deepEqual(list.trusted, []);
    assert.equal(r.stations.ST10.requests.length, 0);
  });

  const rounds = [
    ['SignAndEncrypt', 'Basic256Sha256'],
    ['Sign', 'Aes128_Sha256_RsaOaep'],
    ['SignAndEncrypt', 'Aes256_Sha256_RsaPss'],
  ] as const;
  for (const [mode, policy] of rounds) {
    it(`runs a handshake over ${mode} / ${policy} once both sides trust each other`, async () => {
      rig = await makeRig(['ST10'], {
        sim: { securityModes: [mode], securityPolicies: [policy], trustAllClients: false },
        plc: { securityMode: mode, securityPolicy: policy },
      });
      const r = rig;
      await r.startGateway();
      await waitFor(() => r.lines.some((l) => l.code === 'OPCUA_CERT_UNTRUSTED'), 'the refusal');
      const before = await listOpcuaCertificates(r.dataDir);
      assert.ok(before.own, 'the gateway has its own certificate');
      await r.sim.trustCertificate(pemToDer(before.own.file));
      const trusted = await trustOpcuaCertificate(r.dataDir, r.sim.certificate().thumbprint.toUpperCase());
      assert.equal(trusted.thumbprint, r.sim.certificate().thumbprint);
      await waitFor(() => r.connection.health().ok, 'a secure session');
      r.sim.raiseRequest('ST10');
      await waitFor(() => r.sim.handshakes.length === 1, 'a handshake');
      assert.equal(r.sim.handshakes[0].serial, r.stations.ST10.issued[0]);
      const after = await listOpcuaCertificates(r.dataDir);
      assert.deepEqual(after.rejected, []);
      assert.deepEqual(
        after.trusted.map((c) => c.thumbprint),
        [r.sim.certificate().thumbprint],
      );
    });
  }

  it('logs in with user name and password, and never logs the password', async () => {
    rig = await makeRig(['ST10'], {
      sim: { users: { operator: 's3cret-pw' } },
      plc: { username: 'operator', password: 's3cret-pw' },
    });
    const r = rig;
    await r.startGateway();
    await waitFor(() => r.connection.health().ok, 'a session');
    r.sim.raiseRequest('ST10');
    await waitFor(() => r.sim.handshakes.length === 1, 'a handshake');
    assert.ok(!JSON.stringify(r.lines).includes('s3cret-pw'));
  });

  it('keeps retrying with a wrong password, without logging it', async () => {
    rig = await makeRig(['ST10'], {
      sim: { users: { operator: 's3cret-pw' } },
      plc: { username: 'operator', password: 'wrong-pw-123' },
    });
    const r = rig;
    await r.startGateway();
    await waitFor(
      () =>
        r.lines.some((l) => l.status === 'BadUserAccessDenied' && /refused the login/.test(String(l.msg))),
      'a refusal',
    );
    assert.equal(r.connection.health().ok, false);
    assert.ok(!JSON.stringify(r.lines).includes('wrong-pw-123'));
  });
});
