/**
 * The MQTT sink against Debian's mosquitto, started by the test on loopback: a password
 * listener and a TLS listener (throwaway PKI). `.ci/run` installs mosquitto; without it the
 * suite is skipped with a notice.
 */
import assert from 'node:assert/strict';
import mqtt from 'mqtt';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { tempDir } from '../../helpers/tmp';
import { upstreamRig, waitFor, type UpstreamRig } from '../../unit/upstream/rig';
import {
  freePort,
  makePki,
  mosquittoBinary,
  passwordFile,
  startMosquitto,
  type Mosquitto,
  type TestPki,
} from './helpers';

describe('upstream MQTT: mosquitto', function () {
  this.timeout(30_000);
  const binary = mosquittoBinary();
  let tmp: ReturnType<typeof tempDir>;
  let pki: TestPki;
  let broker: Mosquitto | undefined;
  let plain = 0;
  let secure = 0;
  let rig: UpstreamRig | undefined;

  before(async function () {
    // A real broker is part of the suite (.ci/run installs it): missing is a failure, not a skip.
    assert.ok(binary, 'mosquitto is not installed: apt-get install -y mosquitto');
    tmp = tempDir();
    pki = makePki(tmp.dir);
    plain = await freePort();
    secure = await freePort();
    const passwd = passwordFile(tmp.dir, 'gw-test', 's3cret-pw');
    broker = await startMosquitto(
      binary!,
      tmp.dir,
      // As root, mosquitto would switch to the mosquitto user, who cannot read the test's folder.
      `user ${os.userInfo().username}
per_listener_settings false
allow_anonymous false
password_file ${passwd}
persistence false
log_dest stderr
listener ${plain} 127.0.0.1
listener ${secure} 127.0.0.1
cafile ${pki.ca}
certfile ${pki.serverCert}
keyfile ${pki.serverKey}
`,
      secure,
    );
  });
  after(async () => {
    await broker?.stop();
    tmp?.cleanup();
  });
  afterEach(async () => {
    await rig?.dispose();
    rig = undefined;
  });

  const sink = (url: string, extra: string) =>
    upstreamRig({
      yaml: `upstream:
  - name: plant
    type: mqtt
    url: ${url}
    username: gw-test
    timeoutMs: 3000
    batch: { maxEvents: 100, lingerMs: 0 }
    retry: { initialMs: 20, maxMs: 200, authRetryMs: 100 }
${extra}`,
    });

  async function subscriber(): Promise<{ seqs: number[]; end: () => Promise<void> }> {
    const sub = await mqtt.connectAsync(`mqtts://127.0.0.1:${secure}`, {
      username: 'gw-test',
      password: 's3cret-pw',
      ca: readFileSync(pki.ca),
    });
    const seqs: number[] = [];
    sub.on('message', (_t, payload) => seqs.push((JSON.parse(payload.toString()) as { seq: number }).seq));
    await sub.subscribeAsync('linegate/gw-test/events', { qos: 1 });
    return { seqs, end: () => sub.endAsync() };
  }

  it('publishes in seq order with username and password', async () => {
    const sub = await subscriber();
    rig = await sink(`mqtt://127.0.0.1:${plain}`, '    password: s3cret-pw\n');
    await rig.append(500, 50);
    await waitFor(() => sub.seqs.length === 500);
    await sub.end();
    assert.deepEqual(
      sub.seqs,
      Array.from({ length: 500 }, (_, i) => i + 1),
    );
  });

  it('publishes over TLS with the configured CA (certificate checks on)', async () => {
    const sub = await subscriber();
    rig = await sink(`mqtts://127.0.0.1:${secure}`, `    password: s3cret-pw\n    tls: { ca: ${pki.ca} }\n`);
    await rig.append(50);
    await waitFor(() => sub.seqs.length === 50);
    await sub.end();
    assert.deepEqual(
      sub.seqs,
      Array.from({ length: 50 }, (_, i) => i + 1),
    );
  });

  it('refuses a broker certificate from an unknown CA, and holds on a wrong password', async () => {
    rig = await sink(
      `mqtts://127.0.0.1:${secure}`,
      `    password: s3cret-pw\n    tls: { ca: ${pki.otherCa} }\n`,
    );
    await rig.append(5);
    await waitFor(() => rig!.upstream.stats().failed >= 2);
    assert.equal(rig.upstream.stats().sinks.plant.cursor, 0);
    await rig.dispose();
    rig = await sink(`mqtt://127.0.0.1:${plain}`, '    password: not-it\n');
    await rig.append(5);
    await waitFor(() => rig!.alarms.some((a) => a.code === 'SINK_HELD' && a.active));
    assert.match(rig.upstream.health()['upstream:plant'].state, /held/);
  });
});
