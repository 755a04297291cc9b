// What the timeline derives from its messages, in one place: journeys (with re-renders marked),
// the events in journey order, other messages, anomalies per message. Rebuilt whenever a page of
// messages arrives, because a later page can change which COURSE_STARTs are re-renders.
import { type Anomaly, findAnomalies } from './anomalies';
import { buildJourneys, compareJourneyOrder, compareSequenceNumbers } from './journeys';
import type { EventEntry, LearnerJourney } from './model';
import type { TimelineMessage } from './records';

export interface Dataset {
  /** Every message by sequence number. */
  messages: TimelineMessage[];
  bySequence: Map<string, TimelineMessage>;
  learners: LearnerJourney[];
  /** Every event in journey order: learners by UserId, then events without a learner. */
  events: EventEntry[];
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
  const ordered = [...bySequence.values()].sort((a, b) => compareSequenceNumbers(a.sequenceNumber, b.sequenceNumber));
  const eventEntries = ordered.flatMap((m) => (m.event ? [m.event] : []));
  const learners = buildJourneys(eventEntries);
  const unattributed = eventEntries.filter((e) => e.userId === undefined).sort(compareJourneyOrder);
  const others = ordered.filter((m) => m.other !== undefined);
  const anomalies = findAnomalies(learners, unattributed, ordered);
  const anomaliesBySequence = new Map<string, Anomaly[]>();
  for (const anomaly of anomalies) {
    const list = anomaliesBySequence.get(anomaly.sequenceNumber) ?? [];
    list.push(anomaly);
    anomaliesBySequence.set(anomaly.sequenceNumber, list);
  }
  return {
    messages: ordered,
    bySequence,
    learners,
    events: [...learners.flatMap((l) => l.events), ...unattributed],
    unattributed,
    others,
    anomalies,
    anomaliesBySequence,
  };
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
