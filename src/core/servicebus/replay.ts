// Resubmitting dead letters to their topic, and sending events from a file, without losing a
// message. The order for each dead letter is: send the copy, then complete the original. A copy
// that could not be sent leaves its original in the dead-letter queue; a copy that was sent but
// whose original could not be completed is reported as a possible duplicate. Cancelling stops
// between messages, so no message is ever half-way. A copy keeps each application property's
// AMQP type (see amqp-types.ts).
import type { ServiceBusClient, ServiceBusReceivedMessage, ServiceBusReceiver, ServiceBusSender } from '@azure/service-bus';
import { randomUUID } from 'node:crypto';
import { typedForSending } from './amqp-types';
import { describeServiceBusError } from './errors';
import { RAW_RECEIVE_OPTIONS } from './message';
import type { MessageFacts } from './rules';
import { DEFAULT_TOPIC } from './types';

/** The SDK sends this shape as an AMQP message with the given body section (its type is not exported). */
type AmqpAnnotatedMessage = ServiceBusReceivedMessage['_rawAmqpMessage'];

/** Application properties Service Bus adds when it dead-letters a message; a copy drops them. */
const DEAD_LETTER_PROPERTIES = ['DeadLetterReason', 'DeadLetterErrorDescription'];

export type DeadLetterSelection = { all: true } | { sequenceNumbers: readonly string[] };

export interface ResubmitOptions {
  topic?: string;
  subscription: string;
  selection: DeadLetterSelection;
  /** Give each copy a new message id (default: keep the original's, so duplicate detection still sees it). */
  newMessageId?: boolean;
  signal?: AbortSignal;
  /** Called after each message is handled, with how many were handled so far. */
  onProgress?: (handled: number) => void;
  /** Dead letters read per receive (default 100). */
  batchSize?: number;
  /**
   * How many dead letters the queue held when the run started (its runtime count), when known.
   * The run then stops as soon as it has received that many, instead of waiting idleWaitMs for
   * more; it never waits for dead letters that arrive during the run (they stay for a next run).
   */
  deadLetterCount?: number;
  /** How long an empty receive waits before the queue counts as drained (default 3 s). */
  idleWaitMs?: number;
}

export interface ReplayFailure {
  sequenceNumber?: string;
  messageId?: string;
  /** What failed: sending the copy (the original stays where it was) or reading the input. */
  stage: 'send' | 'read';
  reason: string;
}

export interface PossibleDuplicate {
  sequenceNumber: string;
  messageId?: string;
  /** Why the original could not be completed: it is still in the dead-letter queue and its copy was sent. */
  reason: string;
}

export interface ReplayReport {
  /** Copies the topic accepted. */
  sent: number;
  /** Originals removed from the dead-letter queue after their copy was sent (0 when sending from a file). */
  completed: number;
  failed: ReplayFailure[];
  possibleDuplicates: PossibleDuplicate[];
  /** Asked-for sequence numbers that were not in the dead-letter queue. */
  notFound: string[];
  cancelled: boolean;
}

export function replaySucceeded(report: ReplayReport): boolean {
  return report.failed.length === 0 && report.possibleDuplicates.length === 0 && report.notFound.length === 0 && !report.cancelled;
}

function emptyReport(): ReplayReport {
  return { sent: 0, completed: 0, failed: [], possibleDuplicates: [], notFound: [], cancelled: false };
}

function idText(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : Buffer.isBuffer(value) ? value.toString('hex') : String(value);
}

/**
 * The copy of a dead letter: the raw AMQP body section untouched (bytes for a data section, the
 * value for a value or sequence section), the sender's properties and application properties,
 * without the dead-letter fields or anything the broker stamped on it.
 */
export function copyOfDeadLetter(message: ServiceBusReceivedMessage, options: { newMessageId?: boolean } = {}): AmqpAnnotatedMessage {
  const raw = message._rawAmqpMessage;
  const applicationProperties = typedForSending(raw.applicationProperties ?? {}, DEAD_LETTER_PROPERTIES);
  const p = raw.properties ?? {};
  const properties: AmqpAnnotatedMessage['properties'] = {
    messageId: options.newMessageId ? randomUUID() : p.messageId,
    correlationId: p.correlationId,
    contentType: p.contentType,
    contentEncoding: p.contentEncoding,
    subject: p.subject,
    to: p.to,
    replyTo: p.replyTo,
    groupId: p.groupId,
    replyToGroupId: p.replyToGroupId,
  };
  const partitionKey = raw.messageAnnotations?.['x-opt-partition-key'];
  return {
    // message.body, not raw.body: with JSON parsing skipped it is the data section's bytes (raw.body is rhea's section object).
    body: message.body,
    bodyType: raw.bodyType ?? 'data',
    properties: Object.fromEntries(Object.entries(properties).filter(([, v]) => v !== undefined)),
    applicationProperties,
    messageAnnotations: partitionKey === undefined ? undefined : { 'x-opt-partition-key': partitionKey },
    header: raw.header?.durable === undefined ? undefined : { durable: raw.header.durable },
  };
}

/** The properties subscription filters look at, from a received or peeked message. */
export function factsOfMessage(message: ServiceBusReceivedMessage): MessageFacts {
  const p = message._rawAmqpMessage.properties ?? {};
  return {
    correlationId: idText(p.correlationId),
    messageId: idText(p.messageId),
    to: p.to,
    replyTo: p.replyTo,
    subject: p.subject,
    sessionId: p.groupId,
    replyToSessionId: p.replyToGroupId,
    contentType: p.contentType,
    applicationProperties: { ...(message.applicationProperties ?? {}) },
  };
}

/** Settles without letting a failure hide the report: a message that cannot be abandoned stays in its queue until its lock ends. */
async function abandonQuietly(receiver: ServiceBusReceiver, messages: Iterable<ServiceBusReceivedMessage>): Promise<void> {
  for (const message of messages) {
    await receiver.abandonMessage(message).catch(() => undefined);
  }
}

/**
 * Resubmits dead letters of a subscription to its topic. Every dead letter ends in exactly one
 * of: sent and completed; still in the dead-letter queue (send failed, not selected, cancelled);
 * or sent and still in the dead-letter queue (listed in possibleDuplicates).
 *
 * The receive loop ends as soon as what is known is done: every asked-for sequence number
 * handled, or as many dead letters received as the queue held at the start (deadLetterCount).
 * Only when neither says so does an empty receive (idleWaitMs) end it. Each receive asks for no
 * more than are still expected, so it returns when they arrive instead of waiting for a full batch.
 */
export async function resubmitDeadLetters(client: ServiceBusClient, options: ResubmitOptions): Promise<ReplayReport> {
  const topic = options.topic ?? DEFAULT_TOPIC;
  const wanted = 'sequenceNumbers' in options.selection ? new Set(options.selection.sequenceNumbers.map((s) => BigInt(s).toString())) : undefined;
  const report = emptyReport();
  if (wanted?.size === 0) {
    return report;
  }
  const receiver = client.createReceiver(topic, options.subscription, {
    subQueueType: 'deadLetter',
    receiveMode: 'peekLock',
    ...RAW_RECEIVE_OPTIONS,
    // Locks are not renewed: a lock that runs out only puts the message back in the dead-letter queue.
    maxAutoLockRenewalDurationInMs: 0,
  });
  const sender: ServiceBusSender = client.createSender(topic);
  /** Messages kept locked so they are not received again (not selected, or their send failed); abandoned at the end. */
  const held = new Map<string, ServiceBusReceivedMessage>();
  const handled = new Set<string>();
  /** Every dead letter received so far, handled or held. */
  const received = new Set<string>();
  let pending: ServiceBusReceivedMessage[] = [];
  try {
    for (;;) {
      if (options.signal?.aborted) {
        report.cancelled = true;
        break;
      }
      if (wanted !== undefined && [...wanted].every((s) => handled.has(s))) {
        break;
      }
      const expected = options.deadLetterCount === undefined ? Infinity : options.deadLetterCount - received.size;
      if (expected <= 0) {
        break;
      }
      let batch: ServiceBusReceivedMessage[];
      try {
        const count = Math.min(options.batchSize ?? 100, expected);
        batch = await receiver.receiveMessages(count, { maxWaitTimeInMs: options.idleWaitMs ?? 3000, abortSignal: options.signal });
      } catch (error) {
        if (options.signal?.aborted) {
          report.cancelled = true;
          break;
        }
        throw error;
      }
      if (batch.length === 0) {
        break;
      }
      pending = batch;
      let receivedSomethingNew = false;
      while (pending.length > 0) {
        if (options.signal?.aborted) {
          report.cancelled = true;
          break;
        }
        const message = pending.shift() as ServiceBusReceivedMessage;
        const sequenceNumber = message.sequenceNumber?.toString() ?? '';
        if (received.has(sequenceNumber)) {
          held.set(sequenceNumber, message); // came back after its lock ran out: keep it, never send twice
          continue;
        }
        receivedSomethingNew = true;
        received.add(sequenceNumber);
        if (wanted !== undefined && !wanted.has(sequenceNumber)) {
          held.set(sequenceNumber, message);
          continue;
        }
        await resubmitOne(receiver, sender, message, options, report, held);
        handled.add(sequenceNumber);
        options.onProgress?.(handled.size);
      }
      if (report.cancelled || !receivedSomethingNew) {
        break;
      }
    }
  } finally {
    await abandonQuietly(receiver, [...pending, ...held.values()]);
    await receiver.close().catch(() => undefined);
    await sender.close().catch(() => undefined);
  }
  if (wanted !== undefined) {
    report.notFound = [...wanted].filter((s) => !handled.has(s));
  }
  return report;
}

async function resubmitOne(
  receiver: ServiceBusReceiver,
  sender: ServiceBusSender,
  message: ServiceBusReceivedMessage,
  options: ResubmitOptions,
  report: ReplayReport,
  held: Map<string, ServiceBusReceivedMessage>,
): Promise<void> {
  const sequenceNumber = message.sequenceNumber?.toString() ?? '';
  const messageId = idText(message.messageId);
  try {
    await sender.sendMessages(copyOfDeadLetter(message, options));
  } catch (error) {
    report.failed.push({ sequenceNumber, messageId, stage: 'send', reason: describeServiceBusError(error) });
    held.set(sequenceNumber, message);
    return;
  }
  report.sent += 1;
  try {
    await receiver.completeMessage(message);
    report.completed += 1;
  } catch (error) {
    report.possibleDuplicates.push({ sequenceNumber, messageId, reason: describeServiceBusError(error) });
  }
}

export interface SendEventsOptions {
  topic?: string;
  /** Messages per second; undefined sends as fast as the topic accepts them. */
  rate?: number;
  signal?: AbortSignal;
  onProgress?: (sent: number) => void;
}

/** Waits until `at` (epoch ms) or the signal, whichever comes first. */
function waitUntil(at: number, signal: AbortSignal | undefined): Promise<void> {
  const delay = at - Date.now();
  if (delay <= 0 || signal?.aborted) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const timer = setTimeout(done, delay);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/**
 * Sends CT events (as CT publishes them: UTF-8 JSON text in a data section, content type
 * application/json) one by one, paced to `rate` per second. A failed send is reported and the
 * next one is tried.
 */
export async function sendEvents(client: ServiceBusClient, events: readonly unknown[], options: SendEventsOptions = {}): Promise<ReplayReport> {
  const report = emptyReport();
  const sender = client.createSender(options.topic ?? DEFAULT_TOPIC);
  const started = Date.now();
  try {
    for (let i = 0; i < events.length; i++) {
      if (options.rate !== undefined) {
        await waitUntil(started + (i * 1000) / options.rate, options.signal);
      }
      if (options.signal?.aborted) {
        report.cancelled = true;
        break;
      }
      const messageId = randomUUID();
      try {
        await sender.sendMessages({
          body: Buffer.from(JSON.stringify(events[i]), 'utf8'),
          contentType: 'application/json',
          messageId,
        });
        report.sent += 1;
      } catch (error) {
        report.failed.push({ messageId, stage: 'send', reason: `event ${i + 1}: ${describeServiceBusError(error)}` });
      }
      options.onProgress?.(report.sent);
    }
  } finally {
    await sender.close().catch(() => undefined);
  }
  return report;
}

/** Removes every message from a subscription's dead-letter queue; returns how many. */
export async function purgeDeadLetters(
  client: ServiceBusClient,
  options: { topic?: string; subscription: string; signal?: AbortSignal; onProgress?: (removed: number) => void; idleWaitMs?: number },
): Promise<number> {
  const receiver = client.createReceiver(options.topic ?? DEFAULT_TOPIC, options.subscription, {
    subQueueType: 'deadLetter',
    receiveMode: 'receiveAndDelete',
    ...RAW_RECEIVE_OPTIONS,
  });
  let removed = 0;
  try {
    while (!options.signal?.aborted) {
      const batch = await receiver.receiveMessages(250, { maxWaitTimeInMs: options.idleWaitMs ?? 3000, abortSignal: options.signal });
      if (batch.length === 0) {
        break;
      }
      removed += batch.length;
      options.onProgress?.(removed);
    }
  } finally {
    await receiver.close().catch(() => undefined);
  }
  return removed;
}
