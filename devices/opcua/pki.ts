/**
 * The gateway's own OPC UA PKI folder (`<dataDir>/pki/opcua`, never node-opcua's shared default in
 * the home directory), and what the `linegate opcua certificates|trust` CLI needs from it.
 */
import { createHash, X509Certificate } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { OPCUACertificateManager } from 'node-opcua';
import { LinegateError } from '../../src/errors';

/** One certificate found in the PKI folder. */
export interface OpcuaCertificateInfo {
  /** SHA-1 of the DER certificate, lowercase hex (the form `trustOpcuaCertificate` takes). */
  thumbprint: string;
  subject: string;
  /** ISO time the certificate expires. */
  validTo: string;
  file: string;
}

/** Everything in the gateway's PKI folder. */
export interface OpcuaCertificateList {
  pkiDir: string;
  /** the gateway's own client certificate (created at the first connection attempt). */
  own?: OpcuaCertificateInfo;
  trusted: OpcuaCertificateInfo[];
  /** server certificates seen and refused; trust one with `trustOpcuaCertificate`. */
  rejected: OpcuaCertificateInfo[];
}

/** The PKI folder of a gateway whose data directory is `dataDir`. */
export function opcuaPkiDir(dataDir: string): string {
  return path.join(dataDir, 'pki', 'opcua');
}

/** Lowercase hex without separators, so `AB:CD:…` copied from another tool also matches. */
export function normalizeThumbprint(thumbprint: string): string {
  return thumbprint.replace(/[^0-9a-fA-F]/g, '').toLowerCase();
}

/** The first certificate of a DER chain (certificates are concatenated DER SEQUENCEs). */
export function firstDer(chain: Buffer): Buffer {
  if (chain.length < 2 || chain[0] !== 0x30) return chain;
  const lengthByte = chain[1];
  if (lengthByte < 0x80) return chain.subarray(0, 2 + lengthByte);
  const octets = lengthByte & 0x7f;
  let length = 0;
  for (let i = 0; i < octets; i++) length = length * 256 + chain[2 + i];
  return chain.subarray(0, 2 + octets + length);
}

/** Describes one DER certificate. */
export function describeCertificate(der: Buffer, file = ''): OpcuaCertificateInfo {
  const leaf = firstDer(der);
  const thumbprint = createHash('sha1').update(leaf).digest('hex');
  try {
    const x509 = new X509Certificate(leaf);
    return {
      thumbprint,
      subject: x509.subject.replace(/\n/g, ', '),
      validTo: new Date(x509.validTo).toISOString(),
      file,
    };
  } catch {
    return { thumbprint, subject: '(unreadable certificate)', validTo: '', file };
  }
}

/** Reads a .pem or .der file; the first certificate of a PEM bundle. */
async function readCertificateFile(file: string): Promise<Buffer | undefined> {
  const raw = await fs.readFile(file);
  if (file.endsWith('.der')) return raw;
  const match = /-----BEGIN CERTIFICATE-----([\s\S]*?)-----END CERTIFICATE-----/.exec(raw.toString('latin1'));
  return match ? Buffer.from(match[1].replace(/\s+/g, ''), 'base64') : undefined;
}

async function listFolder(folder: string): Promise<OpcuaCertificateInfo[]> {
  let names: string[];
  try {
    names = await fs.readdir(folder);
  } catch {
    return [];
  }
  const out: OpcuaCertificateInfo[] = [];
  for (const name of names.sort()) {
    if (!/\.(pem|der)$/.test(name)) continue;
    const file = path.join(folder, name);
    const der = await readCertificateFile(file);
    if (der) out.push(describeCertificate(der, file));
  }
  return out;
}

/** Lists the gateway's own, trusted and rejected OPC UA certificates (for the CLI). */
export async function listOpcuaCertificates(dataDir: string): Promise<OpcuaCertificateList> {
  const pkiDir = opcuaPkiDir(dataDir);
  const own = (await listFolder(path.join(pkiDir, 'own', 'certs')))[0];
  return {
    pkiDir,
    ...(own ? { own } : {}),
    trusted: await listFolder(path.join(pkiDir, 'trusted', 'certs')),
    rejected: await listFolder(path.join(pkiDir, 'rejected')),
  };
}

/**
 * Moves a rejected server certificate to the trusted store (for `linegate opcua trust`). A running
 * gateway uses it at its next connection attempt. Rejects with OPCUA_CERT_NOT_FOUND when no
 * rejected certificate has that thumbprint.
 */
export async function trustOpcuaCertificate(
  dataDir: string,
  thumbprint: string,
): Promise<OpcuaCertificateInfo> {
  const wanted = normalizeThumbprint(thumbprint);
  const list = await listOpcuaCertificates(dataDir);
  const already = list.trusted.find((c) => c.thumbprint === wanted);
  if (already) return already;
  const found = list.rejected.find((c) => c.thumbprint === wanted);
  if (!found || wanted.length === 0) {
    throw new LinegateError(
      'OPCUA_CERT_NOT_FOUND',
      `no rejected certificate with thumbprint ${thumbprint} in ${list.pkiDir}`,
    );
  }
  const der = await readCertificateFile(found.file);
  if (der) await trustOpcuaCertificateDer(dataDir, der);
  return (await listOpcuaCertificates(dataDir)).trusted.find((c) => c.thumbprint === wanted) ?? found;
}

/** Trusts a certificate given as DER (e.g. a built-in simulator's, which needs no operator decision). */
export async function trustOpcuaCertificateDer(dataDir: string, der: Buffer): Promise<OpcuaCertificateInfo> {
  const cm = new OPCUACertificateManager({ rootFolder: opcuaPkiDir(dataDir), disableFileWatchers: true });
  try {
    await cm.initialize();
    await cm.trustCertificate(der);
  } finally {
    await cm.dispose();
  }
  return describeCertificate(der);
}

type VerifyArgs = Parameters<OPCUACertificateManager['verifyCertificate']>;
type VerifyResult = ReturnType<OPCUACertificateManager['verifyCertificate']>;

/** The gateway's own client certificate file in a PKI folder (node-opcua's default name). */
function ownCertificateFile(pkiDir: string): string {
  return path.join(pkiDir, 'own', 'certs', 'client_certificate.pem');
}

/**
 * The client-side certificate manager: unknown server certificates are refused (and filed under
 * rejected/), and the last refused one is remembered so the log line can name its thumbprint.
 * node-opcua also verifies the client's own certificate with this manager at every connect, and
 * finds it "untrusted" (it is not in its own trust list): that one is never remembered, or a PLC
 * that is down would be reported as an untrusted certificate with the gateway's own thumbprint.
 */
export class GatewayCertificateManager extends OPCUACertificateManager {
  lastRefused: (OpcuaCertificateInfo & { status: string }) | undefined;

  override async verifyCertificate(...args: VerifyArgs): VerifyResult {
    const status = await super.verifyCertificate(...args);
    if (String(status) !== 'Good') {
      const chain = Array.isArray(args[0]) ? Buffer.concat(args[0]) : args[0];
      const info = describeCertificate(chain);
      const own = await readCertificateFile(ownCertificateFile(this.rootDir)).catch(() => undefined);
      if (!own || describeCertificate(own).thumbprint !== info.thumbprint)
        this.lastRefused = { ...info, status: String(status) };
    }
    return status;
  }
}

/**
 * A fresh manager for one connection attempt: node-opcua disposes the manager when its client
 * disconnects, and a fresh one also rescans the folders, so a certificate trusted through the CLI
 * is used at the next attempt. File watchers are off for the same reason.
 */
export function createGatewayCertificateManager(dataDir: string): GatewayCertificateManager {
  return new GatewayCertificateManager({
    rootFolder: opcuaPkiDir(dataDir),
    automaticallyAcceptUnknownCertificate: false,
    disableFileWatchers: true,
  });
}
