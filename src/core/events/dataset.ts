// What the timeline derives from its messages, in one place: journeys (with re-renders marked),
// the events in journey order, other messages, anomalies per message. Rebuilt whenever a page of
// messages arrives, because a later page can change which COURSE_STARTs are re-renders; with
// 100,000 messages that has to stay well under a frame budget's worth of milliseconds, hence the
// fast paths below (each falls back to the exact general rule).
import { type Anomaly, AnomalyCollector, eventAnomalies } from './anomalies';
import { JourneyOrder, compareSequenceKeys, learnerJourney, sequenceKey } from './journeys';
import type { EventEntry, LearnerJourney } from './model';
import type { TimelineMessage } from './records';

export interface Dataset {
  /** Every message by sequence number. */
  messages: TimelineMessage[];
  bySequence: Map<string, TimelineMessage>;
  learners: LearnerJourney[];
  /** Every event in journey order: learners by UserId, then events without a learner. */
  events: EventEntry[];
  /** The message of each of `events`, at the same index (filtering needs no look-ups). */
  eventMessages: TimelineMessage[];
  unattributed: EventEntry[];
  /** Messages that are not CT events, by sequence number. */
  others: TimelineMessage[];
  anomalies: Anomaly[];
  anomaliesBySequence: Map<string, Anomaly[]>;
}

export function buildDataset(messages: TimelineMessage[]): Dataset {
  const { ordered, bySequence } = bySequenceNumber(messages);
  // Three passes over 100,000 messages rather than one per derived view: each event is read
  // once in sequence order (grouped by learner), then once more learner by learner, when its
  // journey, re-renders and anomalies are all worked out while its learner's events are at hand.
  const order = new JourneyOrder();
  /** The message of each event added to `order`, at the same index. */
  const messageOf: TimelineMessage[] = [];
  const others: TimelineMessage[] = [];
  const found = new AnomalyCollector();
  for (const message of ordered) {
    if (message.event) {
      order.add(message.event);
      messageOf.push(message);
    } else if (message.other !== undefined) {
      others.push(message);
    }
    found.addMessage(message);
  }
  const learners: LearnerJourney[] = [];
  const events: EventEntry[] = [];
  const eventMessages: TimelineMessage[] = [];
  for (const { userId, indexes } of order.learners()) {
    const journeyEvents: EventEntry[] = [];
    for (const i of indexes) {
      const event = order.events[i] as EventEntry;
      journeyEvents.push(event);
      events.push(event);
      eventMessages.push(messageOf[i] as TimelineMessage);
    }
    const learner = learnerJourney(userId, journeyEvents);
    learners.push(learner);
    found.addLearner(learner);
  }
  const unattributed: EventEntry[] = [];
  for (const i of order.unattributed()) {
    const event = order.events[i] as EventEntry;
    unattributed.push(event);
    events.push(event);
    eventMessages.push(messageOf[i] as TimelineMessage);
    eventAnomalies(event, found.ofEvents);
  }
  const anomalies = found.all();
  const anomaliesBySequence = new Map<string, Anomaly[]>();
  for (const anomaly of anomalies) {
    const list = anomaliesBySequence.get(anomaly.sequenceNumber);
    if (list) {
      list.push(anomaly);
    } else {
      anomaliesBySequence.set(anomaly.sequenceNumber, [anomaly]);
    }
  }
  let index = bySequence;
  return {
    messages: ordered,
    // Built when first read (selecting an event): hashing 100,000 sequence-number strings costs
    // more than the rest of the build, and nothing on the way to the first paint looks one up.
    get bySequence() {
      if (!index) {
        index = new Map<string, TimelineMessage>();
        for (const message of ordered) {
          index.set(message.sequenceNumber, message);
        }
      }
      return index;
    },
    learners, events, eventMessages, unattributed, others, anomalies, anomaliesBySequence,
  };
}

/** A decimal of at most 15 digits without leading zeros: exact as a number and compared as one. */
const SAFE_CANONICAL_DECIMAL = /^(?:0|[1-9]\d{0,14})$/;

/**
 * One message per sequence number (the last one read, at the place of the first), by sequence
 * number; and the index by sequence number when finding duplicates took one. Pages arrive in
 * sequence order, so the usual case is one pass that finds them in order already, with no
 * duplicates (each number is greater than the one before).
 */
function bySequenceNumber(messages: TimelineMessage[]): { ordered: TimelineMessage[]; bySequence?: Map<string, TimelineMessage> } {
  const keys = new Float64Array(messages.length);
  let safe = true;
  let increasing = true;
  for (let i = 0; i < messages.length && safe; i++) {
    const decimal = (messages[i] as TimelineMessage).sequenceNumber;
    safe = SAFE_CANONICAL_DECIMAL.test(decimal);
    keys[i] = Number(decimal);
    increasing &&= i === 0 || (keys[i] as number) > (keys[i - 1] as number);
  }
  if (safe && increasing) {
    return { ordered: messages.slice() };
  }
  const bySequence = new Map<string, TimelineMessage>();
  for (const message of messages) {
    bySequence.set(message.sequenceNumber, message);
  }
  if (!safe) {
    return { ordered: inExactSequenceOrder([...bySequence.values()]), bySequence };
  }
  // Canonical decimals: distinct numbers for distinct texts, so the order is total.
  const distinct = bySequence.size === messages.length;
  const unique = distinct ? messages : [...bySequence.values()];
  const uniqueKeys = distinct ? keys : Float64Array.from(unique, (message) => Number(message.sequenceNumber));
  const indexes = Array.from(unique.keys()).sort((a, b) => (uniqueKeys[a] as number) - (uniqueKeys[b] as number));
  return { ordered: indexes.map((i) => unique[i] as TimelineMessage), bySequence };
}

/** Any sequence numbers: beyond 2^53, with leading zeros, or not decimal at all (those last, as they came). */
function inExactSequenceOrder(messages: TimelineMessage[]): TimelineMessage[] {
  const keyed = messages.map((message) => ({ message, key: sequenceKey(message.sequenceNumber) }));
  keyed.sort((a, b) => compareSequenceKeys(a.key, b.key));
  keyed.forEach(({ message }, i) => {
    messages[i] = message;
  });
  return messages;
}

/** The decimal sequence number after the highest one in the messages ("Load more" starts there). */
export function nextSequenceNumber(messages: readonly { sequenceNumber: string }[]): string | undefined {
  let highest: bigint | undefined;
  for (const { sequenceNumber } of messages) {
    if (/^\d+$/.test(sequenceNumber)) {
      const value = BigInt(sequenceNumber);
      if (highest === undefined || value > highest) {
        highest = value;
      }
    }
  }
  return highest === undefined ? undefined : (highest + 1n).toString();
}
