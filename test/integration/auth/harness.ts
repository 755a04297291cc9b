// Sets up the token path against the sandbox: a certificate for a namespace host name, the
// sandbox with TLS listeners and a JWT secret, a test `az` first on PATH, and a child process
// that trusts the certificate and runs a script with the real SDK and @azure/identity.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createSelfSignedCertificate } from '../../../src/sandbox/certificate';
import { type RunningSandbox, type SandboxOptions, startSandbox } from '../../../src/sandbox';
import { TEST_TENANT } from './tenant';

export const NAMESPACE_HOST = 'ct-sandbox.servicebus.windows.net';
const ROOT = resolve(__dirname, '../../..');
const TSX_LOADER = join(ROOT, 'node_modules/tsx/dist/loader.mjs');

export interface TokenWorld {
  sandbox: RunningSandbox;
  secret: string;
  dir: string;
  /** Runs a TypeScript file in a child process that trusts the sandbox and finds the test az. */
  runChild(script: string, args: string[], env?: Record<string, string>): Promise<{ code: number; out: string; err: string }>;
  close(): Promise<void>;
}

export async function startTokenWorld(options: SandboxOptions = {}): Promise<TokenWorld> {
  const dir = await mkdtemp(join(tmpdir(), 'ct-events-auth-'));
  const secret = randomBytes(32).toString('base64');
  const certificate = await createSelfSignedCertificate([NAMESPACE_HOST, 'localhost']);
  const caPath = join(dir, 'sandbox-ca.pem');
  await writeFile(caPath, certificate.cert);
  const azPath = join(dir, 'az');
  await writeFile(azPath, `#!/bin/sh\nexec "${process.execPath}" --import "${TSX_LOADER}" "${join(__dirname, 'az.ts')}" "$@"\n`);
  await chmod(azPath, 0o755);
  const sandbox = await startSandbox({ seed: 'none', ...options, trust: { hs256Secret: secret, tenantId: TEST_TENANT, ...options.trust }, tls: { ...certificate } });
  return {
    sandbox,
    secret,
    dir,
    runChild: (script, args, env = {}) =>
      new Promise((done) => {
        const child = execFile(process.execPath, ['--import', TSX_LOADER, script, ...args], {
          cwd: ROOT,
          env: {
            ...process.env,
            PATH: `${dir}:${process.env.PATH ?? ''}`,
            NODE_EXTRA_CA_CERTS: caPath,
            AZURE_TOKEN_CREDENTIALS: 'AzureCliCredential',
            CT_TEST_JWT_SECRET: secret,
            ...env,
          },
        }, (error, out, err) => done({ code: child.exitCode ?? (error ? 1 : 0), out, err }));
      }),
    close: async () => {
      await sandbox.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
