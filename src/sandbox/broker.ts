// The sandbox's in-memory entities: one topic whose subscriptions each keep their own copy of
// every message, an active queue and a dead-letter sub-queue, and the topic's scheduled messages
// waiting for their time. No AMQP here, only state.
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
  /** Set on a scheduled message the topic holds: when it goes to the subscriptions. */
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

/** A place messages wait in: a subscription, its dead-letter sub-queues, or the topic's scheduled messages. */
export class MessageQueue extends EventEmitter {
  readonly messages: StoredMessage[] = [];

  constructor(readonly path: string) {
    super();
  }

  /**
   * Keeps the queue in sequence-number order. Messages almost always arrive in that order, so the
   * place is found from the end: sorting on every add made loading 100,000 messages take minutes.
   */
  add(message: StoredMessage): void {
    let at = this.messages.length;
    while (at > 0 && (this.messages[at - 1] as StoredMessage).sequenceNumber > message.sequenceNumber) {
      at--;
    }
    this.messages.splice(at, 0, message);
    this.emit('available');
  }

  /** Messages from a sequence number on, locked ones included (as Service Bus peeks them). */
  peek(fromSequenceNumber: bigint, count: number, sessionId?: string): StoredMessage[] {
    const found: StoredMessage[] = [];
    for (let i = this.firstAtOrAfter(fromSequenceNumber); i < this.messages.length && found.length < count; i++) {
      const m = this.messages[i] as StoredMessage;
      if (sessionId === undefined || m.sessionId === sessionId) {
        found.push(m);
      }
    }
    return found;
  }

  /** The index of the first message whose sequence number is at least `sequenceNumber` (binary search). */
  private firstAtOrAfter(sequenceNumber: bigint): number {
    let low = 0;
    let high = this.messages.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.messages[middle] as StoredMessage).sequenceNumber < sequenceNumber) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  /**
   * The first message nobody holds a live lock on (an expired lock counts as a delivery), in the
   * given session when there is one.
   */
  nextAvailable(now: number, sessionId?: string): StoredMessage | undefined {
    return this.messages.find((m) => (!m.lock || m.lock.until <= now) && (sessionId === undefined || m.sessionId === sessionId));
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

  accept(sections: MessageSections, enqueuedTime: Date, sessionId?: string): void {
    const message: StoredMessage = { sequenceNumber: this.nextSequenceNumber++, enqueuedTime, sections, deliveryCount: 0, sessionId };
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

/** setTimeout's longest delay; a longer one fires at once (with a warning), so a far-off time is waited for in steps. */
const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

export class Topic {
  readonly subscriptions = new Map<string, Subscription>();
  readonly createdAt = new Date();
  sizeInBytes = 0;
  /**
   * Scheduled messages waiting for their time. Service Bus keeps them in the topic (it counts them
   * there, and only the topic's $management peek shows them); at its time each goes to the
   * subscriptions whose rules take it.
   */
  readonly scheduled: MessageQueue;
  /** The topic's own sequence numbers: scheduleMessages answers with them, cancel and the topic's peek use them. */
  private lastSequenceNumber = 0n;
  private releaseTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(readonly name: string, subscriptions: SubscriptionSpec[]) {
    this.scheduled = new MessageQueue(name);
    for (const spec of subscriptions) {
      this.subscriptions.set(spec.name.toLowerCase(), new Subscription(this.name, spec));
    }
  }

  /**
   * Accepts one encoded message and returns the sequence number the topic gave it. A message with
   * a future x-opt-scheduled-enqueue-time waits in the topic; any other goes at once to every
   * subscription whose rules accept it, each copy with that subscription's next sequence number.
   */
  publish(encoded: Buffer, enqueuedTime = new Date()): bigint {
    const sections = withMessageId(splitSections(encoded), () => randomUUID().replace(/-/g, ''));
    const sequenceNumber = ++this.lastSequenceNumber;
    this.sizeInBytes += encoded.length;
    const scheduledFor = scheduledEnqueueTimeOf(sections);
    if (scheduledFor !== undefined && scheduledFor.getTime() > enqueuedTime.getTime()) {
      this.scheduled.add({ sequenceNumber, enqueuedTime, sections, deliveryCount: 0, scheduledFor });
      this.armReleaseTimer();
    } else {
      this.fanOut(sections, enqueuedTime);
    }
    return sequenceNumber;
  }

  /** cancelScheduledMessages: drops the scheduled messages with these topic sequence numbers (unknown ones are ignored). */
  cancelScheduled(sequenceNumbers: readonly bigint[]): void {
    const cancelled = new Set(sequenceNumbers);
    for (const message of this.scheduled.messages.filter((m) => cancelled.has(m.sequenceNumber))) {
      this.scheduled.remove(message);
    }
    this.armReleaseTimer();
  }

  subscription(name: string): Subscription | undefined {
    return this.subscriptions.get(name.toLowerCase());
  }

  /** Stops waiting for scheduled times (the sandbox is stopping). */
  dispose(): void {
    clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
  }

  private fanOut(sections: MessageSections, enqueuedTime: Date): void {
    const facts = factsOf(sections);
    for (const subscription of this.subscriptions.values()) {
      if (rulesAccept(subscription.rules, facts)) {
        subscription.accept(sections, enqueuedTime, facts.system.sessionId);
      }
    }
  }

  /** Sends every scheduled message whose time has come to the subscriptions, earliest time first (then in topic order). */
  private releaseDue(): void {
    const now = Date.now();
    const due = this.scheduled.messages
      .filter((m) => (m.scheduledFor?.getTime() ?? 0) <= now)
      .sort((a, b) => (a.scheduledFor?.getTime() ?? 0) - (b.scheduledFor?.getTime() ?? 0));
    for (const message of due) {
      this.scheduled.remove(message);
      this.fanOut(message.sections, new Date(now));
    }
    this.armReleaseTimer();
  }

  /** One timer for the earliest scheduled time; unref'd, so waiting messages never keep a process alive. */
  private armReleaseTimer(): void {
    clearTimeout(this.releaseTimer);
    this.releaseTimer = undefined;
    const times = this.scheduled.messages.map((m) => m.scheduledFor?.getTime() ?? 0);
    if (times.length === 0) {
      return;
    }
    const delay = Math.min(Math.max(0, Math.min(...times) - Date.now()), MAX_TIMER_DELAY_MS);
    this.releaseTimer = setTimeout(() => this.releaseDue(), delay);
    this.releaseTimer.unref();
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
