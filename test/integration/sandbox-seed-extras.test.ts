// `ct-events sandbox --dead-letters N --scheduled N`: a fresh sandbox where replay and the
// scheduled peek can be tried at once. Read with the real @azure/service-bus through the options
// the CLI passes to startSandbox; the CLI itself for its usage errors and the line it prints.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import Long from 'long';
import { cli } from './cli-run';
import { seedEvents } from '../../src/sandbox/seed';
import { sandboxSession } from './sandbox-session';

const CLI = join(__dirname, '../../src/cli/main.ts');
const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

describe('sandbox seeded with dead letters and scheduled messages', () => {
  const session = sandboxSession({ deadLetters: 3, scheduled: 2 });
  const seeded = seedEvents();

  test('the first three seeded messages of the first subscription wait in its dead-letter queue; the second subscription keeps all', async () => {
    const receiver = session.client.createReceiver(session.sandbox.topic, 'alpha', { subQueueType: 'deadLetter' });
    const dead = await receiver.peekMessages(100);
    await receiver.close();
    assert.deepEqual(
      dead.map((m) => [m.sequenceNumber?.toString(), m.body, m.deadLetterReason, m.deadLetterErrorDescription, m.deadLetterSource]),
      seeded.slice(0, 3).map((event, i) => [String(i + 1), event, 'SandboxSeed', 'Dead-lettered by ct-events sandbox --dead-letters so that replay can be tried', 'alpha']),
    );
    const active = session.client.createReceiver(session.sandbox.topic, 'alpha');
    const left = await active.peekMessages(100);
    await active.close();
    assert.deepEqual(left.map((m) => m.body), seeded.slice(3));
    assert.equal(seeded.length, 17);
    assert.deepEqual(session.sandbox.counts('alpha'), { active: 14, deadLetter: 3 });
    assert.deepEqual(session.sandbox.counts('beta'), { active: 17, deadLetter: 0 });
  });

  test('two copies of the first seed events are scheduled in the topic for an hour after start, not in the subscriptions', async () => {
    // Taken after the sandbox started, so its start-plus-an-hour lies in (now + 59 min, now + 60 min].
    const now = Date.now();
    const receiver = session.client.createReceiver(session.sandbox.topic);
    const scheduled = await receiver.peekMessages(100);
    await receiver.close();
    assert.deepEqual(scheduled.map((m) => [m.sequenceNumber?.toString(), m.state, m.body]), [['18', 'scheduled', seeded[0]], ['19', 'scheduled', seeded[1]]]);
    const times = scheduled.map((m) => m.scheduledEnqueueTimeUtc?.getTime() ?? 0);
    assert.equal(times[0], times[1], 'both for the same moment');
    assert.ok(times[0] > now + 59 * MINUTE_MS, `scheduled for ${new Date(times[0]).toISOString()}, not about an hour after ${new Date(now).toISOString()}`);
    assert.ok(times[0] <= now + HOUR_MS, `scheduled for ${new Date(times[0]).toISOString()}, more than an hour after ${new Date(now).toISOString()}`);
    const counts = (await session.connection.listSubscriptions(session.sandbox.topic)).map((c) => [c.name, c.activeMessageCount, c.deadLetterMessageCount, c.topicScheduledMessageCount]);
    assert.deepEqual(counts, [['alpha', 14, 3, 2], ['beta', 17, 0, 2]]);
  });

  test("the product's resubmit sends the three dead letters back through the topic", async () => {
    const report = await session.connection.resubmitDeadLetters({ subscription: 'alpha', selection: { all: true }, idleWaitMs: 500 });
    assert.deepEqual(report, { sent: 3, completed: 3, failed: [], possibleDuplicates: [], notFound: [], cancelled: false });
    assert.deepEqual(session.sandbox.counts('alpha'), { active: 17, deadLetter: 0 });
    assert.deepEqual(session.sandbox.counts('beta'), { active: 20, deadLetter: 0 });
    const receiver = session.client.createReceiver(session.sandbox.topic, 'alpha');
    // From the start: without fromSequenceNumber the SDK goes on after the last peek of this path, on any receiver.
    const copies = (await receiver.peekMessages(100, { fromSequenceNumber: Long.ONE })).slice(14);
    await receiver.close();
    assert.deepEqual(copies.map((m) => [m.sequenceNumber?.toString(), m.body]), [['18', seeded[0]], ['19', seeded[1]], ['20', seeded[2]]]);
  });
});

describe('ct-events sandbox --dead-letters and --scheduled on the command line', () => {
  test('refuses a count that is not a whole number from 0 to 1000, and dead letters without a seed, with exit code 2', async () => {
    assert.deepEqual(await cli('sandbox', '--dead-letters', '-1'), { code: 2, out: '', err: 'ct-events sandbox: --dead-letters must be a whole number from 0 to 1000, not "-1".' });
    assert.deepEqual(await cli('sandbox', '--dead-letters', '2.5'), { code: 2, out: '', err: 'ct-events sandbox: --dead-letters must be a whole number from 0 to 1000, not "2.5".' });
    assert.deepEqual(await cli('sandbox', '--scheduled', '1001'), { code: 2, out: '', err: 'ct-events sandbox: --scheduled must be a whole number from 0 to 1000, not "1001".' });
    assert.deepEqual(await cli('sandbox', '--seed', 'none', '--dead-letters', '1'), {
      code: 2, out: '', err: 'ct-events sandbox: --dead-letters moves seeded messages, so it cannot go with --seed none.',
    });
  });

  /** Starts `ct-events sandbox` with these flags in a child process, returns what it printed up to "Press Ctrl+C", then stops it with SIGTERM. */
  async function printedBy(...flags: string[]): Promise<string[]> {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'sandbox', '--amqp-port', '0', '--admin-port', '0', ...flags], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    let log = '';
    child.stdout.on('data', (chunk: Buffer) => (log += chunk.toString()));
    try {
      while (!log.includes('Press Ctrl+C to stop.')) {
        const ended = await Promise.race([once(child.stdout, 'data').then(() => false), exited.then(() => true)]);
        assert.equal(ended, false, `the sandbox ended before it was ready:\n${log}`);
      }
      child.kill('SIGTERM');
      assert.deepEqual(await exited, [0, null]);
    } finally {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
      }
    }
    return log.split('\n');
  }

  test('prints what it seeded (saying so when the first subscription had fewer messages than asked for) and stops cleanly on a SIGTERM right after', { timeout: 60_000 }, async () => {
    const readme = await printedBy('--dead-letters', '3', '--scheduled', '2');
    assert.equal(readme[4], 'Seeded to try replay and peek --scheduled: 3 dead letters in alpha (reason SandboxSeed), 2 scheduled messages in CTEvents for an hour from now.');
    assert.equal(readme[5], 'Press Ctrl+C to stop.');
    const more = await printedBy('--subscriptions', 'solo', '--dead-letters', '20', '--scheduled', '1');
    assert.equal(more[4], 'Seeded to try replay and peek --scheduled: 17 dead letters in solo (reason SandboxSeed, all it had of the 20 asked for), 1 scheduled message in CTEvents for an hour from now.');
  });
});
