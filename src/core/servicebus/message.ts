// ServiceBusReceivedMessage -> PeekedMessage: every system property, the raw body, and the
// application properties typed while the SDK's representations are still in hand.
import type { ServiceBusReceivedMessage } from '@azure/service-bus';
import type { PeekedMessage, TypedValue } from '../events/model';
import { typeBinary, typeLong, typeUuid, typeValue } from '../events/typed-value';

/**
 * Receiver options every read needs: raw body bytes (decoded in core/events, which can tell
 * JSON from text, gzip and binary XML), and Date application properties kept as Dates (the
 * SDK otherwise turns them into epoch numbers, indistinguishable from plain numbers).
 */
export const RAW_RECEIVE_OPTIONS = { skipParsingBodyAsJson: true, skipConvertingDate: true } as const;

function bodyTypeOf(message: ServiceBusReceivedMessage): PeekedMessage['bodyType'] {
  const type = message._rawAmqpMessage.bodyType;
  return type === 'value' || type === 'sequence' ? type : 'data';
}

const text = (value: unknown): string | undefined => (value === undefined || value === null ? undefined : String(value));
const iso = (value: Date | undefined): string | undefined => (value === undefined || Number.isNaN(value.getTime()) ? undefined : value.toISOString());

export function toPeekedMessage(message: ServiceBusReceivedMessage): PeekedMessage {
  const peeked: PeekedMessage = {
    sequenceNumber: message.sequenceNumber?.toString() ?? '0',
    enqueuedTime: iso(message.enqueuedTimeUtc),
    body: message.body,
    bodyType: bodyTypeOf(message),
    messageId: text(message.messageId),
    correlationId: text(message.correlationId),
    contentType: message.contentType,
    contentEncoding: message._rawAmqpMessage.properties?.contentEncoding,
    subject: message.subject,
    to: message.to,
    replyTo: message.replyTo,
    replyToSessionId: message.replyToSessionId,
    sessionId: message.sessionId,
    partitionKey: message.partitionKey,
    timeToLive: message.timeToLive,
    scheduledEnqueueTime: iso(message.scheduledEnqueueTimeUtc),
    lockedUntil: iso(message.lockedUntilUtc),
    expiresAt: iso(message.expiresAtUtc),
    state: message.state,
    deliveryCount: message.deliveryCount,
    deadLetterReason: message.deadLetterReason,
    deadLetterErrorDescription: message.deadLetterErrorDescription,
    deadLetterSource: message.deadLetterSource,
    applicationProperties: message.applicationProperties ? { ...message.applicationProperties } : undefined,
    typedApplicationProperties: message.applicationProperties ? typeProperties(message.applicationProperties) : undefined,
  };
  for (const key of Object.keys(peeked) as (keyof PeekedMessage)[]) {
    if (peeked[key] === undefined) {
      delete peeked[key];
    }
  }
  return peeked;
}

function typeProperties(properties: Record<string, unknown>): Record<string, TypedValue> {
  const typed: Record<string, TypedValue> = {};
  for (const [name, value] of Object.entries(properties)) {
    typed[name] = typeRheaValue(value);
  }
  return typed;
}

/**
 * rhea (under the SDK) hands an AMQP long beyond +/-2^53 over as its 8 raw bytes and a uuid as
 * its 16 bytes, the same Buffer it uses for binary. An 8-byte Buffer whose value is beyond 2^53
 * is exactly what rhea makes of such a long (a binary of that size and value is the rare case);
 * 16 bytes are read as a uuid. Both readings say so in their note.
 */
function typeRheaValue(value: unknown): TypedValue {
  if (value instanceof Uint8Array && value.length === 8) {
    const long = new DataView(value.buffer, value.byteOffset, 8).getBigInt64(0);
    if (long > BigInt(Number.MAX_SAFE_INTEGER) || long < BigInt(Number.MIN_SAFE_INTEGER)) {
      return { ...typeLong(long), note: 'The SDK hands over a long beyond 2^53 as 8 bytes; read as that long (8 bytes of binary would look the same).' };
    }
    return typeBinary(value);
  }
  if (value instanceof Uint8Array && value.length === 16) {
    return { ...typeUuid(value), note: 'The SDK hands over a uuid as 16 bytes; read as a uuid (16 bytes of binary would look the same).' };
  }
  return typeValue(value);
}
