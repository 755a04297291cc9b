// Scheduled messages where Azure keeps them, with the real SDK against the sandbox: in the topic
// until their time (a peek of the topic shows them, a peek of a subscription does not, a receive
// on the topic is refused, cancel removes them), then in the subscriptions whose rules take them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isServiceBusError } from '@azure/service-bus';
import { sandboxSession } from './sandbox-session';

describe('scheduled messages wait in the topic', () => {
  const session = sandboxSession({
      seed: 'none',
      subscriptions: [
        { name: 'alpha' },
        { name: 'beta', rules: [{ name: 'onlyBeta', filter: { kind: 'correlation', applicationProperties: { route: 'beta' } } }] },
        // Takes everything; the test waits on it to learn that the scheduled time came.
        { name: 'watch' },
      ],
    });

  async function countsOf(name: string): Promise<[number, number, number | undefined]> {
    const counts = (await session.connection.listSubscriptions(session.sandbox.topic)).find((c) => c.name === name);
    assert.ok(counts, `no counts for ${name}`);
    return [counts.activeMessageCount, counts.scheduledMessageCount, counts.topicScheduledMessageCount];
  }

  test('before their time: the topic peek shows them, a subscription peek does not, cancel removes one, a receive on the topic is refused', { timeout: 20_000 }, async () => {
    const sender = session.client.createSender(session.sandbox.topic);
    const inAnHour = new Date(Date.now() + 3_600_000);
    const inTwoHours = new Date(Date.now() + 7_200_000);
    const [first, second] = await sender.scheduleMessages([
      { body: { EventType: 'LOGIN' }, messageId: 'h1' },
      { body: { EventType: 'LOGIN' }, messageId: 'h2', applicationProperties: { route: 'beta' } },
    ], inAnHour);
    const [third] = await sender.scheduleMessages({ body: { EventType: 'LOGIN' }, messageId: 'h3' }, inTwoHours);

    const onTopic = await session.connection.peekScheduled({ maxMessages: 100 });
    assert.deepEqual(
      onTopic.map((m) => [m.messageId, m.sequenceNumber, m.state, m.scheduledEnqueueTime]),
      [
        ['h1', first.toString(), 'scheduled', inAnHour.toISOString()],
        ['h2', second.toString(), 'scheduled', inAnHour.toISOString()],
        ['h3', third.toString(), 'scheduled', inTwoHours.toISOString()],
      ],
    );
    assert.deepEqual((await session.connection.peekScheduled({ maxMessages: 100, fromSequenceNumber: second.toString() })).map((m) => m.messageId), ['h2', 'h3']);
    assert.deepEqual(await session.connection.peek({ subscription: 'alpha', maxMessages: 100 }), []);
    assert.deepEqual(await countsOf('alpha'), [0, 0, 3]);
    assert.deepEqual(await countsOf('beta'), [0, 0, 3]);

    await sender.cancelScheduledMessages(third);
    await sender.close();
    assert.deepEqual((await session.connection.peekScheduled({ maxMessages: 100 })).map((m) => m.messageId), ['h1', 'h2']);
    assert.deepEqual(await countsOf('alpha'), [0, 0, 2]);

    const topicReceiver = session.client.createReceiver(session.sandbox.topic);
    await assert.rejects(topicReceiver.receiveMessages(1, { maxWaitTimeInMs: 1000 }), (error: unknown) => {
      assert.ok(isServiceBusError(error), String(error));
      assert.equal(error.code, 'MessagingEntityNotFound');
      return true;
    });
    await topicReceiver.close();
  });

  test('at their time they go to the subscriptions whose rules take them, and leave the topic', { timeout: 20_000 }, async () => {
    const before = (await session.connection.peekScheduled({ maxMessages: 100 })).map((m) => m.messageId);
    const sender = session.client.createSender(session.sandbox.topic);
    const soon = new Date(Date.now() + 1500);
    await sender.scheduleMessages([
      { body: { EventType: 'LOGIN' }, messageId: 's1' },
      { body: { EventType: 'LOGIN' }, messageId: 's2', applicationProperties: { route: 'beta' } },
    ], soon);
    await sender.close();

    // Both are released together; a receiver on the watching subscription gets them when they are
    // (peek-lock: its batch returns soon after the first message, and the locks go with it).
    const watch = session.client.createReceiver(session.sandbox.topic, 'watch');
    const arrived: string[] = [];
    while (!arrived.includes('s1') || !arrived.includes('s2')) {
      const got = await watch.receiveMessages(10, { maxWaitTimeInMs: 10_000 });
      assert.ok(got.length > 0, 'the scheduled messages never arrived');
      arrived.push(...got.map((m) => String(m.messageId)));
    }
    await watch.close();

    assert.deepEqual((await session.connection.peekScheduled({ maxMessages: 100 })).map((m) => m.messageId), before);
    const alpha = await session.connection.peek({ subscription: 'alpha', maxMessages: 100 });
    assert.deepEqual(alpha.map((m) => [m.messageId, m.state, m.scheduledEnqueueTime]), [['s1', 'active', soon.toISOString()], ['s2', 'active', soon.toISOString()]]);
    assert.deepEqual(alpha.map((m) => m.sequenceNumber), ['1', '2'], 'each subscription numbers its copies as they arrive');
    assert.ok(alpha.every((m) => m.enqueuedTime !== undefined && m.enqueuedTime >= soon.toISOString()), 'enqueued when released, not when scheduled');
    assert.deepEqual((await session.connection.peek({ subscription: 'beta', maxMessages: 100 })).map((m) => m.messageId), ['s2']);
    assert.deepEqual(await countsOf('alpha'), [2, 0, before.length]);
    assert.deepEqual(await countsOf('beta'), [1, 0, before.length]);
  });
});
