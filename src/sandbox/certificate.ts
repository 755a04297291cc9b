// A self-signed certificate for the sandbox's TLS listeners. Node cannot make X.509 certificates
// itself, so this asks the `openssl` command line (Debian package openssl). A client trusts the
// certificate through NODE_EXTRA_CA_CERTS, which Node reads only when a process starts.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

export interface SelfSignedCertificate {
  key: string;
  cert: string;
}

/** A one-day certificate valid for the given DNS names (and 127.0.0.1). */
export async function createSelfSignedCertificate(dnsNames: string[]): Promise<SelfSignedCertificate> {
  const dir = await mkdtemp(join(tmpdir(), 'ct-events-cert-'));
  try {
    const keyPath = join(dir, 'key.pem');
    const certPath = join(dir, 'cert.pem');
    const altNames = [...dnsNames.map((name) => `DNS:${name}`), 'IP:127.0.0.1'].join(',');
    await promisify(execFile)('openssl', [
      'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '1',
      '-keyout', keyPath, '-out', certPath, '-subj', `/CN=${dnsNames[0]}`, '-addext', `subjectAltName=${altNames}`,
    ]);
    return { key: await readFile(keyPath, 'utf8'), cert: await readFile(certPath, 'utf8') };
  } catch (error) {
    throw new Error('Could not make a certificate with openssl (install the openssl package).', { cause: error });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
