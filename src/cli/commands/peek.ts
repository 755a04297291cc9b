// ct-events peek: messages of a subscription (or its dead-letter queue, or with --scheduled the
// scheduled messages the topic holds until their time) read as CT events, in journey order
// (learner, then event time, then sequence number); non-CT bodies follow.
// Learner names and contacts are left out: this output ends up in scripts and CI logs.
import { eventsInJourneyOrder, type EventEntry, type OtherMessage } from '../../core/events';
import { commandRunner } from '../args';
import { printable } from '../../core/events/printable';
import { describeEvent, describeOther } from '../format';
import { type BrokerNote, peekAndInterpret } from '../source';
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
  /** Why a dead letter was dead-lettered, and the description given with it. */
  deadLetterReason: string | null;
  deadLetterErrorDescription: string | null;
  /** Only for bodies that are not CT events: why not. */
  reason?: string;
  decoding?: OtherMessage['decoding'];
  size?: number;
}

export function eventRecord(event: EventEntry, note: BrokerNote = {}): PeekRecord {
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
    ...brokerFields(note),
  };
}

export function otherRecord(other: OtherMessage, note: BrokerNote = {}): PeekRecord {
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
    ...brokerFields(note),
    reason: other.reason,
    decoding: other.decoding,
    size: other.size,
  };
}

function brokerFields(note: BrokerNote): Pick<PeekRecord, 'scheduledEnqueueTime' | 'deadLetterReason' | 'deadLetterErrorDescription'> {
  return {
    scheduledEnqueueTime: note.scheduledEnqueueTime ?? null,
    deadLetterReason: note.deadLetterReason ?? null,
    deadLetterErrorDescription: note.deadLetterErrorDescription ?? null,
  };
}

/** "  (scheduled for …)", "  (dead-lettered: reason: description)", or nothing. */
function brokerNoteText(note: BrokerNote | undefined): string {
  const parts: string[] = [];
  if (note?.scheduledEnqueueTime !== undefined) {
    parts.push(`scheduled for ${note.scheduledEnqueueTime}`);
  }
  if (note?.deadLetterReason !== undefined || note?.deadLetterErrorDescription !== undefined) {
    parts.push(`dead-lettered: ${[note.deadLetterReason, note.deadLetterErrorDescription].filter((p) => p !== undefined).map((p) => printable(p as string)).join(': ')}`);
  }
  return parts.length === 0 ? '' : `  (${parts.join('; ')})`;
}

export const run = commandRunner(command, async (flags, io) => {
  const { interpretation, brokerNotes } = await peekAndInterpret(flags);
  const events = eventsInJourneyOrder(interpretation);
  if (flags.json) {
    const records = [...events.map((e) => eventRecord(e, brokerNotes.get(e.sequenceNumber))), ...interpretation.others.map((o) => otherRecord(o, brokerNotes.get(o.sequenceNumber)))];
    io.out(JSON.stringify(records, null, 2));
    return 0;
  }
  const noteOf = (sequenceNumber: string): string => brokerNoteText(brokerNotes.get(sequenceNumber));
  if (events.length === 0 && interpretation.others.length === 0) {
    io.out('No messages.');
    return 0;
  }
  for (const event of events) {
    io.out(`#${event.sequenceNumber}  ${event.time?.iso ?? '(no time)'}  user ${event.userId ?? '?'}  ${describeEvent(event)}${noteOf(event.sequenceNumber)}`);
  }
  for (const other of interpretation.others) {
    io.out(`${describeOther(other)}${noteOf(other.sequenceNumber)}`);
  }
  return 0;
});
