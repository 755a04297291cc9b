// The CT event model shared by every part of the product (tree, timeline, CLI).
// Types only: the functions that build these live beside this file.

export const EVENT_TYPES = ['LOGIN', 'COURSE_START', 'MODULE_COMPLETION', 'COURSE_COMPLETION'] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** A message as the Service Bus layer hands it over: raw body plus the broker's properties. */
export interface PeekedMessage {
  /** The broker's sequence number as a decimal string (a 64-bit long does not fit a JS number). */
  sequenceNumber: string;
  /** ISO-8601 UTC time the broker accepted the message. */
  enqueuedTime?: string;
  /** The body as the SDK returns it with JSON parsing skipped: bytes for a data section, any value for a value section. */
  body: unknown;
  /** Which AMQP body section carried it. */
  bodyType: 'data' | 'value' | 'sequence';
  messageId?: string;
  correlationId?: string;
  contentType?: string;
  subject?: string;
  deliveryCount?: number;
  deadLetterReason?: string;
  deadLetterErrorDescription?: string;
  applicationProperties?: Record<string, unknown>;
}

/** An event time normalised by the rules of ct-events.md: trimmed, offset-less means UTC. */
export interface EventTime {
  /** The text CT sent, untouched. */
  raw: string;
  /** ISO-8601 UTC with every fractional digit CT sent, e.g. `2021-02-28T17:28:00.94Z`. */
  iso: string;
  /** Same instant with the fraction padded to 7 digits: sorts correctly as a plain string. */
  sortKey: string;
  /** Milliseconds since the epoch (for display only; loses the sub-millisecond part). */
  epochMs: number;
}

/** One message read as a CT event (known type or not, valid or not). */
export interface EventEntry {
  sequenceNumber: string;
  enqueuedTime?: string;
  eventType: string;
  /** eventType is one of EVENT_TYPES. */
  known: boolean;
  /** Known type with every required field present and well formed. */
  valid: boolean;
  /** Plain sentences: what is missing or malformed. */
  problems: string[];
  userId?: number;
  firstName?: string;
  lastName?: string;
  contact?: string;
  contactType?: string;
  courseId?: number;
  courseName?: string;
  courseItemId?: number;
  moduleType?: string;
  examPercentage?: string;
  time?: EventTime;
  /** A COURSE_START that is a page re-render, not a new start (rule in journeys.ts). */
  rerender: boolean;
}

/** A message whose body is not a CT event: kept and shown, never dropped. */
export interface OtherMessage {
  sequenceNumber: string;
  enqueuedTime?: string;
  /** Why it is not a CT event, in one sentence. */
  reason: string;
  /** How the body was decoded: 'json', 'text' or 'binary'. */
  decoding: 'json' | 'text' | 'binary';
  /** The start of the body as text (never HTML), for display. */
  preview: string;
  /** Body size in bytes. */
  size: number;
}

export interface CourseJourney {
  courseId: number;
  courseName?: string;
  /** In journey order: event time, then sequence number. */
  events: EventEntry[];
}

export interface LearnerJourney {
  userId: number;
  firstName?: string;
  lastName?: string;
  contact?: string;
  /** Every event of this learner (LOGIN included), in journey order. */
  events: EventEntry[];
  courses: CourseJourney[];
}

/** Everything a view needs from a batch of messages. */
export interface Interpretation {
  /** Ordered by userId. */
  learners: LearnerJourney[];
  /** Events without a usable UserId (kept, flagged by their problems). */
  unattributed: EventEntry[];
  others: OtherMessage[];
}
