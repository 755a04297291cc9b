// The one place the CLI opens a Service Bus connection: errors become one plain sentence
// (never a stack trace, never the connection string).
import { interpretMessages, type Interpretation } from '../core/events';
import { ServiceBusConnection, describeServiceBusError } from '../core/servicebus';
import { DEFAULT_TOPIC, type ConnectionTarget } from '../core/servicebus/types';
import { positiveInteger, sequenceNumberFlag, type Flags } from './args';
import { UserError } from './io';
import { DEFAULT_MAX_MESSAGES, MAX_PEEK_MESSAGES, PEEK_SOURCE_FLAGS, connectionTargetFrom, peekedEntityFrom } from './source-flags';

/**
 * Runs `work` on an open connection and always closes it. Any failure of the Service Bus
 * layer (wrong key, missing role, unknown subscription, unreachable host) becomes a UserError:
 * exit code 1 with one sentence and no stack trace.
 */
export async function withConnection<T>(target: ConnectionTarget, work: (connection: ServiceBusConnection) => Promise<T>): Promise<T> {
  let connection: ServiceBusConnection | undefined;
  try {
    connection = new ServiceBusConnection(target);
    return await work(connection);
  } catch (error) {
    throw new UserError(describeServiceBusError(error), { cause: error });
  } finally {
    await connection?.close().catch(() => undefined);
  }
}

export interface PeekedInterpretation {
  interpretation: Interpretation;
  /** How many messages the peek returned. */
  count: number;
  /** What the broker says of each message beyond its body, by sequence number (only messages that have any of it). */
  brokerNotes: ReadonlyMap<string, BrokerNote>;
}

/** The broker's own facts about a message that peek shows next to the event. */
export interface BrokerNote {
  /** When the sender scheduled it for (ISO-8601 UTC). */
  scheduledEnqueueTime?: string;
  /** Why it was dead-lettered, and the description given with the reason. */
  deadLetterReason?: string;
  deadLetterErrorDescription?: string;
}

/** Validates the message-source flags, peeks (a subscription's queue, or the topic's scheduled messages), and reads the messages as CT events. */
export async function peekAndInterpret(flags: Flags<typeof PEEK_SOURCE_FLAGS>): Promise<PeekedInterpretation> {
  const target = connectionTargetFrom(flags);
  const entity = peekedEntityFrom(flags);
  const topic = flags.topic ?? DEFAULT_TOPIC;
  const maxMessages = positiveInteger(flags.max, 'max', DEFAULT_MAX_MESSAGES, MAX_PEEK_MESSAGES);
  const fromSequenceNumber = sequenceNumberFlag(flags['from-sequence'], 'from-sequence');
  const messages = await withConnection(target, (connection) =>
    entity.kind === 'scheduled'
      ? connection.peekScheduled({ topic, maxMessages, fromSequenceNumber })
      : connection.peek({ topic, subscription: entity.subscription, deadLetter: entity.deadLetter, maxMessages, fromSequenceNumber }),
  );
  const brokerNotes = new Map<string, BrokerNote>();
  for (const { sequenceNumber, scheduledEnqueueTime, deadLetterReason, deadLetterErrorDescription } of messages) {
    if (scheduledEnqueueTime !== undefined || deadLetterReason !== undefined || deadLetterErrorDescription !== undefined) {
      brokerNotes.set(sequenceNumber, { scheduledEnqueueTime, deadLetterReason, deadLetterErrorDescription });
    }
  }
  return { interpretation: interpretMessages(messages), count: messages.length, brokerNotes };
}
