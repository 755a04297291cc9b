// The sandbox's in-memory entities: one topic whose subscriptions each keep their own copy of
// every message, an active queue and a dead-letter sub-queue. No AMQP here, only state.
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import { MessageSections, splitSections, withMessageId } from './amqp-codec';

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

  /** Messages from a sequence number on, locked ones included (as Service Bus peeks them). */
  peek(fromSequenceNumber: bigint, count: number): StoredMessage[] {
    return this.messages.filter((m) => m.sequenceNumber >= fromSequenceNumber).slice(0, count);
  }

  /** The first message nobody holds a live lock on; an expired lock counts as a delivery. */
  nextAvailable(now: number): StoredMessage | undefined {
    return this.messages.find((m) => !m.lock || m.lock.until <= now);
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
  readonly active: MessageQueue;
  readonly deadLetter: MessageQueue;
  readonly createdAt = new Date();
  private nextSequenceNumber = 1n;

  constructor(readonly topicName: string, readonly name: string) {
    this.active = new MessageQueue(`${topicName}/Subscriptions/${name}`);
    this.deadLetter = new MessageQueue(`${topicName}/Subscriptions/${name}/$DeadLetterQueue`);
  }

  accept(sections: MessageSections, enqueuedTime: Date): void {
    this.active.add({ sequenceNumber: this.nextSequenceNumber++, enqueuedTime, sections, deliveryCount: 0 });
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

  constructor(readonly name: string, subscriptionNames: string[]) {
    for (const name of subscriptionNames) {
      this.subscriptions.set(name.toLowerCase(), new Subscription(this.name, name));
    }
  }

  /** Accepts one encoded message: every subscription gets its own copy with its own sequence number. */
  publish(encoded: Buffer, enqueuedTime = new Date()): void {
    const sections = withMessageId(splitSections(encoded), () => randomUUID().replace(/-/g, ''));
    this.sizeInBytes += encoded.length;
    for (const subscription of this.subscriptions.values()) {
      subscription.accept(sections, enqueuedTime);
    }
  }

  subscription(name: string): Subscription | undefined {
    return this.subscriptions.get(name.toLowerCase());
  }
}

/**
 * Resolves an AMQP address below the topic: `CTEvents` (send), `CTEvents/Subscriptions/x` and
 * `CTEvents/Subscriptions/x/$DeadLetterQueue` (receive, peek). Case-insensitive like Service Bus.
 */
export function resolveQueue(topic: Topic, address: string): QueueRef | undefined {
  const parts = address.replace(/^\/+|\/+$/g, '').split('/');
  if (parts.length < 3 || parts.length > 4 || parts[0].toLowerCase() !== topic.name.toLowerCase() || parts[1].toLowerCase() !== 'subscriptions') {
    return undefined;
  }
  const subscription = topic.subscription(parts[2]);
  if (!subscription) {
    return undefined;
  }
  if (parts.length === 4) {
    return parts[3].toLowerCase() === '$deadletterqueue' ? { subscription, queue: subscription.deadLetter, isDeadLetter: true } : undefined;
  }
  return { subscription, queue: subscription.active, isDeadLetter: false };
}

export function isTopicAddress(topic: Topic, address: string): boolean {
  return address.replace(/^\/+|\/+$/g, '').toLowerCase() === topic.name.toLowerCase();
}
