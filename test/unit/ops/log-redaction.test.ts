import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { createLogger } from '../../../src/log';
import { gatewayConfig } from '../../helpers/gateway-config';
import { tempDir } from '../../helpers/tmp';

const SECRETS = {
  api: 'api-token-SECRET-0001',
  sink: 'sink-token-SECRET-0002',
  mqtt: 'mqtt-password-SECRET-0003',
  plc: 'plc-password-SECRET-0004',
};

/** The JSON lines `fn` logs through createLogger. */
async function logged(fn: (log: ReturnType<typeof createLogger>) => void): Promise<string> {
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => (text += d.toString()));
  const saved = process.env.LINEGATE_LOG_LEVEL;
  delete process.env.LINEGATE_LOG_LEVEL;
  try {
    const log = createLogger({ format: 'json', level: 'info', destination: out });
    fn(log);
    log.flush();
  } finally {
    if (saved !== undefined) process.env.LINEGATE_LOG_LEVEL = saved;
  }
  await new Promise((r) => setImmediate(r));
  return text;
}

describe('log redaction', () => {
  const tmp = tempDir();
  after(() => tmp.cleanup());
  const config = () => {
    const c = gatewayConfig(
      tmp.dir,
      `plcs:
  plc1:
    endpoint: opc.tcp://127.0.0.1:4840
    username: operator
    password: ${SECRETS.plc}
upstream:
  - name: mes
    type: http
    url: https://mes.example/linegate
    token: ${SECRETS.sink}
  - name: broker
    type: mqtt
    url: mqtts://broker.example
    username: gw
    password: ${SECRETS.mqtt}
`,
    );
    return { ...c, api: { ...c.api, token: SECRETS.api } };
  };

  it('never writes a token or password of a logged config', async () => {
    const c = config();
    const text = await logged((log) => {
      log.info({ config: c }, 'config');
      log.info(c, 'config spread');
      log.child({ module: 'test' }).warn({ sink: c.upstream![0] }, 'a sink');
    });
    assert.match(text, /"config"/);
    assert.match(text, /opc\.tcp:\/\/127\.0\.0\.1:4840/); // the rest is kept
    for (const secret of Object.values(SECRETS)) assert.ok(!text.includes(secret), `${secret} leaked`);
  });

  it('never writes an Authorization header, however it is spelt', async () => {
    const text = await logged((log) => {
      log.info({ req: { headers: { authorization: `Bearer ${SECRETS.api}` } } }, 'incoming');
      log.info({ headers: { Authorization: `Bearer ${SECRETS.sink}` } }, 'outgoing');
      log.info({ request: { headers: { authorization: `Bearer ${SECRETS.mqtt}` } } }, 'nested');
    });
    assert.equal(text.split('\n').filter(Boolean).length, 3);
    for (const secret of Object.values(SECRETS)) assert.ok(!text.includes(secret), `${secret} leaked`);
    assert.match(text, /\[redacted\]/);
  });
});
