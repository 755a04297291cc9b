// Scheduled counts as Azure reports them, read through the product's layer with the real SDK:
// scheduled messages wait in the topic until their time, so each subscription reports none of
// its own and carries the topic's figure; a message scheduled for a time already past is active.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sandboxSession } from './sandbox-session';

describe('scheduled message counts', () => {
  const session = sandboxSession({
      seed: 'none',
      subscriptions: [{ name: 'alpha' }, { name: 'beta', rules: [{ name: 'onlyBeta', filter: { kind: 'correlation', applicationProperties: { route: 'beta' } } }] }],
    });

  test('scheduleMessages: the topic counts them, the subscriptions report none of their own', { timeout: 20_000 }, async () => {
    const sender = session.client.createSender(session.sandbox.topic);
    const inAnHour = new Date(Date.now() + 3_600_000);
    const sequenceNumbers = await sender.scheduleMessages([
      { body: { EventType: 'LOGIN' }, messageId: 's1' },
      { body: { EventType: 'LOGIN' }, messageId: 's2', applicationProperties: { route: 'beta' } },
      { body: { EventType: 'LOGIN' }, messageId: 's3', applicationProperties: { route: 'elsewhere' } },
    ], inAnHour);
    assert.equal(sequenceNumbers.length, 3);
    await sender.scheduleMessages({ body: { EventType: 'LOGIN' }, messageId: 'due' }, new Date(Date.now() - 60_000));
    await sender.sendMessages({ body: { EventType: 'LOGIN' }, messageId: 'now' });
    await sender.close();

    const counts = await session.connection.listSubscriptions(session.sandbox.topic);
    assert.deepEqual(
      counts.map((c) => [c.name, c.activeMessageCount, c.scheduledMessageCount, c.topicScheduledMessageCount, c.totalMessageCount]),
      [
        ['alpha', 2, 0, 3, 2], // 'due' and 'now'; the three scheduled ones wait in the topic
        ['beta', 0, 0, 3, 0], // s2 will reach beta at its time, but the topic counts it until then
      ],
    );
  });
});
