// Peek of every queue kind (dead-letter, transfer dead-letter, the topic's scheduled messages, session-enabled) and the
// replay/send CLI commands, with the real SDK against the sandbox.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { cli } from './cli-run';
import { SessionIdRequiredError, describeServiceBusError } from '../../src/core/servicebus';
import { RunningSandbox, startSandbox } from '../../src/sandbox';
import { encodeJsonEvent } from '../../src/sandbox/seed';
import { sandboxSession } from './sandbox-session';

const TOPIC = 'CTEvents';

/** A valid LOGIN event body as JSON text. */
function loginEvent(userId: number): string {
  return JSON.stringify({ EventType: 'LOGIN', MessageBody: { FirstName: 'Ada', LastName: 'L', UserId: userId, Contact: `u${userId}@example.com`, ContactType: 'Email', LoginTime: '2021-01-01T00:00:00Z' } });
}

describe('peek of each queue kind', () => {
  const session = sandboxSession({ seed: 'none', peekPageCap: 7, subscriptions: [{ name: 'alpha' }, { name: 'orders', requiresSession: true }] });

  test('short pages from a sequence number, active and dead-letter', async () => {
    for (let n = 0; n < 40; n++) {
      session.sandbox.publish(encodeJsonEvent({ EventType: 'LOGIN', MessageBody: { n } }));
    }
    const pages: number[] = [];
    const peeked = await session.connection.peek({ subscription: 'alpha', maxMessages: 30, fromSequenceNumber: '5', onProgress: (n) => pages.push(n) });
    assert.deepEqual(peeked.map((m) => Number(m.sequenceNumber)), Array.from({ length: 30 }, (_, i) => i + 5));
    assert.deepEqual(pages, [7, 14, 21, 28, 30]);
    session.sandbox.deadLetterActive('alpha', 'Test');
    const dead = await session.connection.peek({ subscription: 'alpha', queue: 'deadLetter', maxMessages: 100 });
    assert.equal(dead.length, 40);
  });

  test('the transfer dead-letter queue', async () => {
    session.sandbox.putInTransferDeadLetter('alpha', encodeJsonEvent({ EventType: 'LOGIN', MessageBody: { n: -1 } }), 'ForwardingFailed');
    const peeked = await session.connection.peek({ subscription: 'alpha', queue: 'transferDeadLetter', maxMessages: 10 });
    assert.equal(peeked.length, 1);
    assert.equal(peeked[0].deadLetterReason, 'ForwardingFailed');
    const counts = (await session.connection.listSubscriptions(TOPIC)).find((c) => c.name === 'alpha');
    assert.equal(counts?.transferDeadLetterMessageCount, 1);
  });

  test('scheduled messages are peeked on the topic with their scheduled time, not on the subscription, and are not received early', async () => {
    const sender = session.client.createSender(TOPIC);
    const at = new Date(Date.now() + 3_600_000);
    const [sequenceNumber] = await sender.scheduleMessages({ body: { EventType: 'LOGIN' }, contentType: 'application/json', messageId: 'later' }, at);
    await sender.close();
    const onTopic = await session.connection.peekScheduled({ topic: TOPIC, maxMessages: 100 });
    assert.deepEqual(onTopic.map((m) => [m.messageId, m.sequenceNumber, m.state, m.scheduledEnqueueTime]), [['later', sequenceNumber.toString(), 'scheduled', at.toISOString()]]);
    const onSubscription = await session.connection.peek({ subscription: 'alpha', maxMessages: 100 });
    assert.ok(!onSubscription.some((m) => m.messageId === 'later'));
    const receiver = session.client.createReceiver(TOPIC, 'alpha', { receiveMode: 'receiveAndDelete' });
    const got = await receiver.receiveMessages(100, { maxWaitTimeInMs: 1000 });
    await receiver.close();
    assert.ok(!got.some((m) => m.messageId === 'later'));
    const cliPeek = await cli('peek', '--connection-string', session.sandbox.connectionString, '--scheduled', '--json');
    assert.equal(cliPeek.code, 0, cliPeek.err);
    assert.deepEqual((JSON.parse(cliPeek.out) as Array<{ sequenceNumber: string; scheduledEnqueueTime: string | null }>).map((r) => [r.sequenceNumber, r.scheduledEnqueueTime]), [
      [sequenceNumber.toString(), at.toISOString()],
    ]);
    const cliText = await cli('peek', '--connection-string', session.sandbox.connectionString, '--scheduled');
    assert.match(cliText.out, new RegExp(`^#${sequenceNumber.toString()} .* \\(scheduled for ${at.toISOString().replace(/\./g, '\\.')}\\)$`));
    const refused = await cli('peek', '--connection-string', session.sandbox.connectionString, '--scheduled', '--subscription', 'alpha');
    assert.deepEqual([refused.code, refused.out], [2, '']);
    const listed = await cli('subscriptions', '--connection-string', session.sandbox.connectionString);
    assert.equal(listed.out.split('\n').at(-1), 'Topic CTEvents holds 1 scheduled message until their time (ct-events peek --scheduled shows them).');
  });

  test('a session-enabled subscription: peek by session id, and a plain sentence without one', async () => {
    const sender = session.client.createSender(TOPIC);
    await sender.sendMessages([
      { body: 'a1', sessionId: 'learner-1' },
      { body: 'b1', sessionId: 'learner-2' },
      { body: 'a2', sessionId: 'learner-1' },
    ]);
    await sender.close();
    const subscriptions = await session.connection.listSubscriptions(TOPIC);
    assert.equal(subscriptions.find((s) => s.name === 'orders')?.requiresSession, true);
    assert.equal(subscriptions.find((s) => s.name === 'alpha')?.requiresSession, false);
    const learner1 = await session.connection.peek({ subscription: 'orders', sessionId: 'learner-1', maxMessages: 10 });
    assert.deepEqual(learner1.map((m) => [m.sessionId, Buffer.from(m.body as Uint8Array).toString()]), [['learner-1', '"a1"'], ['learner-1', '"a2"']]);
    await assert.rejects(session.connection.peek({ subscription: 'orders', maxMessages: 10 }), (error: unknown) => {
      assert.ok(error instanceof SessionIdRequiredError);
      assert.match(describeServiceBusError(error), /requires sessions: give a session id/);
      return true;
    });
  });
});

describe('ct-events replay and send', () => {
  let sandbox: RunningSandbox;
  let dir: string;

  before(async () => {
    sandbox = await startSandbox({ seed: 'none', subscriptions: ['alpha', 'beta'] });
    dir = await mkdtemp(join(tmpdir(), 'ct-events-send-'));
  });

  after(async () => {
    await sandbox.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('send an NDJSON file, then resubmit its dead letters with the report', async () => {
    const file = join(dir, 'events.ndjson');
    await writeFile(file, [1, 2, 3].map(loginEvent).join('\n'));
    const sent = await cli('send', '--connection-string', sandbox.connectionString, '--file', file, '--rate', '1000');
    assert.equal(sent.code, 0, sent.err);
    assert.equal(sent.out, 'Sent 3.');
    assert.deepEqual(sandbox.counts('alpha'), { active: 3, deadLetter: 0 });
    sandbox.deadLetterActive('alpha', 'Test');
    const dead = await cli('peek', '--connection-string', sandbox.connectionString, '--subscription', 'alpha', '--dead-letter');
    assert.equal(dead.out.split('\n').length, 3);
    assert.match(dead.out.split('\n')[0] as string, /^#1 .* LOGIN {2}\(dead-lettered: Test/);
    const deadJson = JSON.parse((await cli('peek', '--connection-string', sandbox.connectionString, '--subscription', 'alpha', '--dead-letter', '--json')).out) as { deadLetterReason: string | null }[];
    assert.deepEqual(deadJson.map((r) => r.deadLetterReason), ['Test', 'Test', 'Test']);

    const replay = await cli('replay', '--connection-string', sandbox.connectionString, '--subscription', 'alpha', '--dead-letter', '--sequence', '1,2');
    assert.equal(replay.code, 0, replay.err);
    assert.match(replay.out, /alpha: receives 2/);
    assert.match(replay.out, /Sent 2, completed 2\./);
    assert.deepEqual(sandbox.counts('alpha'), { active: 2, deadLetter: 1 });

    sandbox.faults.failSend(1, { condition: 'amqp:not-allowed' });
    const failing = await cli('replay', '--connection-string', sandbox.connectionString, '--subscription', 'alpha', '--dead-letter', '--all');
    assert.equal(failing.code, 1);
    assert.match(failing.out, /Failed #3: .*the original stays in the dead-letter queue/);
    assert.equal(sandbox.counts('alpha')?.deadLetter, 1);
  });

  test('usage errors exit 2', async () => {
    const both = await cli('replay', '--connection-string', sandbox.connectionString, '--subscription', 'alpha', '--dead-letter', '--all', '--sequence', '1');
    assert.equal(both.code, 2);
    const noDeadLetter = await cli('replay', '--connection-string', sandbox.connectionString, '--subscription', 'alpha', '--all');
    assert.equal(noDeadLetter.code, 2);
  });
});

describe('ct-events send with files that are not plain event lists', () => {
  let sandbox: RunningSandbox;
  let dir: string;
  const login = loginEvent;

  before(async () => {
    sandbox = await startSandbox({ seed: 'none', subscriptions: ['alpha'] });
    dir = await mkdtemp(join(tmpdir(), 'ct-events-send-files-'));
  });

  after(async () => {
    await sandbox.stop();
    await rm(dir, { recursive: true, force: true });
  });

  test('a file that is partly unreadable, empty or binary sends nothing and says why', async () => {
    const cases: Array<[string, string | Buffer, RegExp]> = [
      ['bad-line.ndjson', `${login(1)}\n\n${login(2)}\n{"EventType": oops\n${login(4)}\n`, /^ct-events send: Line 4 is not valid JSON\. Nothing was sent\.$/],
      ['empty.json', '', /^ct-events send: the file holds no events\. Nothing was sent\.$/],
      ['binary.bin', Buffer.from([0x00, 0xff, 0x13, 0x37, 0x80]), /neither JSON, NDJSON nor a CSV export of CT events\. Nothing was sent\.$/],
      ['text-body.ndjson', `${JSON.stringify({ sequenceNumber: '1', body: JSON.parse(login(1)) })}\n${JSON.stringify({ sequenceNumber: '2', bodyText: 'hello' })}\n`, /message #2 has a body that is not JSON/],
      ['unknown-type.ndjson', `${login(1)}\n${JSON.stringify({ EventType: 'FOO', MessageBody: { UserId: 2 } })}\n`, /^ct-events send: the file's message #2 is not a valid CT event \(#2: "FOO" is not a CT event type\. CT sends LOGIN, COURSE_START, MODULE_COMPLETION, COURSE_COMPLETION\)\. Nothing was sent; --allow-invalid sends such bodies as they are\.$/],
    ];
    for (const [name, content, expected] of cases) {
      const file = join(dir, name);
      await writeFile(file, content);
      const result = await cli('send', '--connection-string', sandbox.connectionString, '--file', file);
      assert.equal(result.code, 1, name);
      assert.match(result.err, expected);
      assert.equal(sandbox.counts('alpha')?.active, 0, `${name} sent something`);
    }
  });

  test('a timeline export is sent as the events it holds, not as export records; a pretty-printed event too', async () => {
    const exportFile = join(dir, 'export.ndjson');
    await writeFile(exportFile, [5, 6].map((n) => JSON.stringify({ sequenceNumber: String(n), messageId: `m${n}`, body: JSON.parse(login(n)) })).join('\n'));
    const prettyFile = join(dir, 'pretty.json');
    await writeFile(prettyFile, JSON.stringify(JSON.parse(login(7)), null, 2));
    for (const file of [exportFile, prettyFile]) {
      const sent = await cli('send', '--connection-string', sandbox.connectionString, '--file', file);
      assert.equal(sent.code, 0, sent.err);
    }
    const peeked = await cli('peek', '--connection-string', sandbox.connectionString, '--subscription', 'alpha', '--json');
    const records = JSON.parse(peeked.out) as Array<{ eventType: string; userId: number }>;
    assert.deepEqual(records.map((r) => [r.eventType, r.userId]), [['LOGIN', 5], ['LOGIN', 6], ['LOGIN', 7]]);
  });

  test('--allow-invalid sends a body that is not a valid CT event as it is', async () => {
    const file = join(dir, 'incomplete.ndjson');
    await writeFile(file, JSON.stringify({ EventType: 'LOGIN', MessageBody: { UserId: 9 } }));
    const refused = await cli('send', '--connection-string', sandbox.connectionString, '--file', file);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /message #1 is not a valid CT event \(#1: .+\)\. Nothing was sent;/);
    const sent = await cli('send', '--connection-string', sandbox.connectionString, '--file', file, '--allow-invalid');
    assert.equal(sent.code, 0, sent.err);
    assert.equal(sandbox.counts('alpha')?.active, 4, 'the three events of the test before and this one');
  });
});
