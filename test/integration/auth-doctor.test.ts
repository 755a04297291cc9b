// ct-events doctor against the sandbox: a connection string passes every step, a closed port
// fails the port step, and a Data Receiver token (real AzureCliCredential, TLS) passes peek and
// fails counts naming Data Owner.
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { DoctorStep } from '../../src/core/servicebus/doctor';
import type { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { startSandbox } from '../../src/sandbox';
import { NAMESPACE_HOST, type TokenWorld, startTokenWorld } from './auth/harness';

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => out.push(t) };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n') };
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('ct-events doctor', () => {
  test('a sandbox connection string passes every step (token skipped: it uses a key)', async () => {
    const sandbox = await startSandbox();
    try {
      const run = await cli('doctor', '--connection-string', sandbox.connectionString, '--json');
      const steps = JSON.parse(run.out) as DoctorStep[];
      assert.equal(run.code, 0, run.out);
      assert.deepEqual(steps.map((s) => s.status), ['passed', 'passed', 'passed', 'skipped', 'passed', 'passed', 'passed', 'passed']);
      assert.match(steps[7].detail, /^alpha \(\d+ active/);
      assert.ok(!run.out.includes(sandbox.connectionString.split('SharedAccessKey=')[1].split(';')[0]), 'the key is never printed');
    } finally {
      await sandbox.stop();
    }
  });

  test('a closed port fails the port step and exits 1', async () => {
    const port = await closedPort();
    const cs = `Endpoint=sb://localhost:${port};SharedAccessKeyName=k;SharedAccessKey=c2VjcmV0;UseDevelopmentEmulator=true`;
    const run = await cli('doctor', '--connection-string', cs);
    assert.equal(run.code, 1);
    assert.match(run.out, new RegExp(`FAILED  Port ${port} is reachable\\n.*ECONNREFUSED`));
    assert.match(run.out, /SKIPPED A token is obtained/);
  });
});

describe('ct-events doctor with a role-limited token', () => {
  let world: TokenWorld;
  before(async () => {
    world = await startTokenWorld();
  });
  after(async () => world.close());

  test('Data Receiver: peek passed, counts failed naming Data Owner, exit 1', async () => {
    const run = await world.runChild(join(__dirname, '../../src/cli/main.ts'), [
      'doctor', '--namespace', NAMESPACE_HOST, '--subscription', 'alpha', '--json',
      '--endpoint', `sb://localhost:${world.sandbox.amqpTlsPort}`, '--management-endpoint', `https://localhost:${world.sandbox.adminPort}`,
    ], { CT_TEST_ROLES: 'Azure Service Bus Data Receiver' });
    assert.equal(run.code, 1, run.err);
    const steps = new Map((JSON.parse(run.out) as DoctorStep[]).map((s) => [s.title, s]));
    assert.match(steps.get('A token is obtained')?.detail ?? '', /Azure CLI/);
    assert.equal(steps.get('You can peek (Azure Service Bus Data Receiver or more)')?.status, 'passed');
    const counts = steps.get('You can read counts (Azure Service Bus Data Owner)');
    assert.equal(counts?.status, 'failed');
    assert.match(counts?.fix ?? '', /Azure Service Bus Data Owner.*Access control \(IAM\)/);
  });
});
