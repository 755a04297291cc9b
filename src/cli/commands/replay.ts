// ct-events replay: resubmits dead letters of a subscription to its topic (send the copy, then
// complete the original), says first which subscriptions will receive the copies, and prints
// the report. Exit 1 when anything failed, was not found, or may be duplicated.
import type { ReplayAudience, ReplayReport } from '../../core/servicebus';
import { duplicateExplanation, replaySucceeded } from '../../core/servicebus';
import { DEFAULT_TOPIC } from '../../core/servicebus/types';
import { commandRunner, sequenceNumberFlag } from '../args';
import { printable } from '../../core/events/printable';
import { UsageError } from '../io';
import { withConnection } from '../source';
import { CONNECTION_FLAGS, connectionTargetFrom } from '../source-flags';

const command = {
  name: 'replay',
  summary: 'Resubmits dead letters to the topic: each copy is sent, then its original completed; the copy keeps body bytes and properties.',
  flags: {
    ...CONNECTION_FLAGS,
    subscription: { kind: 'value', valueName: 'NAME', description: 'subscription whose dead letters to resubmit', required: true },
    'dead-letter': { kind: 'switch', description: "resubmit from the subscription's dead-letter queue (required)" },
    all: { kind: 'switch', description: 'every dead letter' },
    sequence: { kind: 'value', valueName: 'N[,N…]', description: 'only these sequence numbers (comma-separated)' },
    'new-message-id': { kind: 'switch', description: 'give each copy a new message id (default: keep the original id)' },
    json: { kind: 'switch', description: 'print the report as JSON' },
  },
} as const;

function sequenceNumbers(value: string): string[] {
  return value.split(',').map((part) => sequenceNumberFlag(part.trim(), 'sequence') as string);
}

export function formatAudience(audience: readonly ReplayAudience[], judged: number, estimated: boolean): string {
  const lines = audience.map((a) => `  ${printable(a.subscription)}: ${printable(a.summary)}`);
  const basis = estimated ? `judged from the first ${judged} dead letters` : `${judged} dead letter${judged === 1 ? '' : 's'}`;
  return [`Copies go to the topic; by the subscriptions' rules (${basis}):`, ...lines].join('\n');
}

export function formatReport(report: ReplayReport, resubmit: boolean): string {
  const lines = [resubmit ? `Sent ${report.sent}, completed ${report.completed}.` : `Sent ${report.sent}.`];
  if (report.cancelled) {
    lines.push('Cancelled: the messages not yet handled are where they were.');
  }
  if (report.interrupted !== undefined) {
    lines.push(`Stopped early: ${printable(report.interrupted)} The messages not yet handled are where they were.`);
  }
  for (const failure of report.failed) {
    const which = failure.sequenceNumber !== undefined ? `#${failure.sequenceNumber}` : printable(failure.messageId ?? '');
    lines.push(`Failed ${which}: ${printable(failure.reason)}${resubmit ? ' (the original stays in the dead-letter queue)' : ''}`);
  }
  for (const duplicate of report.possibleDuplicates) {
    lines.push(`Possible duplicate #${duplicate.sequenceNumber} (message id ${printable(duplicate.messageId ?? '?')}): ${printable(duplicateExplanation(duplicate))}`);
  }
  if (report.notFound.length > 0) {
    lines.push(`Not in the dead-letter queue: ${report.notFound.map((s) => `#${s}`).join(', ')}.`);
  }
  return lines.join('\n');
}

export const run = commandRunner(command, async (flags, io) => {
  const target = connectionTargetFrom(flags);
  if (flags['dead-letter'] !== true) {
    throw new UsageError('replay resubmits dead letters: give --dead-letter.');
  }
  if ((flags.all === true) === (flags.sequence !== undefined)) {
    throw new UsageError('give either --all or --sequence N[,N…].');
  }
  const selection = flags.all === true ? { all: true as const } : { sequenceNumbers: sequenceNumbers(flags.sequence as string) };
  const topic = flags.topic ?? DEFAULT_TOPIC;
  const subscription = flags.subscription as string;
  const report = await withConnection(target, async (connection) => {
    const preview = await connection.replayPreview({ topic, subscription, selection });
    if (flags.json !== true) {
      io.out(formatAudience(preview.audience, preview.messagesJudged, preview.estimated));
    }
    return connection.resubmitDeadLetters({ topic, subscription, selection, newMessageId: flags['new-message-id'] === true });
  });
  io.out(flags.json === true ? JSON.stringify(report, null, 2) : formatReport(report, true));
  return replaySucceeded(report) ? 0 : 1;
});
