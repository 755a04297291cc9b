// `ct-events sandbox` stopped with SIGTERM while a large peek is being answered: it logged
// "Sandbox stopped." and lived on (the peek's connection kept it alive). In a child process, so
// the test sees whether the process really ends.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { test } from 'node:test';
import { ServiceBusClient } from '@azure/service-bus';
import { ServiceBusConnection } from '../../src/core/servicebus';

const CLI = join(__dirname, '../../src/cli/main.ts');
const MESSAGES = 5000;

test('the sandbox process ends after SIGTERM during a large peek', { timeout: 90_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'sandbox', '--amqp-port', '0', '--admin-port', '0', '--seed', 'none'], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let log = '';
  child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
  const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  try {
    while (!/^Endpoint=.*$/m.test(log)) {
      await once(child.stdout, 'data');
    }
    const cs = /^(Endpoint=.*)$/m.exec(log)?.[1].trim() ?? '';
    const client = new ServiceBusClient(cs);
    const sender = client.createSender('CTEvents');
    for (let sent = 0; sent < MESSAGES; sent += 250) {
      const batch = Array.from({ length: 250 }, (_, i) => ({ body: { EventType: 'LOGIN', MessageBody: { n: sent + i } }, contentType: 'application/json' }));
      await sender.sendMessages(batch);
    }
    await client.close();

    const connection = new ServiceBusConnection({ kind: 'connectionString', connectionString: cs }, { retry: { maxRetries: 0, timeoutInMs: 5000 } });
    let signalled = false;
    const peek = connection
      .peek({ subscription: 'alpha', maxMessages: MESSAGES, onProgress: () => {
        if (!signalled) {
          signalled = true;
          child.kill('SIGTERM');
        }
      } })
      .then((messages) => messages.length, () => 'failed');
    const [code, signal] = await exited;
    assert.equal(signalled, true, 'SIGTERM came while the peek was being answered');
    assert.equal(signal, null);
    assert.equal(code, 0);
    assert.match(log, /Sandbox stopped\./);
    const outcome = await peek;
    assert.ok(outcome === 'failed' || (typeof outcome === 'number' && outcome < MESSAGES), 'the peek did not finish on a stopped sandbox');
    await connection.close();
  } finally {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
    }
  }
});
