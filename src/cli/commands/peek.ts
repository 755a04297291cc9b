// ct-events peek: messages of a subscription (or its dead-letter queue, or with --scheduled the
// scheduled messages the topic holds until their time) read as CT events, in journey order
// (learner, then event time, then sequence number); non-CT bodies follow.
// Learner names and contacts are left out: this output ends up in scripts and CI logs.
import { eventsInJourneyOrder, type EventEntry, type OtherMessage } from '../../core/events';
import { commandRunner } from '../args';
import { describeEvent, describeOther } from '../format';
import { peekAndInterpret } from '../source';
import { PEEK_SOURCE_FLAGS } from '../source-flags';

const command = {
  name: 'peek',
  summary: 'Peeks messages without settling them and prints them as CT events in journey order.',
  flags: {
    ...PEEK_SOURCE_FLAGS,
    json: { kind: 'switch', description: 'print a JSON array, one object per message' },
  },
} as const;

/** One message of `peek --json`; absent values are null so every object has the same keys. */
export interface PeekRecord {
  sequenceNumber: string;
  enqueuedTime: string | null;
  eventType: string | null;
  known: boolean;
  valid: boolean;
  rerender: boolean;
  userId: number | null;
  courseId: number | null;
  courseName: string | null;
  courseItemId: number | null;
  moduleType: string | null;
  examPercentage: string | null;
  /** Normalised ISO-8601 UTC with every fractional digit CT sent. */
  time: string | null;
  /** The time text exactly as CT sent it. */
  rawTime: string | null;
  problems: string[];
  /** When the sender scheduled the message for (ISO-8601 UTC); scheduled messages still in the topic have one. */
  scheduledEnqueueTime: string | null;
  /** Only for bodies that are not CT events: why not. */
  reason?: string;
  decoding?: OtherMessage['decoding'];
  size?: number;
}

export function eventRecord(event: EventEntry, scheduledEnqueueTime: string | null): PeekRecord {
  return {
    sequenceNumber: event.sequenceNumber,
    enqueuedTime: event.enqueuedTime ?? null,
    eventType: event.eventType,
    known: event.known,
    valid: event.valid,
    rerender: event.rerender,
    userId: event.userId ?? null,
    courseId: event.courseId ?? null,
    courseName: event.courseName ?? null,
    courseItemId: event.courseItemId ?? null,
    moduleType: event.moduleType ?? null,
    examPercentage: event.examPercentage ?? null,
    time: event.time?.iso ?? null,
    rawTime: event.time?.raw ?? null,
    problems: event.problems,
    scheduledEnqueueTime,
  };
}

export function otherRecord(other: OtherMessage, scheduledEnqueueTime: string | null): PeekRecord {
  return {
    sequenceNumber: other.sequenceNumber,
    enqueuedTime: other.enqueuedTime ?? null,
    eventType: null,
    known: false,
    valid: false,
    rerender: false,
    userId: null,
    courseId: null,
    courseName: null,
    courseItemId: null,
    moduleType: null,
    examPercentage: null,
    time: null,
    rawTime: null,
    problems: [other.reason],
    scheduledEnqueueTime,
    reason: other.reason,
    decoding: other.decoding,
    size: other.size,
  };
}

export const run = commandRunner(command, async (flags, io) => {
  const { interpretation, scheduledEnqueueTimes } = await peekAndInterpret(flags);
  const events = eventsInJourneyOrder(interpretation);
  const scheduledAt = (sequenceNumber: string): string | null => scheduledEnqueueTimes.get(sequenceNumber) ?? null;
  if (flags.json) {
    const records = [...events.map((e) => eventRecord(e, scheduledAt(e.sequenceNumber))), ...interpretation.others.map((o) => otherRecord(o, scheduledAt(o.sequenceNumber)))];
    io.out(JSON.stringify(records, null, 2));
    return 0;
  }
  const scheduledNote = (sequenceNumber: string): string => {
    const at = scheduledAt(sequenceNumber);
    return at === null ? '' : `  (scheduled for ${at})`;
  };
  if (events.length === 0 && interpretation.others.length === 0) {
    io.out('No messages.');
    return 0;
  }
  for (const event of events) {
    io.out(`#${event.sequenceNumber}  ${event.time?.iso ?? '(no time)'}  user ${event.userId ?? '?'}  ${describeEvent(event)}${scheduledNote(event.sequenceNumber)}`);
  }
  for (const other of interpretation.others) {
    io.out(`${describeOther(other)}${scheduledNote(other.sequenceNumber)}`);
  }
  return 0;
});
