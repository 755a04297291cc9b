// How a subscription's counts read in the tree. Scheduled messages need a word of their own:
// Azure keeps them in the topic until their time, so a subscription reports none and the figure
// worth showing is the topic's, said as such.
import type { SubscriptionCounts } from '../core/servicebus/types';

export interface ScheduledFigure {
  count: number;
  /** Whose count it is: the subscription's own, or the topic's (shared by every subscription). */
  from: 'subscription' | 'topic';
}

/** The subscription's own scheduled count when it has one, else the topic's when the namespace gave it. */
export function scheduledFigure(c: SubscriptionCounts): ScheduledFigure {
  if (c.scheduledMessageCount > 0 || c.topicScheduledMessageCount === undefined) {
    return { count: c.scheduledMessageCount, from: 'subscription' };
  }
  return { count: c.topicScheduledMessageCount, from: 'topic' };
}

/**
 * "3 active · 1 dead-letter", then the subscription's own scheduled messages when there are any,
 * then "sessions". The topic's scheduled count is on the topic's Scheduled node, not repeated on
 * every subscription (the tooltip still says it).
 */
export function subscriptionDescription(c: SubscriptionCounts): string {
  const parts = [`${c.activeMessageCount} active`, `${c.deadLetterMessageCount} dead-letter`];
  if (c.scheduledMessageCount > 0) {
    parts.push(`${c.scheduledMessageCount} scheduled`);
  }
  if (c.requiresSession) {
    parts.push('sessions');
  }
  return parts.join(' · ');
}

/** The tooltip's scheduled line, saying where a topic figure comes from and what it means for this subscription. */
export function scheduledTooltipLine(c: SubscriptionCounts, topic: string): string {
  const scheduled = scheduledFigure(c);
  if (scheduled.from === 'subscription') {
    return `Scheduled: ${scheduled.count}`;
  }
  return `Scheduled: ${scheduled.count} in topic ${topic} (Service Bus keeps scheduled messages in the topic until their time, ` +
    'then gives each to the subscriptions whose rules match, so some may never reach this one)';
}

/** How the topic's Scheduled node reads: the topic's count, and where those messages are and how to see them. */
export interface ScheduledNodeText {
  description: string;
  tooltip: string;
}

/** The topic's scheduled count comes with every subscription's counts; undefined when the namespace did not say (or has no subscriptions). */
export function scheduledNodeText(topic: string, counts: readonly SubscriptionCounts[]): ScheduledNodeText {
  const count = counts[0]?.topicScheduledMessageCount;
  const where = `Service Bus keeps scheduled messages in topic ${topic} until their time, then gives each to the subscriptions whose rules match; ` +
    'no subscription shows them before then. Peek Messages shows them here with their scheduled times.';
  if (count === undefined) {
    return { description: '?', tooltip: `The namespace did not say how many scheduled messages topic ${topic} holds (reading the topic needs the Manage right).\n${where}` };
  }
  return { description: `${count}`, tooltip: `${count} scheduled message${count === 1 ? '' : 's'} in topic ${topic}.\n${where}` };
}
