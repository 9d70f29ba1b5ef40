/**
 * Helpers of the upstream integration tests: free ports, a throwaway PKI made with openssl
 * (CA, server and client certificates), and Debian's mosquitto started on loopback.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
export { freePort } from '../../helpers/free-port';

/** Files of a test PKI. */
export interface TestPki {
  ca: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** a second CA the server does not chain to. */
  otherCa: string;
}

/** Creates a CA, a server certificate for 127.0.0.1/localhost and a client certificate in `dir`. */
export function makePki(dir: string): TestPki {
  const f = (name: string) => path.join(dir, name);
  // node-opcua's PKI module sets process.env.OPENSSL_CONF (to "undefined" when it has none) when
  // the OPC UA tests ran first in the same process; openssl would then try to read that file.
  const env = { ...process.env };
  if (env.OPENSSL_CONF === 'undefined') delete env.OPENSSL_CONF;
  const ssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe', env });
  const ca = (name: string) => {
    ssl(
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-keyout',
      f(`${name}.key`),
      '-out',
      f(`${name}.pem`),
    );
  };
  const leaf = (name: string, cn: string, ext: string) => {
    writeFileSync(f(`${name}.ext`), ext);
    ssl(
      'req',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-subj',
      `/CN=${cn}`,
      '-keyout',
      f(`${name}.key`),
      '-out',
      f(`${name}.csr`),
    );
    ssl(
      'x509',
      '-req',
      '-in',
      f(`${name}.csr`),
      '-CA',
      f('ca.pem'),
      '-CAkey',
      f('ca.key'),
      '-CAcreateserial',
      '-days',
      '2',
      '-out',
      f(`${name}.pem`),
      '-extfile',
      f(`${name}.ext`),
    );
  };
  ca('ca');
  ca('other-ca');
  leaf('server', 'localhost', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  leaf('client', 'gw-test', 'extendedKeyUsage=clientAuth\n');
  return {
    ca: f('ca.pem'),
    serverCert: f('server.pem'),
    serverKey: f('server.key'),
    clientCert: f('client.pem'),
    clientKey: f('client.key'),
    otherCa: f('other-ca.pem'),
  };
}

/** The mosquitto binary, or undefined when it is not installed (`apt-get install mosquitto`). */
export function mosquittoBinary(): string | undefined {
  for (const candidate of ['/usr/sbin/mosquitto', '/usr/bin/mosquitto']) {
    if (spawnSync(candidate, ['-h']).error === undefined) return candidate;
  }
  return undefined;
}

/** A running mosquitto; stop() kills it and waits for the exit. */
export interface Mosquitto {
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Starts mosquitto with `conf` (the text of a config file) and waits until `port` accepts. */
export async function startMosquitto(
  binary: string,
  dir: string,
  conf: string,
  port: number,
): Promise<Mosquitto> {
  const file = path.join(dir, 'mosquitto.conf');
  writeFileSync(file, conf);
  const child = spawn(binary, ['-c', file], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited: ${stderr}`);
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => {
        s.destroy();
        resolve(true);
      });
      s.on('error', () => resolve(false));
    });
    if (ok) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    child,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Writes a mosquitto password file with one user (mosquitto_passwd hashes it). */
export function passwordFile(dir: string, user: string, password: string): string {
  const file = path.join(dir, 'passwd');
  writeFileSync(file, '');
  execFileSync('mosquitto_passwd', ['-b', file, user, password], { stdio: 'pipe' });
  return file;
}
