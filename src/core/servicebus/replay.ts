// Resubmitting dead letters to their topic, and sending events from a file, without losing a
// message or doubling one without saying so. For each dead letter: send the copy, then complete
// the original. A copy keeps each application property's AMQP type (see amqp-types.ts). A dropped
// connection is noticed at once (connection-drops.ts), not at the SDK's per-try timeout (30 s).
//
// Guarantees of a resubmit, for each order of events (every dead letter ends in exactly one place,
// or in both and named a possible duplicate):
// - send accepted, complete accepted: the copy is in the topic, the original gone (sent, completed).
// - send refused: the original stays in the dead-letter queue (failed).
// - send accepted, then the complete refused or the connection dropped before it (the original's
//   lock dies with its connection): copy in the topic, original in the dead-letter queue (a
//   possible duplicate).
// - the connection dropped while the send was in flight: the topic may or may not have stored the
//   copy. It is not sent again; the original's lock died with the connection, so it is back in the
//   dead-letter queue: a possible duplicate with uncertain 'send' (at most one copy, and never
//   neither copy nor original).
// - the connection dropped while the complete was in flight: the copy is in the topic, the original
//   may or may not have been removed (a possible duplicate with uncertain 'complete').
// - the connection dropped before a received dead letter's turn (during the receive, or earlier in
//   its batch): nothing is sent for it; it returns to the dead-letter queue when its lock dies and
//   is received again on the SDK's new connection and resubmitted then.
// - a dead letter received again after it was handled (its lock died or ran out) is kept aside,
//   never sent twice.
// - Cancel stops between messages.
// - a connection that keeps dropping (DROP_RETRIES in a row without a dead letter handled),
//   or a receive that fails otherwise once work was done, ends the run with its report and a
//   sentence saying why (interrupted); every dead letter not handled is still in the queue.
// Not noticed: a connection that goes silent without closing. The SDK then waits out its per-try
// timeout and tries the send again itself, which stores a second copy if the first was stored.
//
// Sending events from a file: a send in flight when the connection drops is not sent again; it is
// reported as failed with a reason saying it may have reached the topic, and its message id. A
// connection that keeps dropping (DROP_RETRIES + 1 sends in a row) ends the run (interrupted).
import type { ServiceBusClient, ServiceBusReceivedMessage, ServiceBusReceiver, ServiceBusSender } from '@azure/service-bus';
import { randomUUID } from 'node:crypto';
import { typedForSending } from './amqp-types';
import { type DropWatch, watchConnectionDrop } from './connection-drops';
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
  /**
   * Why the original could not be completed. Without `uncertain` its copy was sent and it is still
   * in the dead-letter queue.
   */
  reason: string;
  /**
   * The step whose outcome is unknown because the connection dropped before its answer: 'send'
   * (the copy may not be in the topic; the original is in the dead-letter queue) or 'complete'
   * (the copy is in the topic; the original may have been removed).
   */
  uncertain?: 'send' | 'complete';
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
  /** Why the run stopped before it was done (the connection kept dropping, or a receive failed); what it did is in the report. */
  interrupted?: string;
}

/** What happened to a possible duplicate's copy and original, as the reports say it (text as given: callers escape it). */
export function duplicateExplanation(duplicate: PossibleDuplicate): string {
  switch (duplicate.uncertain) {
    case 'send':
      return `the connection dropped before the topic answered, so the copy may or may not have been sent; the original is back in the dead-letter queue: ${duplicate.reason}`;
    case 'complete':
      return `the copy was sent; the connection dropped while the original was being completed, so it may still be in the dead-letter queue: ${duplicate.reason}`;
    default:
      return `the copy was sent but the original could not be completed: ${duplicate.reason}`;
  }
}

export function replaySucceeded(report: ReplayReport): boolean {
  return report.failed.length === 0 && report.possibleDuplicates.length === 0 && report.notFound.length === 0 && !report.cancelled && report.interrupted === undefined;
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

/** Consecutive dropped connections a resubmit (receiving again on the SDK's new connection each time) or a file send rides out before it stops with its report. */
const DROP_RETRIES = 3;

const DROPPED = Symbol('dropped');

/**
 * The operation's result, or DROPPED as soon as the connection drops, for SDK calls that take no
 * abort signal (settling). The SDK's promise is left to settle on its own.
 */
async function unlessDropped<T>(operation: Promise<T>, drop: DropWatch): Promise<T | typeof DROPPED> {
  operation.catch(() => undefined); // a failure after the drop is no longer anyone's to handle
  if (drop.signal.aborted) {
    return DROPPED;
  }
  let onDrop = (): void => undefined;
  const dropped = new Promise<typeof DROPPED>((resolve) => {
    onDrop = () => resolve(DROPPED);
    drop.signal.addEventListener('abort', onDrop, { once: true });
  });
  try {
    return await Promise.race([operation, dropped]);
  } finally {
    drop.signal.removeEventListener('abort', onDrop);
  }
}

/** Settles without letting a failure hide the report: a message that cannot be abandoned stays in its queue until its lock ends. */
async function abandonQuietly(receiver: ServiceBusReceiver, messages: Iterable<ServiceBusReceivedMessage>): Promise<void> {
  for (const message of messages) {
    await receiver.abandonMessage(message).catch(() => undefined);
  }
}

/**
 * Resubmits dead letters of a subscription to its topic; see the module header for what the
 * report guarantees.
 *
 * The receive loop ends as soon as what is known is done: every asked-for sequence number
 * handled, or as many dead letters received as the queue held at the start (deadLetterCount).
 * Only when neither says so does an empty receive (idleWaitMs) end it. Each receive asks for no
 * more than are still expected, so it returns when they arrive instead of waiting for a full batch.
 */
export async function resubmitDeadLetters(client: ServiceBusClient, options: ResubmitOptions): Promise<ReplayReport> {
  const wanted = 'sequenceNumbers' in options.selection ? new Set(options.selection.sequenceNumbers.map((s) => BigInt(s).toString())) : undefined;
  const report = emptyReport();
  if (wanted?.size === 0) {
    return report;
  }
  const run = new ResubmitRun(client, options, wanted, report);
  try {
    await run.receiveAndResubmit();
  } finally {
    await run.close();
  }
  if (wanted !== undefined) {
    report.notFound = [...wanted].filter((s) => !run.handled.has(s));
  }
  return report;
}

/**
 * Why a run whose receive came back empty is not complete: fewer dead letters arrived than the
 * queue held at the start (a broker that stops delivering must not look like a finished run).
 * Undefined when the count was not known, so an empty receive is the only sign of the end.
 */
function shortfall(announced: number | undefined, notReceived: number): string | undefined {
  if (announced === undefined || notReceived <= 0) {
    return undefined;
  }
  return `The dead-letter queue held ${announced} dead letters when the run started, but ${notReceived} of them never arrived (the receive came back empty); they are left in the dead-letter queue.`;
}

/** What became of one dead letter's turn: done (whatever the outcome), or cut short by a dropped connection. */
type Turn = 'done' | 'dropped';

class ResubmitRun {
  private readonly receiver: ServiceBusReceiver;
  private readonly sender: ServiceBusSender;
  /** Messages kept locked so they are not received again (not selected, or their send failed); abandoned at the end. */
  private readonly held = new Map<string, ServiceBusReceivedMessage>();
  /** Sequence numbers whose turn is over, whatever its outcome. */
  readonly handled = new Set<string>();
  /** Every dead letter received so far, handled or held. */
  private readonly received = new Set<string>();
  private readonly completed = new Set<string>();
  /** Received before a drop and not completed: their locks died, so they come back to the queue (and are kept aside then). */
  private readonly returning = new Set<string>();
  /** The current batch's messages not yet handled (abandoned at the end, so they need not wait for their lock to end). */
  private pending: ServiceBusReceivedMessage[] = [];
  private drop: DropWatch | undefined;
  private drops = 0;

  constructor(
    private readonly client: ServiceBusClient,
    private readonly options: ResubmitOptions,
    private readonly wanted: ReadonlySet<string> | undefined,
    private readonly report: ReplayReport,
  ) {
    const topic = options.topic ?? DEFAULT_TOPIC;
    this.receiver = client.createReceiver(topic, options.subscription, {
      subQueueType: 'deadLetter',
      receiveMode: 'peekLock',
      ...RAW_RECEIVE_OPTIONS,
      // Locks are not renewed: a lock that runs out only puts the message back in the dead-letter queue.
      maxAutoLockRenewalDurationInMs: 0,
    });
    this.sender = client.createSender(topic);
  }

  async receiveAndResubmit(): Promise<void> {
    const { options, report } = this;
    for (;;) {
      if (options.signal?.aborted) {
        report.cancelled = true;
        return;
      }
      if (this.wanted !== undefined && [...this.wanted].every((s) => this.handled.has(s))) {
        return;
      }
      const expected = options.deadLetterCount === undefined ? Infinity : options.deadLetterCount - this.received.size;
      if (expected <= 0) {
        return;
      }
      if (this.drops > DROP_RETRIES) {
        report.interrupted =
          `The connection to ${this.client.fullyQualifiedNamespace} dropped ${this.drops} times in a row, so the run stopped after ` +
          `${this.handled.size} dead letters; the others are still in the dead-letter queue.`;
        return;
      }
      const drop = await this.watch();
      let batch: ServiceBusReceivedMessage[];
      try {
        // Messages coming back after a drop are received again too (and kept aside): ask for them as well.
        const count = Math.min(options.batchSize ?? 100, expected + this.returning.size);
        const abortSignal = options.signal ? AbortSignal.any([options.signal, drop.signal]) : drop.signal;
        batch = await this.receiver.receiveMessages(count, { maxWaitTimeInMs: options.idleWaitMs ?? 3000, abortSignal });
      } catch (error) {
        if (options.signal?.aborted) {
          report.cancelled = true;
          return;
        }
        if (drop.signal.aborted) {
          this.dropped();
          continue;
        }
        if (this.received.size === 0) {
          throw error; // nothing done yet: the caller shows the error itself
        }
        report.interrupted =
          `Receiving more dead letters failed, so the run stopped after ${this.handled.size}; the others are still in the dead-letter queue: ` +
          describeServiceBusError(error);
        return;
      }
      if (batch.length === 0) {
        report.interrupted = shortfall(options.deadLetterCount, expected);
        return;
      }
      const progressed = await this.resubmitBatch(batch, drop);
      if (report.cancelled || progressed === false) {
        return;
      }
    }
  }

  /**
   * Handles a received batch; false when it held nothing new nor anything expected back (locks ran
   * out and the queue offers handled messages again: the run ends rather than loop on them).
   */
  private async resubmitBatch(batch: ServiceBusReceivedMessage[], drop: DropWatch): Promise<boolean | 'dropped'> {
    this.pending = batch;
    let progressed = false;
    while (this.pending.length > 0) {
      if (this.options.signal?.aborted) {
        this.report.cancelled = true;
        break;
      }
      if (drop.signal.aborted) {
        // The rest of the batch lost its locks with the connection: they return to the queue by themselves.
        this.dropped();
        return 'dropped';
      }
      const message = this.pending.shift() as ServiceBusReceivedMessage;
      const sequenceNumber = message.sequenceNumber?.toString() ?? '';
      if (this.received.has(sequenceNumber)) {
        progressed ||= this.returning.delete(sequenceNumber);
        this.held.set(sequenceNumber, message); // came back after its lock died or ran out: keep it, never send twice
        continue;
      }
      progressed = true;
      this.received.add(sequenceNumber);
      if (this.wanted !== undefined && !this.wanted.has(sequenceNumber)) {
        this.held.set(sequenceNumber, message);
        continue;
      }
      const turn = await this.resubmitOne(message, drop);
      this.handled.add(sequenceNumber);
      this.drops = 0;
      this.options.onProgress?.(this.handled.size);
      if (turn === 'dropped') {
        this.dropped();
        return 'dropped';
      }
    }
    return progressed;
  }

  private async resubmitOne(message: ServiceBusReceivedMessage, drop: DropWatch): Promise<Turn> {
    const { report } = this;
    const sequenceNumber = message.sequenceNumber?.toString() ?? '';
    const messageId = idText(message.messageId);
    try {
      await this.sender.sendMessages(copyOfDeadLetter(message, this.options), { abortSignal: drop.signal });
    } catch (error) {
      if (drop.signal.aborted) {
        report.possibleDuplicates.push({
          sequenceNumber, messageId, uncertain: 'send',
          reason: 'The connection dropped before the topic answered, so the copy may or may not have been stored; it was not sent again, and the original is back in the dead-letter queue.',
        });
        return 'dropped';
      }
      report.failed.push({ sequenceNumber, messageId, stage: 'send', reason: describeServiceBusError(error) });
      this.held.set(sequenceNumber, message);
      return 'done';
    }
    report.sent += 1;
    if (drop.signal.aborted) {
      report.possibleDuplicates.push({ sequenceNumber, messageId, reason: 'The connection dropped after the copy was sent, and the lock on the original with it.' });
      return 'dropped';
    }
    try {
      if ((await unlessDropped(this.receiver.completeMessage(message), drop)) === DROPPED) {
        report.possibleDuplicates.push({
          sequenceNumber, messageId, uncertain: 'complete',
          reason: 'The connection dropped before the complete was answered, so the original may still be in the dead-letter queue.',
        });
        return 'dropped';
      }
      report.completed += 1;
      this.completed.add(sequenceNumber);
    } catch (error) {
      report.possibleDuplicates.push({ sequenceNumber, messageId, reason: describeServiceBusError(error) });
    }
    return 'done';
  }

  /** The drop watch of the connection in use, renewed after a drop (it then follows the SDK's new connection). */
  private async watch(): Promise<DropWatch> {
    if (this.drop === undefined || this.drop.signal.aborted) {
      this.drop?.dispose();
      this.drop = await watchConnectionDrop(this.client);
    }
    return this.drop;
  }

  /** Every lock of the lost connection died: what was received and not completed comes back to the queue. */
  private dropped(): void {
    this.drops += 1;
    for (const sequenceNumber of this.received) {
      if (!this.completed.has(sequenceNumber)) {
        this.returning.add(sequenceNumber);
      }
    }
    this.held.clear();
    this.pending = [];
  }

  async close(): Promise<void> {
    this.drop?.dispose();
    await abandonQuietly(this.receiver, [...this.pending, ...this.held.values()]);
    await this.receiver.close().catch(() => undefined);
    await this.sender.close().catch(() => undefined);
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
 * next one is tried; a send cut short by a dropped connection is reported, not sent again. After
 * DROP_RETRIES + 1 such sends in a row the run stops and says which events were not sent.
 */
export async function sendEvents(client: ServiceBusClient, events: readonly unknown[], options: SendEventsOptions = {}): Promise<ReplayReport> {
  const report = emptyReport();
  const sender = client.createSender(options.topic ?? DEFAULT_TOPIC);
  const started = Date.now();
  /** Sends the connection dropped under in a row, with none sent between. */
  let drops = 0;
  try {
    for (let i = 0; i < events.length; i++) {
      if (options.rate !== undefined) {
        await waitUntil(started + (i * 1000) / options.rate, options.signal);
      }
      if (options.signal?.aborted) {
        report.cancelled = true;
        break;
      }
      if (drops > DROP_RETRIES) {
        // A broker that is gone would otherwise fail every remaining event, one by one.
        report.interrupted =
          `The connection to ${client.fullyQualifiedNamespace} dropped ${drops} times in a row, so the run stopped: ` +
          `events ${i + 1} to ${events.length} were not sent.`;
        break;
      }
      const messageId = randomUUID();
      const drop = await watchConnectionDrop(client);
      try {
        await sender.sendMessages(
          { body: Buffer.from(JSON.stringify(events[i]), 'utf8'), contentType: 'application/json', messageId },
          { abortSignal: drop.signal },
        );
        report.sent += 1;
        drops = 0;
      } catch (error) {
        const reason = drop.signal.aborted
          ? 'the connection dropped before the topic answered, so it may or may not have been stored; it was not sent again (look for its message id before sending it again).'
          : describeServiceBusError(error);
        report.failed.push({ messageId, stage: 'send', reason: `event ${i + 1}: ${reason}` });
        drops = drop.signal.aborted ? drops + 1 : 0;
      } finally {
        drop.dispose();
      }
      options.onProgress?.(report.sent);
    }
  } finally {
    await sender.close().catch(() => undefined);
  }
  return report;
}

export interface PurgeOptions {
  topic?: string;
  subscription: string;
  signal?: AbortSignal;
  onProgress?: (removed: number) => void;
  /**
   * How many dead letters the queue held when the purge started, when known: the purge stops once
   * it removed that many instead of waiting idleWaitMs for more (later ones stay for a next purge).
   */
  deadLetterCount?: number;
  /** How long an empty receive waits before the queue counts as empty (default 3 s), when the count is not known. */
  idleWaitMs?: number;
}

/** Removes the messages of a subscription's dead-letter queue; returns how many. */
export async function purgeDeadLetters(client: ServiceBusClient, options: PurgeOptions): Promise<number> {
  const receiver = client.createReceiver(options.topic ?? DEFAULT_TOPIC, options.subscription, {
    subQueueType: 'deadLetter',
    receiveMode: 'receiveAndDelete',
    ...RAW_RECEIVE_OPTIONS,
  });
  let removed = 0;
  try {
    while (!options.signal?.aborted) {
      const expected = options.deadLetterCount === undefined ? Infinity : options.deadLetterCount - removed;
      if (expected <= 0) {
        break;
      }
      const count = Math.min(250, expected);
      const batch = await receiver.receiveMessages(count, { maxWaitTimeInMs: options.idleWaitMs ?? 3000, abortSignal: options.signal });
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
