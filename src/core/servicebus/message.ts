// ServiceBusReceivedMessage -> PeekedMessage: every system property, the raw body, and the
// application properties typed while their AMQP types are still known (see amqp-types.ts).
// A PeekedMessage owns its bytes: rhea decodes a body or a binary property as a view into the
// buffer a whole peek answer arrived in (up to 250 messages), so keeping that view would keep
// the whole answer alive for as long as the timeline holds the message.
import type { ServiceBusReceivedMessage } from '@azure/service-bus';
import type { PeekedMessage, TypedValue } from '../events/model';
import { typeAmqpValue, typeValue } from '../events/typed-value';
import { amqpTypesOf } from './amqp-types';

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
    body: owned(message.body),
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
    applicationProperties: message.applicationProperties ? (owned(message.applicationProperties) as Record<string, unknown>) : undefined,
    typedApplicationProperties: message.applicationProperties ? typeProperties(message.applicationProperties) : undefined,
  };
  for (const key of Object.keys(peeked) as (keyof PeekedMessage)[]) {
    if (peeked[key] === undefined) {
      delete peeked[key];
    }
  }
  return peeked;
}

/** The properties typed by their AMQP types when rhea's decoding of them was seen, else by their JS values. */
function typeProperties(properties: Record<string, unknown>): Record<string, TypedValue> {
  const types = amqpTypesOf(properties);
  const typed: Record<string, TypedValue> = {};
  for (const [name, value] of Object.entries(properties)) {
    const type = types?.[name];
    typed[name] = type === undefined ? typeValue(value) : typeAmqpValue(value, type);
  }
  return typed;
}

/**
 * The value with every byte array in it copied into an ArrayBuffer of its own (arrays and plain
 * objects copied, anything else as it is): a copy from the Buffer pool would share an 8 KB slab.
 */
function owned(value: unknown): unknown {
  if (value instanceof Uint8Array) {
    const copy = Buffer.allocUnsafeSlow(value.byteLength);
    copy.set(value);
    return copy;
  }
  if (Array.isArray(value)) {
    return value.map(owned);
  }
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, owned(v)]));
  }
  return value;
}
