// Connection strings with a shared access signature instead of a key, and with a wrong key,
// through the CLI against the sandbox: a signature reads counts, rules and peeks (the SDK's
// administration client alone fails with Node's 'The "key" argument must be of type string'), and
// doctor names a wrong key instead of sending people to the IAM page.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import type { DoctorStep } from '../../src/core/servicebus/doctor';
import type { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { type RunningSandbox, SANDBOX_KEY_NAME } from '../../src/sandbox';
import { sandboxWithDeadLetters } from './replay-counting';

const KEY = 'c2FuZGJveC1rZXktZm9yLXNoYXJlZC1hY2Nlc3MtdGVzdHM=';

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => out.push(t) };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n') };
}

/** A token as Azure's tools make one: HMAC-SHA256 of "<url-encoded resource>\n<expiry>" with the key. */
function sasToken(resource: string, key: string, expirySeconds: number): string {
  const sr = encodeURIComponent(resource);
  const sig = encodeURIComponent(createHmac('sha256', key).update(`${sr}\n${expirySeconds}`).digest('base64'));
  return `SharedAccessSignature sr=${sr}&sig=${sig}&se=${expirySeconds}&skn=${SANDBOX_KEY_NAME}`;
}

describe('a connection string with a shared access signature', { timeout: 60_000 }, () => {
  let sandbox: RunningSandbox;
  let cs: string;
  before(async () => {
    sandbox = await sandboxWithDeadLetters(5, { key: KEY });
    const token = sasToken(`sb://localhost:${sandbox.amqpPort}/`, KEY, Math.floor(Date.now() / 1000) + 3600);
    cs = `Endpoint=sb://localhost:${sandbox.amqpPort};SharedAccessSignature=${token};UseDevelopmentEmulator=true;ManagementPort=${sandbox.adminPort}`;
  });
  after(async () => sandbox.stop());

  test('subscriptions reads the counts', async () => {
    const run = await cli('subscriptions', '--connection-string', cs, '--json');
    assert.equal(run.code, 0, run.out);
    const rows = JSON.parse(run.out) as Array<{ name: string; activeMessageCount: number; deadLetterMessageCount: number }>;
    assert.deepEqual(rows.map((r) => [r.name, r.activeMessageCount, r.deadLetterMessageCount]), [['alpha', 0, 5]]);
  });

  test('doctor passes every step', async () => {
    const run = await cli('doctor', '--connection-string', cs, '--json');
    assert.equal(run.code, 0, run.out);
    const steps = JSON.parse(run.out) as DoctorStep[];
    assert.deepEqual(steps.map((s) => s.status), ['passed', 'passed', 'passed', 'skipped', 'passed', 'passed', 'passed', 'passed']);
    assert.equal(steps[7].detail, 'alpha (0 active, 5 dead-lettered)');
  });

  test('replay reads the rules and resubmits every dead letter', async () => {
    const run = await cli('replay', '--connection-string', cs, '--subscription', 'alpha', '--dead-letter', '--all');
    assert.equal(run.code, 0, run.out);
    assert.match(run.out, /alpha: receives 5/);
    assert.match(run.out, /Sent 5, completed 5\./);
    assert.deepEqual(sandbox.counts('alpha'), { active: 5, deadLetter: 0 });
  });

  test('an expired signature: doctor says to make a new one', async () => {
    const expired = cs.replace(/SharedAccessSignature=[^;]+/, `SharedAccessSignature=${sasToken(`sb://localhost:${sandbox.amqpPort}/`, KEY, Math.floor(Date.now() / 1000) - 60)}`);
    const run = await cli('doctor', '--connection-string', expired, '--json');
    assert.equal(run.code, 1, run.out);
    const counts = (JSON.parse(run.out) as DoctorStep[])[6];
    assert.equal(counts.status, 'failed');
    assert.match(counts.detail, /^The shared access signature in the connection string has expired/);
    assert.match(counts.fix ?? '', /^Make a new shared access signature/);
  });
});

describe('a connection string with a wrong key', { timeout: 60_000 }, () => {
  test('doctor says the key does not match its key name, and to copy the connection string again', async () => {
    const sandbox = await sandboxWithDeadLetters(1, { key: KEY });
    try {
      const wrong = sandbox.connectionString.replace(/SharedAccessKey=[^;]+/, 'SharedAccessKey=d3Jvbmcta2V5');
      const run = await cli('doctor', '--connection-string', wrong);
      assert.equal(run.code, 1, run.out);
      assert.match(run.out, /FAILED {2}You can read counts \(Azure Service Bus Data Owner\)\n {8}The key does not match key name RootManageSharedAccessKey \(/);
      assert.match(run.out, /Fix: Copy the connection string again/);
      assert.doesNotMatch(run.out, /IAM\) page in the Azure portal\.$/m, 'no role to assign');
      assert.doesNotMatch(run.out, /"Azure Service Bus Data (Owner|Receiver)" role/);
    } finally {
      await sandbox.stop();
    }
  });
});
