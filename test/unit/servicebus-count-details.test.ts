// Reading each subscription's ScheduledMessageCount from the management feed (the SDK drops it),
// and how the tree words a scheduled figure that is the subscription's own or the topic's.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scheduledCountsOfFeed } from '../../src/core/servicebus/count-details';
import type { SubscriptionCounts } from '../../src/core/servicebus/types';
import { scheduledFigure, scheduledTooltipLine, subscriptionDescription } from '../../src/explorer/countsPresentation';

/** One entry as Service Bus writes it: the counts under a generated namespace prefix. */
function entry(title: string, prefix: string, scheduled: number | undefined): string {
  const scheduledXml = scheduled === undefined ? '' : `<${prefix}:ScheduledMessageCount>${scheduled}</${prefix}:ScheduledMessageCount>`;
  return `<entry xmlns="http://www.w3.org/2005/Atom"><id>https://ns.servicebus.windows.net/CTEvents/Subscriptions/${title}?api-version=2021-05</id>` +
    `<title type="text">${title}</title><content type="application/xml"><SubscriptionDescription xmlns="http://schemas.microsoft.com/netservices/2010/10/servicebus/connect" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">` +
    `<MessageCount>4</MessageCount><CountDetails xmlns:${prefix}="http://schemas.microsoft.com/netservices/2011/06/servicebus">` +
    `<${prefix}:ActiveMessageCount>3</${prefix}:ActiveMessageCount><${prefix}:DeadLetterMessageCount>1</${prefix}:DeadLetterMessageCount>` +
    `${scheduledXml}<${prefix}:TransferMessageCount>0</${prefix}:TransferMessageCount></CountDetails></SubscriptionDescription></content></entry>`;
}

function feed(...entries: string[]): string {
  return `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title type="text">Subscriptions</title>${entries.join('')}</feed>`;
}

describe('scheduledCountsOfFeed', () => {
  it('reads each entry\'s count whatever prefix the service chose', () => {
    assert.deepEqual([...scheduledCountsOfFeed(feed(entry('alpha', 'd2p1', 0), entry('beta', 'd3p1', 7)))], [['alpha', 0], ['beta', 7]]);
  });

  it('reads a single entry (getSubscriptionRuntimeProperties answers with one)', () => {
    assert.deepEqual([...scheduledCountsOfFeed(`<?xml version="1.0"?>${entry('gamma', 'd2p1', 2)}`)], [['gamma', 2]]);
  });

  it('leaves out an entry without the count, and unescapes names', () => {
    assert.deepEqual([...scheduledCountsOfFeed(feed(entry('no-count', 'd2p1', undefined), entry('a&amp;b', 'd2p1', 1)))], [['a&b', 1]]);
  });

  it('does not take a count from outside CountDetails', () => {
    const stray = entry('alpha', 'd2p1', undefined).replace('<MessageCount>', '<d2p1:ScheduledMessageCount>9</d2p1:ScheduledMessageCount><MessageCount>');
    assert.deepEqual([...scheduledCountsOfFeed(feed(stray))], []);
  });

  it('is empty for no feed at all', () => {
    assert.equal(scheduledCountsOfFeed('').size, 0);
  });
});

function counts(overrides: Partial<SubscriptionCounts>): SubscriptionCounts {
  return {
    name: 'alpha', activeMessageCount: 3, deadLetterMessageCount: 1, scheduledMessageCount: 0, transferMessageCount: 0,
    transferDeadLetterMessageCount: 0, totalMessageCount: 4, ...overrides,
  };
}

describe('the scheduled figure in the tree', () => {
  it('shows the topic\'s count in the tooltip, said as the topic\'s, when the subscription has none of its own (Azure); the description leaves it to the Scheduled node', () => {
    const c = counts({ topicScheduledMessageCount: 5 });
    assert.deepEqual(scheduledFigure(c), { count: 5, from: 'topic' });
    assert.equal(subscriptionDescription(c), '3 active · 1 dead-letter');
    assert.match(scheduledTooltipLine(c, 'CTEvents'), /^Scheduled: 5 in topic CTEvents \(Service Bus keeps scheduled messages in the topic until their time/);
  });

  it('shows the subscription\'s own count when the namespace reports one', () => {
    const c = counts({ scheduledMessageCount: 2, topicScheduledMessageCount: 5, requiresSession: true });
    assert.deepEqual(scheduledFigure(c), { count: 2, from: 'subscription' });
    assert.equal(subscriptionDescription(c), '3 active · 1 dead-letter · 2 scheduled · sessions');
    assert.equal(scheduledTooltipLine(c, 'CTEvents'), 'Scheduled: 2');
  });

  it('says nothing of scheduled messages in the description when there are none', () => {
    assert.equal(subscriptionDescription(counts({ topicScheduledMessageCount: 0 })), '3 active · 1 dead-letter');
    assert.equal(subscriptionDescription(counts({})), '3 active · 1 dead-letter');
    assert.equal(scheduledTooltipLine(counts({}), 'CTEvents'), 'Scheduled: 0');
  });
});
