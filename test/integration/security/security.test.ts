import assert from 'node:assert/strict';
import { request } from 'node:http';
import { Gateway } from '../../../src/gateway';
import { TEST_TOKEN, gatewayConfig } from '../../helpers/gateway-config';
import { fakeFamily } from '../../helpers/fake-devices';
import { silentLog } from '../../helpers/silent-log';
import { tempDir } from '../../helpers/tmp';

/** One request with the path exactly as given (fetch would normalise `%2e%2e`). */
function raw(
  base: string,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<{ status: number; body: string }> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, method, path, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('API security', () => {
  let tmp: ReturnType<typeof tempDir>;
  let gateway: Gateway;
  const json = { 'content-type': 'application/json' };
  const auth = { ...json, authorization: `Bearer ${TEST_TOKEN}` };

  before(async () => {
    tmp = tempDir();
    gateway = new Gateway({
      config: gatewayConfig(tmp.dir),
      log: silentLog,
      families: [fakeFamily()],
    });
    await gateway.start();
  });
  after(async () => {
    await gateway.stop();
    tmp.cleanup();
  });

  const mutating: Array<[string, unknown]> = [
    ['/api/stations/ST10/start', {}],
    ['/api/units/2600000015/reprint', { reason: 'smudged', operator: 'ann' }],
    ['/api/units/2600000015/scrap', { reason: 'dropped' }],
  ];

  for (const [path, body] of mutating) {
    it(`refuses POST ${path} without a token, with 401`, async () => {
      const res = await raw(gateway.url, 'POST', path, json, JSON.stringify(body));
      assert.equal(res.status, 401);
      assert.equal((JSON.parse(res.body) as { code: string }).code, 'UNAUTHORIZED');
    });

    it(`refuses POST ${path} with a wrong token, with 401`, async () => {
      for (const authorization of [
        `Bearer ${TEST_TOKEN}x`,
        'Bearer wrong',
        `Basic ${TEST_TOKEN}`,
        TEST_TOKEN,
      ]) {
        const res = await raw(gateway.url, 'POST', path, { ...json, authorization }, JSON.stringify(body));
        assert.equal(res.status, 401, authorization);
      }
    });
  }

  it('refuses a body over 64 KiB with 413, before looking at it', async () => {
    const big = JSON.stringify({ requestId: 'x'.repeat(70 * 1024) });
    const res = await raw(gateway.url, 'POST', '/api/stations/ST10/start', auth, big);
    assert.equal(res.status, 413);
  });

  it('answers the operations pages without a token, and refuses writes to them', async () => {
    assert.equal((await raw(gateway.url, 'GET', '/')).status, 200);
    assert.equal((await raw(gateway.url, 'GET', '/metrics')).status, 200);
    assert.equal((await raw(gateway.url, 'POST', '/', json, '{}')).status, 401);
  });

  const traversals = [
    '/..%2f..%2fpackage.json',
    '/..%2F..%2Fpackage.json',
    '/%2e%2e/',
    '/%2e%2e/package.json',
    '/%2e%2e%2fpackage.json',
    '/%252e%252e%252fpackage.json',
    '/..%252f..%252fpackage.json',
    '/assets/..%2f..%2fpackage.json',
    '/assets/..%2f..%2f..%2fpackage.json',
    '/assets/%2e%2e%2f%2e%2e%2fpackage.json',
    '/assets/%252e%252e%252f%252e%252e%252fpackage.json',
    '/assets/..%5c..%5cpackage.json',
    '/assets/....%2f%2fpackage.json',
    '/assets/%2e%2e',
    '/assets/app.js%00.png',
    '/assets//etc/passwd',
    '/assets/%2fetc%2fpasswd',
    '/assets/..',
  ];
  for (const path of traversals) {
    it(`answers 404 for ${path}`, async () => {
      const res = await raw(gateway.url, 'GET', path);
      assert.equal(res.status, 404);
      assert.ok(!res.body.includes('"devDependencies"'), 'package.json leaked');
      assert.ok(!res.body.includes('root:'), '/etc/passwd leaked');
    });
  }

  it('serves the named assets, with a content security policy on the page', async () => {
    const page = await fetch(`${gateway.url}/`);
    assert.match(page.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    const js = await fetch(`${gateway.url}/assets/app.js`);
    assert.equal(js.status, 200);
    assert.match(js.headers.get('content-type') ?? '', /^text\/javascript/);
  });
});
