// What the timeline derives from its messages, in one place: journeys (with re-renders marked),
// the events in journey order, other messages, anomalies per message. Rebuilt whenever a page of
// messages arrives, because a later page can change which COURSE_STARTs are re-renders; with
// 100,000 messages that has to stay well under a frame budget's worth of milliseconds, hence the
// fast paths below (each falls back to the exact general rule).
import { type Anomaly, findAnomalies } from './anomalies';
import { compareSequenceKeys, groupByLearner, learnerJourney, sequenceKey, sortInJourneyOrder } from './journeys';
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
  const withEvent: TimelineMessage[] = [];
  const unattributedMessages: TimelineMessage[] = [];
  const others: TimelineMessage[] = [];
  for (const message of ordered) {
    if (message.event) {
      withEvent.push(message);
      if (message.event.userId === undefined) {
        unattributedMessages.push(message);
      }
    } else if (message.other !== undefined) {
      others.push(message);
    }
  }
  const learners: LearnerJourney[] = [];
  const events: EventEntry[] = [];
  const eventMessages: TimelineMessage[] = [];
  // Grouped as messages, not events, so each event keeps its message without a look-up.
  for (const { userId, items } of groupByLearner(withEvent, eventOf)) {
    const journeyEvents = items.map(eventOf);
    learners.push(learnerJourney(userId, journeyEvents));
    for (let i = 0; i < items.length; i++) {
      events.push(journeyEvents[i] as EventEntry);
      eventMessages.push(items[i] as TimelineMessage);
    }
  }
  sortInJourneyOrder(unattributedMessages, eventOf);
  const unattributed = unattributedMessages.map(eventOf);
  for (let i = 0; i < unattributedMessages.length; i++) {
    events.push(unattributed[i] as EventEntry);
    eventMessages.push(unattributedMessages[i] as TimelineMessage);
  }
  const anomalies = findAnomalies(learners, unattributed, ordered);
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

const eventOf = (message: TimelineMessage): EventEntry => message.event as EventEntry;

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
