/**
 * HTTPS sinks: a CA file, a client certificate (mutual TLS), and certificate checks on by
 * default, against a real node:https server on loopback with a throwaway PKI from openssl.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { tempDir } from '../../helpers/tmp';
import { upstreamRig, waitFor, type UpstreamRig } from '../../unit/upstream/rig';
import { makePki, type TestPki } from './helpers';

describe('upstream HTTPS: TLS and mutual TLS', function () {
  this.timeout(30_000);
  let tmp: ReturnType<typeof tempDir>;
  let pki: TestPki;
  let server: https.Server;
  let url: string;
  const got: Array<{ seqs: number[]; peer: string }> = [];
  let rig: UpstreamRig | undefined;

  before(async () => {
    tmp = tempDir();
    pki = makePki(tmp.dir);
    server = https.createServer(
      {
        key: readFileSync(pki.serverKey),
        cert: readFileSync(pki.serverCert),
        ca: readFileSync(pki.ca),
        requestCert: true,
        rejectUnauthorized: true,
      },
      (req, res) => {
        let body = '';
        req.on('data', (c) => (body += c));
        req.on('end', () => {
          const peer = (req.socket as TLSSocket).getPeerCertificate().subject?.CN ?? '';
          const events = (JSON.parse(body) as { events: Array<{ seq: number }> }).events;
          got.push({ seqs: events.map((e) => e.seq), peer: String(peer) });
          res.writeHead(200).end('{}');
        });
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/linegate`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    tmp.cleanup();
  });
  afterEach(async () => {
    await rig?.dispose();
    rig = undefined;
    got.length = 0;
  });

  const sink = (tls: string) =>
    upstreamRig({
      yaml: `upstream:
  - name: mes
    type: http
    url: ${url}
    timeoutMs: 2000
    tls: ${tls}
    retry: { initialMs: 20, maxMs: 100 }
`,
    });

  it('delivers over mutual TLS with the configured CA and client certificate', async () => {
    rig = await sink(`{ ca: ${pki.ca}, cert: ${pki.clientCert}, key: ${pki.clientKey} }`);
    await rig.append(25);
    await waitFor(() => rig!.upstream.stats().depth === 0);
    assert.deepEqual(
      got.flatMap((g) => g.seqs),
      Array.from({ length: 25 }, (_, i) => i + 1),
    );
    assert.equal(got[0].peer, 'gw-test', 'the server saw the client certificate');
  });

  it('checks the server certificate by default: an untrusted CA is a connection error, nothing sent', async () => {
    rig = await sink(`{ ca: ${pki.otherCa}, cert: ${pki.clientCert}, key: ${pki.clientKey} }`);
    await rig.append(5);
    await waitFor(() => rig!.upstream.stats().failed >= 2);
    assert.equal(got.length, 0);
    assert.match(rig.upstream.health()['upstream:mes'].state, /certificate|self.signed|unable to verify/i);
    assert.equal(rig.upstream.stats().deadLettered, 0);
  });

  it('is refused by a server that requires a client certificate when none is configured', async () => {
    rig = await sink(`{ ca: ${pki.ca} }`);
    await rig.append(5);
    await waitFor(() => rig!.upstream.stats().failed >= 2);
    assert.equal(got.length, 0);
    assert.equal(rig.upstream.stats().sinks.mes.cursor, 0);
  });
});
