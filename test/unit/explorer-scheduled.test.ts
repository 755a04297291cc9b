// The topic's scheduled messages in the tree and the timeline: the Scheduled node's words (the
// topic's count, where those messages are and how to see them), and a scheduled message's time and
// state among the system properties the timeline's details pane shows.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toTimelineMessage } from '../../src/core/events/records';
import type { SubscriptionCounts } from '../../src/core/servicebus/types';
import { scheduledNodeText } from '../../src/explorer/countsPresentation';
import { dataMessage } from './events-seed';

function counts(name: string, topicScheduledMessageCount: number | undefined): SubscriptionCounts {
  return {
    name, activeMessageCount: 3, deadLetterMessageCount: 0, scheduledMessageCount: 0, transferMessageCount: 0, transferDeadLetterMessageCount: 0,
    totalMessageCount: 3, topicScheduledMessageCount,
  };
}

describe('the Scheduled node under a topic', () => {
  it("shows the topic's count and says the messages wait in the topic until their time", () => {
    const text = scheduledNodeText('CTEvents', [counts('alpha', 2), counts('beta', 2)]);
    assert.equal(text.description, '2');
    assert.match(text.tooltip, /^2 scheduled messages in topic CTEvents\.\nService Bus keeps scheduled messages in topic CTEvents until their time, then gives each to the subscriptions whose rules match/);
    assert.match(text.tooltip, /Peek Messages shows them here with their scheduled times\.$/);
    assert.match(scheduledNodeText('CTEvents', [counts('alpha', 1)]).tooltip, /^1 scheduled message in topic CTEvents\./);
    assert.equal(scheduledNodeText('CTEvents', [counts('alpha', 0)]).description, '0');
  });

  it('says so when the namespace did not give the count', () => {
    const text = scheduledNodeText('CTEvents', [counts('alpha', undefined)]);
    assert.equal(text.description, '?');
    assert.match(text.tooltip, /^The namespace did not say how many scheduled messages topic CTEvents holds \(reading the topic needs the Manage right\)\./);
    assert.equal(scheduledNodeText('CTEvents', []).description, '?');
  });
});

describe("a scheduled message's details in the timeline", () => {
  const body = JSON.stringify({ EventType: 'LOGIN', MessageBody: { UserId: 1 } });

  it('carry its scheduled time and its state', () => {
    const row = toTimelineMessage({ ...dataMessage('41', body), state: 'scheduled', scheduledEnqueueTime: '2026-05-02T09:00:00.000Z' });
    assert.equal(row.properties.scheduledEnqueueTime, '2026-05-02T09:00:00.000Z');
    assert.equal(row.properties.state, 'scheduled');
  });

  it('leave the state out for an active message, which every received message is', () => {
    const row = toTimelineMessage({ ...dataMessage('42', body), state: 'active' });
    assert.deepEqual(Object.keys(row.properties).filter((k) => k === 'state' || k === 'scheduledEnqueueTime'), []);
  });
});
