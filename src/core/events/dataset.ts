// What the timeline derives from its messages, in one place: journeys (with re-renders marked),
// the events in journey order, other messages, anomalies per message. Rebuilt whenever a page of
// messages arrives, because a later page can change which COURSE_STARTs are re-renders.
import { type Anomaly, findAnomalies } from './anomalies';
import { buildJourneys, compareJourneyOrder, compareSequenceKeys, sequenceKey } from './journeys';
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
  const bySequence = new Map<string, TimelineMessage>();
  for (const message of messages) {
    bySequence.set(message.sequenceNumber, message);
  }
  // Each sequence number is parsed once; the sort then compares the parsed keys.
  const keyed = Array.from(bySequence.values(), (message) => ({ message, key: sequenceKey(message.sequenceNumber) }));
  keyed.sort((a, b) => compareSequenceKeys(a.key, b.key));
  const ordered: TimelineMessage[] = new Array<TimelineMessage>(keyed.length);
  const eventEntries: EventEntry[] = [];
  const unattributed: EventEntry[] = [];
  const others: TimelineMessage[] = [];
  const messageOf = new Map<EventEntry, TimelineMessage>();
  keyed.forEach(({ message }, i) => {
    ordered[i] = message;
    if (message.event) {
      messageOf.set(message.event, message);
      eventEntries.push(message.event);
      if (message.event.userId === undefined) {
        unattributed.push(message.event);
      }
    } else if (message.other !== undefined) {
      others.push(message);
    }
  });
  const learners = buildJourneys(eventEntries);
  unattributed.sort(compareJourneyOrder);
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
  const events: EventEntry[] = [];
  for (const learner of learners) {
    for (const event of learner.events) {
      events.push(event);
    }
  }
  for (const event of unattributed) {
    events.push(event);
  }
  // By the event object, not its sequence-number text: a message's strings arrive as fresh
  // copies in the webview and hashing 100,000 of them again costs more than the whole sort.
  const eventMessages = events.map((event) => messageOf.get(event) as TimelineMessage);
  return { messages: ordered, bySequence, learners, events, eventMessages, unattributed, others, anomalies, anomaliesBySequence };
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
