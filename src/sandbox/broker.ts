// The sandbox's in-memory entities: one topic whose subscriptions each keep their own copy of
// every message, an active queue and a dead-letter sub-queue. No AMQP here, only state.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { MessageSections, scheduledEnqueueTimeOf, splitSections, withMessageId } from './amqp-codec';
import { DEFAULT_RULE, SandboxRule, factsOf, rulesAccept } from './rules';

/** How long a peek-lock receiver holds a message (Service Bus default, PT1M). */
export const LOCK_DURATION_MS = 60_000;
/** Deliveries after which Service Bus dead-letters a message (its default). */
export const MAX_DELIVERY_COUNT = 10;

export interface StoredMessage {
  sequenceNumber: bigint;
  enqueuedTime: Date;
  sections: MessageSections;
  deliveryCount: number;
  lock?: { owner: object; until: number };
  deadLetter?: { reason?: string; description?: string; source: string };
  /** Set while a scheduled message waits for its time: peeks show it, receivers do not get it. */
  scheduledFor?: Date;
  /** The session (AMQP group id) of a message on a session-enabled subscription. */
  sessionId?: string;
}

/** A subscription as a test or `ct-events sandbox` declares it. */
export interface SubscriptionSpec {
  name: string;
  /** Default: the $Default rule with a true filter. */
  rules?: SandboxRule[];
  requiresSession?: boolean;
}

/** A place messages wait in: a subscription or its dead-letter sub-queue. */
export class MessageQueue extends EventEmitter {
  readonly messages: StoredMessage[] = [];

  constructor(readonly path: string) {
    super();
  }

  add(message: StoredMessage): void {
    this.messages.push(message);
    this.messages.sort((a, b) => (a.sequenceNumber < b.sequenceNumber ? -1 : a.sequenceNumber > b.sequenceNumber ? 1 : 0));
    this.emit('available');
  }

  /** Messages from a sequence number on, locked and scheduled ones included (as Service Bus peeks them). */
  peek(fromSequenceNumber: bigint, count: number, sessionId?: string): StoredMessage[] {
    return this.messages.filter((m) => m.sequenceNumber >= fromSequenceNumber && (sessionId === undefined || m.sessionId === sessionId)).slice(0, count);
  }

  /**
   * The first message nobody holds a live lock on (an expired lock counts as a delivery), whose
   * scheduled time has come, in the given session when there is one.
   */
  nextAvailable(now: number, sessionId?: string): StoredMessage | undefined {
    return this.messages.find((m) => {
      if (m.scheduledFor !== undefined && m.scheduledFor.getTime() > now) {
        return false;
      }
      m.scheduledFor = undefined;
      return (!m.lock || m.lock.until <= now) && (sessionId === undefined || m.sessionId === sessionId);
    });
  }

  /** Scheduled messages still waiting for their time. */
  scheduledCount(now: number): number {
    return this.messages.filter((m) => m.scheduledFor !== undefined && m.scheduledFor.getTime() > now).length;
  }

  /** Each hand-out under a lock is one delivery (Service Bus counts the first receive as 1). */
  lock(message: StoredMessage, owner: object, now: number): void {
    message.deliveryCount += 1;
    message.lock = { owner, until: now + LOCK_DURATION_MS };
  }

  holdsLock(message: StoredMessage, owner: object, now: number): boolean {
    return this.messages.includes(message) && message.lock?.owner === owner && message.lock.until > now;
  }

  remove(message: StoredMessage): void {
    const index = this.messages.indexOf(message);
    if (index >= 0) {
      this.messages.splice(index, 1);
    }
  }

  /** Gives a locked message back (abandon, or its receiver went away). */
  unlock(message: StoredMessage): void {
    message.lock = undefined;
    this.emit('available');
  }
}

export class Subscription {
  readonly name: string;
  readonly rules: SandboxRule[];
  readonly requiresSession: boolean;
  readonly active: MessageQueue;
  readonly deadLetter: MessageQueue;
  /** Where Service Bus puts messages it could not forward; here only tests put messages in it. */
  readonly transferDeadLetter: MessageQueue;
  readonly createdAt = new Date();
  private nextSequenceNumber = 1n;

  constructor(readonly topicName: string, spec: SubscriptionSpec) {
    this.name = spec.name;
    this.rules = spec.rules ?? [DEFAULT_RULE];
    this.requiresSession = spec.requiresSession ?? false;
    this.active = new MessageQueue(`${topicName}/Subscriptions/${this.name}`);
    this.deadLetter = new MessageQueue(`${topicName}/Subscriptions/${this.name}/$DeadLetterQueue`);
    this.transferDeadLetter = new MessageQueue(`${topicName}/Subscriptions/${this.name}/$Transfer/$DeadLetterQueue`);
  }

  accept(sections: MessageSections, enqueuedTime: Date, scheduledFor?: Date, sessionId?: string): void {
    const message: StoredMessage = { sequenceNumber: this.nextSequenceNumber++, enqueuedTime, sections, deliveryCount: 0, scheduledFor, sessionId };
    this.active.add(message);
  }

  /** Puts a message straight into the transfer dead-letter queue (for tests of that queue). */
  acceptTransferDeadLetter(sections: MessageSections, enqueuedTime: Date, reason: string): void {
    const message: StoredMessage = { sequenceNumber: this.nextSequenceNumber++, enqueuedTime, sections, deliveryCount: 0 };
    message.deadLetter = { reason, source: this.name };
    this.transferDeadLetter.add(message);
  }

  moveToDeadLetter(message: StoredMessage, reason?: string, description?: string): void {
    this.active.remove(message);
    message.lock = undefined;
    message.deadLetter = { reason, description, source: this.name };
    this.deadLetter.add(message);
  }
}

export interface QueueRef {
  subscription: Subscription;
  queue: MessageQueue;
  isDeadLetter: boolean;
}

export class Topic {
  readonly subscriptions = new Map<string, Subscription>();
  readonly createdAt = new Date();
  sizeInBytes = 0;
  private scheduleNumber = 0n;
  /** When each scheduled message is due: Service Bus keeps them in the topic until then, and counts them there. */
  private scheduledDue: number[] = [];

  constructor(readonly name: string, subscriptions: SubscriptionSpec[]) {
    for (const spec of subscriptions) {
      this.subscriptions.set(spec.name.toLowerCase(), new Subscription(this.name, spec));
    }
  }

  /**
   * Accepts one encoded message: every subscription whose rules accept it gets its own copy with
   * its own sequence number; a message with a future x-opt-scheduled-enqueue-time waits for it.
   */
  publish(encoded: Buffer, enqueuedTime = new Date()): void {
    const sections = withMessageId(splitSections(encoded), () => randomUUID().replace(/-/g, ''));
    const facts = factsOf(sections);
    const scheduled = scheduledEnqueueTimeOf(sections);
    const scheduledFor = scheduled !== undefined && scheduled.getTime() > enqueuedTime.getTime() ? scheduled : undefined;
    this.sizeInBytes += encoded.length;
    if (scheduledFor !== undefined) {
      this.scheduledDue.push(scheduledFor.getTime());
    }
    for (const subscription of this.subscriptions.values()) {
      if (rulesAccept(subscription.rules, facts)) {
        subscription.accept(sections, enqueuedTime, scheduledFor, facts.system.sessionId);
      }
    }
  }

  /** Scheduled messages still waiting for their time (the topic's ScheduledMessageCount), whether or not a subscription's rules take them. */
  scheduledCount(now: number): number {
    this.scheduledDue = this.scheduledDue.filter((due) => due > now);
    return this.scheduledDue.length;
  }

  /** The number scheduleMessages answers with (a topic-wide count; each subscription's copy has its own sequence number). */
  nextScheduleNumber(): bigint {
    this.scheduleNumber += 1n;
    return this.scheduleNumber;
  }

  subscription(name: string): Subscription | undefined {
    return this.subscriptions.get(name.toLowerCase());
  }
}

/**
 * Resolves an AMQP address below the topic: `CTEvents` (send), `CTEvents/Subscriptions/x`,
 * `CTEvents/Subscriptions/x/$DeadLetterQueue` and `.../x/$Transfer/$DeadLetterQueue` (receive,
 * peek). Case-insensitive like Service Bus.
 */
export function resolveQueue(topic: Topic, address: string): QueueRef | undefined {
  const parts = address.replace(/^\/+|\/+$/g, '').split('/');
  if (parts.length < 3 || parts.length > 5 || parts[0].toLowerCase() !== topic.name.toLowerCase() || parts[1].toLowerCase() !== 'subscriptions') {
    return undefined;
  }
  const subscription = topic.subscription(parts[2]);
  if (!subscription) {
    return undefined;
  }
  const sub = parts.slice(3).join('/').toLowerCase();
  if (sub === '$deadletterqueue') {
    return { subscription, queue: subscription.deadLetter, isDeadLetter: true };
  }
  if (sub === '$transfer/$deadletterqueue') {
    return { subscription, queue: subscription.transferDeadLetter, isDeadLetter: true };
  }
  return sub === '' ? { subscription, queue: subscription.active, isDeadLetter: false } : undefined;
}

export function isTopicAddress(topic: Topic, address: string): boolean {
  return address.replace(/^\/+|\/+$/g, '').toLowerCase() === topic.name.toLowerCase();
}
