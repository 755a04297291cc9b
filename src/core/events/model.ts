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
  /** The entity a dead-lettered message came from (its "error source"). */
  deadLetterSource?: string;
  to?: string;
  replyTo?: string;
  replyToSessionId?: string;
  sessionId?: string;
  partitionKey?: string;
  /** AMQP content-encoding property (the application property of that name is read too, when decoding). */
  contentEncoding?: string;
  /** Milliseconds; absent when the sender set none (the entity's default applies). */
  timeToLive?: number;
  /** ISO-8601 UTC. */
  scheduledEnqueueTime?: string;
  /** ISO-8601 UTC; only for messages received under a lock. */
  lockedUntil?: string;
  /** ISO-8601 UTC. */
  expiresAt?: string;
  state?: 'active' | 'deferred' | 'scheduled';
  /** Application properties as the SDK returned them (kept as-is for resubmitting). */
  applicationProperties?: Record<string, unknown>;
  /** The same properties typed for display, read where the AMQP types were still known. */
  typedApplicationProperties?: Record<string, TypedValue>;
}

/** The types of AMQP 1.0 (part 1, section 1.6), as an application property can carry them. */
export type AmqpTypeName =
  | 'null' | 'boolean' | 'ubyte' | 'ushort' | 'uint' | 'ulong' | 'byte' | 'short' | 'int' | 'long' | 'float' | 'double'
  | 'decimal32' | 'decimal64' | 'decimal128' | 'char' | 'timestamp' | 'uuid' | 'binary' | 'string' | 'symbol'
  | 'list' | 'map' | 'array';

/**
 * An application property value for display: its AMQP type, a JSON-safe value, and the text a
 * view shows. A timestamp stays a timestamp (ISO text), a long beyond 2^53 stays exact (decimal text).
 */
export interface TypedValue {
  /** The AMQP type when the Service Bus layer knew it; else read from the JS value ('other' when it cannot tell). */
  type: AmqpTypeName | 'other';
  /** ISO text for timestamps, decimal text for unsafe longs, hex for binary, a number or boolean otherwise. */
  value: string | number | boolean | null;
  display: string;
  /** Why the type is a reading of ambiguous data, when it is. */
  note?: string;
}

/** One row of the message details pane, in display order. */
export interface DetailRow {
  section: 'system' | 'application' | 'body';
  label: string;
  /** Plain text (never HTML). */
  value: string;
  kind: TypedValue['type'] | 'duration' | 'text';
  note?: string;
}

/** An event time normalised by the rules of ct-events.md: trimmed, offset-less means UTC. */
export interface EventTime {
  /** The text CT sent, untouched. */
  raw: string;
  /** ISO-8601 UTC with every fractional digit CT sent, e.g. `2021-02-28T17:28:00.94Z`. */
  iso: string;
  /** Same instant with the fraction padded to 7 digits: sorts correctly as a plain string. */
  sortKey: string;
  /** Milliseconds since the epoch (loses the sub-millisecond part: ordering compares it first and sortKey only within the same millisecond). */
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
