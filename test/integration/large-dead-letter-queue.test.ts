// More dead letters than rhea's 2,048-delivery session buffer: the sandbox kept every locked
// delivery the SDK settled (mode "second") in its receiver's session, so after 2,048 it sent no
// more, and replay --all resubmitted 2,048 of 4,096 and exited 0. Now all are delivered, and a
// run that receives fewer dead letters than the queue held says how many are left and exits 1.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ServiceBusClient } from '@azure/service-bus';
import { ServiceBusConnection, replaySucceeded } from '../../src/core/servicebus';
import type { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { sandboxWithDeadLetters, sandboxWithIndexed } from './replay-counting';

const COUNT = 2500;

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => out.push(t) };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n') };
}

describe('more than 2,048 messages through one receiver', { timeout: 120_000 }, () => {
  test('a receiver gets all 2,500 and dead-letters them one by one', async () => {
    const sandbox = await sandboxWithIndexed(COUNT);
    const client = new ServiceBusClient(sandbox.connectionString);
    try {
      const receiver = client.createReceiver('CTEvents', 'alpha');
      let deadLettered = 0;
      for (;;) {
        const batch = await receiver.receiveMessages(100, { maxWaitTimeInMs: 2000 });
        if (batch.length === 0) {
          break;
        }
        for (const message of batch) {
          await receiver.deadLetterMessage(message, { deadLetterReason: 'test', deadLetterErrorDescription: 'by the test' });
          deadLettered += 1;
        }
      }
      assert.equal(deadLettered, COUNT);
      assert.deepEqual(sandbox.counts('alpha'), { active: 0, deadLetter: COUNT });
    } finally {
      await client.close();
      await sandbox.stop();
    }
  });

  test('replay --all resubmits all 2,500 dead letters and exits 0', async () => {
    const sandbox = await sandboxWithDeadLetters(COUNT);
    try {
      const run = await cli('replay', '--connection-string', sandbox.connectionString, '--subscription', 'alpha', '--dead-letter', '--all');
      assert.equal(run.code, 0, run.out);
      assert.match(run.out, new RegExp(`Sent ${COUNT}, completed ${COUNT}\\.`));
      assert.deepEqual(sandbox.counts('alpha'), { active: COUNT, deadLetter: 0 });
    } finally {
      await sandbox.stop();
    }
  });

  test('a run that receives fewer dead letters than the queue held says how many are left and is not a success', async () => {
    const sandbox = await sandboxWithDeadLetters(300);
    const client = new ServiceBusClient(sandbox.connectionString);
    const connection = new ServiceBusConnection({ kind: 'connectionString', connectionString: sandbox.connectionString });
    try {
      // Another receiver holds 20 of them locked for the whole run: the queue counts 300, 280 can arrive.
      const other = client.createReceiver('CTEvents', 'alpha', { subQueueType: 'deadLetter', maxAutoLockRenewalDurationInMs: 0 });
      const locked = await other.receiveMessages(20, { maxWaitTimeInMs: 5000 });
      assert.equal(locked.length, 20);
      const report = await connection.resubmitDeadLetters({ subscription: 'alpha', selection: { all: true }, idleWaitMs: 1000 });
      assert.equal(report.sent, 280);
      assert.equal(report.completed, 280);
      assert.equal(
        report.interrupted,
        'The dead-letter queue held 300 dead letters when the run started, but 20 of them never arrived (the receive came back empty); they are left in the dead-letter queue.',
      );
      assert.equal(replaySucceeded(report), false, 'the CLI exits 1');
      assert.deepEqual(sandbox.counts('alpha'), { active: 280, deadLetter: 20 });
    } finally {
      await connection.close();
      await client.close();
      await sandbox.stop();
    }
  });
});
