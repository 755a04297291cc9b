// Reads one peeked message as a CT event: {"EventType": ..., "MessageBody": {...}}.
// Event type names are case-sensitive, exactly as CT sends them. Every required field of the
// type is checked; each missing or ill-typed field becomes one plain-sentence problem, and the
// event is kept (valid=false) so the user sees what CT really sent. A body that is not a CT
// event at all becomes an OtherMessage with the reason: kept, never dropped.
import { decodeMessageBody, previewBody } from './decode';
import { EVENT_TYPES, type EventEntry, type EventTime, type EventType, type OtherMessage, type PeekedMessage } from './model';
import { quoteValue } from './quote';
import { describeType, normaliseEventTime } from './time';

export type ParsedMessage = { kind: 'event'; event: EventEntry } | { kind: 'other'; other: OtherMessage };

export const CONTACT_TYPES = ['Email', 'Phone', 'AzureAD'] as const;
export const MODULE_TYPES = ['Lesson', 'Exam'] as const;
export const NOT_APPLICABLE = 'Not Applicable';

/** The field holding each event type's time. */
export const TIME_FIELDS: Record<EventType, string> = {
  LOGIN: 'LoginTime',
  COURSE_START: 'StartDate',
  MODULE_COMPLETION: 'CompletionDate',
  COURSE_COMPLETION: 'CompletionDate',
};

export function isEventType(name: string): name is EventType {
  return (EVENT_TYPES as readonly string[]).includes(name);
}

export function parseMessage(message: PeekedMessage): ParsedMessage {
  const decoded = decodeMessageBody(message);
  const other = (reason: string): ParsedMessage => ({
    kind: 'other',
    other: {
      sequenceNumber: message.sequenceNumber,
      enqueuedTime: message.enqueuedTime,
      reason,
      decoding: decoded.decoding,
      preview: previewBody(decoded),
      size: decoded.size,
    },
  });
  if (decoded.decoding !== 'json') {
    return other(decoded.problem);
  }
  const envelope = decoded.value;
  if (!isRecord(envelope)) {
    return other(`The body is JSON ${describeType(envelope)}, not an object with EventType and MessageBody.`);
  }
  if (!('EventType' in envelope)) {
    return other('The body is a JSON object without EventType, so it is not a CT event.');
  }
  const eventType = envelope.EventType;
  if (typeof eventType !== 'string') {
    return other(`EventType should be a string, but it is ${describeType(eventType)}.`);
  }
  if (!isRecord(envelope.MessageBody)) {
    return other(`The body has EventType "${eventType}" but MessageBody is ${describeType(envelope.MessageBody)}, not an object.`);
  }
  return { kind: 'event', event: readEvent(message, eventType, envelope.MessageBody) };
}

function readEvent(message: PeekedMessage, eventType: string, body: Record<string, unknown>): EventEntry {
  const problems: string[] = [];
  const read = new FieldReader(body, problems);
  const known = isEventType(eventType);
  if (!known) {
    problems.push(unknownTypeProblem(eventType));
  }
  const event: EventEntry = {
    sequenceNumber: message.sequenceNumber,
    enqueuedTime: message.enqueuedTime,
    eventType,
    known,
    valid: false,
    problems,
    rerender: false,
    firstName: read.string('FirstName'),
    lastName: read.string('LastName'),
    userId: read.integer('UserId'),
    contact: read.string('Contact'),
    contactType: read.oneOf('ContactType', CONTACT_TYPES),
  };
  if (known) {
    if (eventType !== 'LOGIN') {
      event.courseName = read.string('CourseName');
      event.courseId = read.integer('CourseId');
    }
    if (eventType === 'MODULE_COMPLETION') {
      event.courseItemId = read.integer('CourseItemId');
      event.moduleType = read.oneOf('ModuleType', MODULE_TYPES);
    }
    if (eventType === 'MODULE_COMPLETION' || eventType === 'COURSE_COMPLETION') {
      event.examPercentage = read.percentage('ExamPercentage');
    }
    event.time = read.time(TIME_FIELDS[eventType]);
  }
  event.valid = known && problems.length === 0;
  return dropUndefined(event);
}

function unknownTypeProblem(eventType: string): string {
  const sameLetters = EVENT_TYPES.find((t) => t.toLowerCase() === eventType.trim().toLowerCase());
  const hint = sameLetters ? ` CT spells it ${sameLetters} (names are case-sensitive).` : ` CT sends ${EVENT_TYPES.join(', ')}.`;
  return `${quoteValue(eventType)} is not a CT event type.${hint}`;
}

/** Reads required fields, recording one problem per missing or malformed field. */
class FieldReader {
  constructor(
    private readonly body: Record<string, unknown>,
    private readonly problems: string[],
  ) {}

  private present(name: string): unknown {
    const value = this.body[name];
    if (value === undefined) {
      this.problems.push(`${name} is missing.`);
    }
    return value;
  }

  string(name: string): string | undefined {
    const value = this.present(name);
    if (value === undefined) {
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problems.push(`${name} should be a string, but it is ${describeType(value)}.`);
      return undefined;
    }
    return value;
  }

  integer(name: string): number | undefined {
    const value = this.present(name);
    if (value === undefined) {
      return undefined;
    }
    if (typeof value !== 'number') {
      // A described value comes in its own parentheses; a quoted one is put in some.
      const quoted = typeof value === 'string' ? quoteValue(value) : '';
      const shown = quoted === '' ? '' : quoted.startsWith('(') ? ` ${quoted}` : ` (${quoted})`;
      this.problems.push(`${name} should be an integer, but it is ${describeType(value)}${shown}.`);
      return undefined;
    }
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      // JSON.parse has already rounded it: printing the number would show a value CT never sent.
      this.problems.push(`${name} should be an integer, but it is beyond ±2^53 and cannot be read exactly.`);
      return undefined;
    }
    if (!Number.isSafeInteger(value)) {
      this.problems.push(`${name} should be an integer, but it is ${value}.`);
      return undefined;
    }
    return value;
  }

  /** A string from a fixed set; an unexpected string is kept (for display) with a problem. */
  oneOf(name: string, allowed: readonly string[]): string | undefined {
    const value = this.string(name);
    if (value !== undefined && !allowed.includes(value)) {
      this.problems.push(`${name} ${quoteValue(value)} should be one of ${allowed.join(', ')}.`);
    }
    return value;
  }

  /** ExamPercentage: a string holding a number from 0 to 100, or "Not Applicable". */
  percentage(name: string): string | undefined {
    const value = this.present(name);
    if (value === undefined) {
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problems.push(`${name} should be a string such as "50" or "${NOT_APPLICABLE}", but it is ${describeType(value)}.`);
      return undefined;
    }
    const isScore = /^\d+(\.\d+)?$/.test(value) && Number(value) <= 100;
    if (value !== NOT_APPLICABLE && !isScore) {
      this.problems.push(`${name} ${quoteValue(value)} should be a number from 0 to 100 or "${NOT_APPLICABLE}".`);
    }
    return value;
  }

  time(name: string): EventTime | undefined {
    const value = this.present(name);
    if (value === undefined) {
      return undefined;
    }
    const result = normaliseEventTime(value, name);
    if (!result.ok) {
      this.problems.push(result.problem);
      return undefined;
    }
    return result.time;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/** Keeps entries free of `key: undefined` so JSON output and deep-equality tests stay clean. */
function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) {
      delete value[key];
    }
  }
  return value;
}
