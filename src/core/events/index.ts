// The CT event model: decode body -> parse and check -> normalise time -> journeys.
// Pure TypeScript with no Node-only APIs: the extension, the CLI and the webview share it.
import { buildJourneys, compareJourneyOrder, compareSequenceNumbers } from './journeys';
import type { EventEntry, Interpretation, OtherMessage, PeekedMessage } from './model';
import { maskName } from './mask';
import { parseMessage } from './parse';
import { printable } from './printable';

export * from './model';
export { decodeBody, decodeMessageBody, previewBody, MAX_DECODED_BYTES, type DecodedBody, type BodyHints, type BodyLayer } from './decode';
export { messageDetails, typedProperties, formatDuration, hexDump } from './details';
export { typeValue } from './typed-value';
export { normaliseEventTime, formatLocalTime, SORT_FRACTION_DIGITS, type TimeResult } from './time';
export { parseMessage, isEventType, TIME_FIELDS, CONTACT_TYPES, MODULE_TYPES, NOT_APPLICABLE, type ParsedMessage } from './parse';
export { buildJourneys, markRerenders, compareJourneyOrder, compareSequenceNumbers } from './journeys';

/** Reads a batch of peeked messages into learner journeys, unattributed events and other messages. */
export function interpretMessages(messages: PeekedMessage[]): Interpretation {
  const events: EventEntry[] = [];
  const others: OtherMessage[] = [];
  for (const message of messages) {
    const parsed = parseMessage(message);
    if (parsed.kind === 'event') {
      events.push(parsed.event);
    } else {
      others.push(parsed.other);
    }
  }
  return {
    learners: buildJourneys(events),
    unattributed: events.filter((e) => e.userId === undefined).sort(compareJourneyOrder),
    others: others.sort((a, b) => compareSequenceNumbers(a.sequenceNumber, b.sequenceNumber)),
  };
}

/**
 * Every event in journey order: learners by userId, each learner's events by time then
 * sequence number; then the events without a usable UserId. Other messages are not included
 * (they are in `interpretation.others`, by sequence number).
 */
export function eventsInJourneyOrder(interpretation: Interpretation): EventEntry[] {
  return [...interpretation.learners.flatMap((learner) => learner.events), ...interpretation.unattributed];
}

/**
 * "Ada Lovelace" ("A. L." when `mask`, as ctEvents.maskPersonalData shows it), or "learner 13273"
 * when CT sent no name. Control characters show escaped (printable): labels stand beside ids.
 */
export function learnerLabel(learner: { userId?: number; firstName?: string; lastName?: string }, mask = false): string {
  const first = mask ? maskName(learner.firstName) : learner.firstName;
  const last = mask ? maskName(learner.lastName) : learner.lastName;
  const name = [first, last].filter((part) => part !== undefined && part.trim() !== '').join(' ');
  return name ? printable(name) : learner.userId === undefined ? 'unknown learner' : `learner ${learner.userId}`;
}

/**
 * "Maths (2475)", or "Course (2475)" when CT sent no name, for a view that renders Unicode
 * bidi: control characters show escaped, as in learnerLabel, and the name is isolated so that a
 * right-to-left name does not carry the id to its other side.
 */
export function courseLabel(course: { courseId: number; courseName?: string }): string {
  return `${isolated(printable(course.courseName || 'Course'))} (${course.courseId})`;
}

/**
 * Text between a first-strong isolate and a pop directional isolate (U+2068, U+2069): laid out
 * in its own direction without moving what stands beside it. For views that render bidi (the
 * timeline), not terminals, which print the marks.
 */
export function isolated(text: string): string {
  return `\u2068${text}\u2069`;
}
