// The one place the CLI opens a Service Bus connection: errors become one plain sentence
// (never a stack trace, never the connection string).
import { interpretMessages, type Interpretation } from '../core/events';
import { ServiceBusConnection, describeServiceBusError } from '../core/servicebus';
import { DEFAULT_TOPIC, type ConnectionTarget } from '../core/servicebus/types';
import { positiveInteger, sequenceNumberFlag, type Flags } from './args';
import { UserError } from './io';
import { DEFAULT_MAX_MESSAGES, MESSAGE_SOURCE_FLAGS, connectionTargetFrom } from './source-flags';

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
}

/** Validates the message-source flags, peeks, and reads the messages as CT events. */
export async function peekAndInterpret(flags: Flags<typeof MESSAGE_SOURCE_FLAGS>): Promise<PeekedInterpretation> {
  const target = connectionTargetFrom(flags);
  const maxMessages = positiveInteger(flags.max, 'max', DEFAULT_MAX_MESSAGES);
  const fromSequenceNumber = sequenceNumberFlag(flags['from-sequence'], 'from-sequence');
  const subscription = flags.subscription as string;
  const messages = await withConnection(target, (connection) =>
    connection.peek({
      topic: flags.topic ?? DEFAULT_TOPIC,
      subscription,
      deadLetter: flags['dead-letter'] === true,
      maxMessages,
      fromSequenceNumber,
    }),
  );
  return { interpretation: interpretMessages(messages), count: messages.length };
}
