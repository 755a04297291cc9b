// What the timeline derives from its messages, in one place: journeys (with re-renders marked),
// the events in journey order, other messages, anomalies per message. Rebuilt whenever a page of
// messages arrives, because a later page can change which COURSE_STARTs are re-renders; with
// 100,000 messages that has to stay well under a frame budget's worth of milliseconds, hence the
// fast paths below (each falls back to the exact general rule).
import { type Anomaly, AnomalyCollector, eventAnomalies } from './anomalies';
import { JourneyOrder, compareSequenceKeys, learnerJourney, sequenceKey } from './journeys';
import { type FunnelRow, FunnelCounter } from './funnel';
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
  /** What the filter, the counts and the lanes read of each of `events`, at the same index. */
  columns: EventColumns;
  unattributed: EventEntry[];
  /** Messages that are not CT events, by sequence number. */
  others: TimelineMessage[];
  anomalies: Anomaly[];
  anomaliesBySequence: Map<string, Anomaly[]>;
  /** How many of `events` are re-render COURSE_STARTs. */
  rerenders: number;
  funnel: FunnelRow[];
}

/**
 * The fields of the events that every filter change reads, as arrays in journey order. Why: the
 * filter, the counts by type and the lanes each pass over all 100,000 events; reading a field of
 * an event object there means a trip to wherever that object lies in memory (the events are in
 * journey order, the objects in the order they arrived), which costs more than the rest of the
 * pass. Typed arrays are read in order.
 */
export interface EventColumns {
  eventType: string[];
  /** 1 for a re-render COURSE_START. */
  rerender: Uint8Array;
  /** NaN where the event has none. */
  userId: Float64Array;
  courseId: Float64Array;
  /** The event time, epoch ms; NaN where the event has no usable time. */
  epochMs: Float64Array;
}

export function buildDataset(messages: TimelineMessage[]): Dataset {
  // Two passes over 100,000 messages rather than one per derived view: each message is read once
  // in sequence order (the order checked, its event grouped by learner), then each event once
  // more learner by learner, when its journey, re-renders, anomalies, funnel counts and columns
  // are all worked out while its learner's events are at hand.
  const { ordered, bySequence, read } = readInSequenceOrder(messages);
  const { order, messageOf, others, found } = read;
  const learners: LearnerJourney[] = [];
  const events: EventEntry[] = [];
  const eventMessages: TimelineMessage[] = [];
  const total = order.events.length;
  const columns: EventColumns = { eventType: new Array<string>(total), rerender: new Uint8Array(total), userId: new Float64Array(total), courseId: new Float64Array(total), epochMs: new Float64Array(total) };
  const funnel = new FunnelCounter();
  let rerenders = 0;
  /** Appends an event in journey order, once its re-render flag is known. */
  const append = (i: number): void => {
    const event = order.events[i] as EventEntry;
    const at = events.length;
    events.push(event);
    eventMessages.push(messageOf[i] as TimelineMessage);
    columns.eventType[at] = event.eventType;
    columns.rerender[at] = event.rerender ? 1 : 0;
    rerenders += event.rerender ? 1 : 0;
    columns.userId[at] = event.userId ?? NaN;
    columns.courseId[at] = event.courseId ?? NaN;
    columns.epochMs[at] = event.time?.epochMs ?? NaN;
  };
  for (const { userId, indexes } of order.learners()) {
    const learner = learnerJourney(userId, indexes.map((i) => order.events[i] as EventEntry));
    learners.push(learner);
    found.addLearner(learner);
    funnel.addLearner(learner);
    for (const i of indexes) {
      append(i);
    }
  }
  const unattributed: EventEntry[] = [];
  for (const i of order.unattributed()) {
    const event = order.events[i] as EventEntry;
    unattributed.push(event);
    append(i);
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
    learners, events, eventMessages, columns, unattributed, others, anomalies, anomaliesBySequence, rerenders, funnel: funnel.rows(),
  };
}

/** A decimal of at most 15 digits without leading zeros: exact as a number and compared as one. */
const SAFE_CANONICAL_DECIMAL = /^(?:0|[1-9]\d{0,14})$/;

/** What the first pass gathers from the messages, in sequence order. */
class FirstPass {
  readonly order = new JourneyOrder();
  /** The message of each event added to `order`, at the same index. */
  readonly messageOf: TimelineMessage[] = [];
  readonly others: TimelineMessage[] = [];
  readonly found = new AnomalyCollector();

  add(message: TimelineMessage): void {
    if (message.event) {
      this.order.add(message.event);
      this.messageOf.push(message);
    } else if (message.other !== undefined) {
      this.others.push(message);
    }
    this.found.addMessage(message);
  }
}

interface InSequenceOrder {
  /** One message per sequence number (the last one read, at the place of the first), by sequence number. */
  ordered: TimelineMessage[];
  /** The index by sequence number, when finding duplicates took one. */
  bySequence?: Map<string, TimelineMessage>;
  read: FirstPass;
}

/**
 * The messages by sequence number, read by the first pass. Pages arrive in sequence order, so
 * the usual case checks the order while it reads: each number greater than the one before also
 * means no duplicates. Otherwise the messages are sorted, then read.
 */
function readInSequenceOrder(messages: TimelineMessage[]): InSequenceOrder {
  const read = new FirstPass();
  let previous = -1;
  for (const message of messages) {
    const decimal = message.sequenceNumber;
    const key = SAFE_CANONICAL_DECIMAL.test(decimal) ? Number(decimal) : -1;
    if (key <= previous) {
      return readSorted(messages);
    }
    previous = key;
    read.add(message);
  }
  return { ordered: messages.slice(), read };
}

function readSorted(messages: TimelineMessage[]): InSequenceOrder {
  const bySequence = new Map<string, TimelineMessage>();
  for (const message of messages) {
    bySequence.set(message.sequenceNumber, message);
  }
  const unique = [...bySequence.values()];
  let ordered: TimelineMessage[];
  if (unique.every((message) => SAFE_CANONICAL_DECIMAL.test(message.sequenceNumber))) {
    // Canonical decimals: distinct numbers for distinct texts, so the order is total.
    const keys = Float64Array.from(unique, (message) => Number(message.sequenceNumber));
    ordered = Array.from(unique.keys())
      .sort((a, b) => (keys[a] as number) - (keys[b] as number))
      .map((i) => unique[i] as TimelineMessage);
  } else {
    ordered = inExactSequenceOrder(unique);
  }
  const read = new FirstPass();
  for (const message of ordered) {
    read.add(message);
  }
  return { ordered, bySequence, read };
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
