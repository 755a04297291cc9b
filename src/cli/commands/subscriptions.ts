// ct-events subscriptions: the topic's subscriptions with their message counts.
import { DEFAULT_TOPIC } from '../../core/servicebus/types';
import { commandRunner } from '../args';
import { formatTable } from '../format';
import { withConnection } from '../source';
import { CONNECTION_FLAGS, connectionTargetFrom } from '../source-flags';

const command = {
  name: 'subscriptions',
  summary: 'Lists the subscriptions of the CTEvents topic with their message counts.',
  flags: {
    ...CONNECTION_FLAGS,
    json: { kind: 'switch', description: 'print a JSON array instead of a table' },
  },
} as const;

export const run = commandRunner(command, async (flags, io) => {
  const target = connectionTargetFrom(flags);
  const topic = flags.topic ?? DEFAULT_TOPIC;
  const subscriptions = await withConnection(target, (connection) => connection.listSubscriptions(topic));
  const rows = subscriptions.map((s) => ({
    name: s.name,
    activeMessageCount: s.activeMessageCount,
    deadLetterMessageCount: s.deadLetterMessageCount,
    scheduledMessageCount: s.scheduledMessageCount,
    transferMessageCount: s.transferMessageCount,
    transferDeadLetterMessageCount: s.transferDeadLetterMessageCount,
    topicScheduledMessageCount: s.topicScheduledMessageCount ?? null,
  }));
  if (flags.json) {
    io.out(JSON.stringify(rows, null, 2));
    return 0;
  }
  if (rows.length === 0) {
    io.out(`Topic ${topic} has no subscriptions.`);
    return 0;
  }
  io.out(
    formatTable(
      ['subscription', 'active', 'dead-letter', 'scheduled', 'transfer', 'transfer DLQ'],
      rows.map((r) => [r.name, r.activeMessageCount, r.deadLetterMessageCount, r.scheduledMessageCount, r.transferMessageCount, r.transferDeadLetterMessageCount]),
    ),
  );
  // Service Bus keeps scheduled messages in the topic until their time: no subscription counts them.
  const onTopic = subscriptions[0]?.topicScheduledMessageCount;
  if (onTopic !== undefined && onTopic > 0) {
    io.out(`Topic ${topic} holds ${onTopic} scheduled message${onTopic === 1 ? '' : 's'} until their time (ct-events peek --scheduled shows them).`);
  }
  return 0;
});
