// Learner journeys: events grouped per learner (UserId) and per course, in journey order.
//
// Journey order: by event time (EventTime.sortKey, all 7 fractional digits), then by Service
// Bus sequence number compared as a 64-bit integer, which is the order the broker accepted the
// messages; that settles equal timestamps such as an exam's MODULE_COMPLETION and the
// COURSE_COMPLETION sent with it.
// Events without a usable time (missing or malformed, already flagged by their problems) come
// after every timed event of the same learner, in sequence-number order. The broker's enqueued
// time is not used in their place: it is another clock, always later than CT's event time,
// and mixing the two would move such events to a wrong place among the timed ones.
//
// The timeline rebuilds journeys from 100,000 events while pages stream in, so ordering is
// written to be cheap: a list already in journey order (the usual case: pages arrive in
// sequence order, and CT's clock mostly agrees with the broker's) is checked in one pass and
// not sorted, and comparisons decide on numbers before they compare strings.
import type { CourseJourney, EventEntry, LearnerJourney } from './model';

/** Negative when a comes first in journey order. */
export function compareJourneyOrder(a: EventEntry, b: EventEntry): number {
  const x = a.time;
  const y = b.time;
  if (x && y) {
    // epochMs is the sortKey cut to whole milliseconds, so it orders the same way where it
    // differs; the strings are compared only within one millisecond.
    if (x.epochMs < y.epochMs) {
      return -1;
    }
    if (x.epochMs > y.epochMs) {
      return 1;
    }
    if (x.sortKey !== y.sortKey) {
      return x.sortKey < y.sortKey ? -1 : 1;
    }
  } else if (x || y) {
    return x ? -1 : 1;
  }
  return compareSequenceNumbers(a.sequenceNumber, b.sequenceNumber);
}

/** A sequence number as the broker writes it: decimal digits without leading zeros. */
const CANONICAL_DECIMAL = /^(?:0|[1-9]\d*)$/;

/** Compares decimal sequence numbers exactly, beyond 2^53; anything not decimal sorts last. */
export function compareSequenceNumbers(a: string, b: string): number {
  // Canonical decimals order by length, then digit by digit: no parsing, at any size.
  if (CANONICAL_DECIMAL.test(a) && CANONICAL_DECIMAL.test(b)) {
    if (a.length !== b.length) {
      return a.length < b.length ? -1 : 1;
    }
    return a < b ? -1 : a > b ? 1 : 0;
  }
  return compareSequenceKeys(sequenceKey(a), sequenceKey(b));
}

/**
 * A sequence number reduced once to what sorting compares: a plain number while it is exact
 * (below 2^53, every sequence number seen in practice), a BigInt beyond, undefined when it is
 * not decimal (leading zeros and a minus sign are read as decimal too).
 */
export type SequenceKey = number | bigint | undefined;

export function sequenceKey(decimal: string): SequenceKey {
  if (!/^-?\d+$/.test(decimal)) {
    return undefined;
  }
  const value = Number(decimal);
  return Number.isSafeInteger(value) ? value : BigInt(decimal);
}

export function compareSequenceKeys(x: SequenceKey, y: SequenceKey): number {
  if (x === undefined || y === undefined) {
    return x === y ? 0 : x === undefined ? 1 : -1;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Events gathered learner by learner as they are read (in sequence order, usually), then put in
 * journey order. Works on indexes into the events as added, so a caller can keep anything
 * alongside each event (the timeline keeps its message) without a look-up.
 */
export class JourneyOrder {
  /** Every event added, in the order added. */
  readonly events: EventEntry[] = [];
  private readonly byUser = new Map<number, number[]>();
  private readonly withoutUser: number[] = [];

  add(event: EventEntry): void {
    const index = this.events.length;
    this.events.push(event);
    const userId = event.userId;
    if (userId === undefined) {
      this.withoutUser.push(index);
      return;
    }
    const indexes = this.byUser.get(userId);
    if (indexes) {
      indexes.push(index);
    } else {
      this.byUser.set(userId, [index]);
    }
  }

  /** Learners by UserId, each with the indexes of their events in journey order. */
  learners(): { userId: number; indexes: number[] }[] {
    const learners = Array.from(this.byUser, ([userId, indexes]) => ({ userId, indexes: this.inJourneyOrder(indexes) }));
    return learners.sort((a, b) => a.userId - b.userId);
  }

  /** The indexes of the events without a UserId, in journey order. */
  unattributed(): number[] {
    return this.inJourneyOrder(this.withoutUser);
  }

  /**
   * Sorts indexes in place by their events' journey order. The sort is stable, so events that
   * compare equal keep the order they were added in; a list already in order is only checked.
   */
  private inJourneyOrder(indexes: number[]): number[] {
    const events = this.events;
    for (let i = 1; i < indexes.length; i++) {
      if (compareJourneyOrder(events[indexes[i - 1] as number] as EventEntry, events[indexes[i] as number] as EventEntry) > 0) {
        return indexes.sort((a, b) => compareJourneyOrder(events[a] as EventEntry, events[b] as EventEntry));
      }
    }
    return indexes;
  }
}

/**
 * Marks page re-renders among one learner's events, which must already be in journey order.
 *
 * Rule: a COURSE_START is a page re-render when the same learner already has a COURSE_START,
 * MODULE_COMPLETION or COURSE_COMPLETION for that course earlier in journey order.
 *
 * Why: CT re-sends COURSE_START whenever the course page renders again (for example right after
 * an exam or the course completes), so only the first course event of a learner in a course can
 * be a real start. Every other event gets rerender=false.
 */
export function markRerenders(eventsInJourneyOrder: EventEntry[]): void {
  const coursesSeen = new Set<number>();
  for (const event of eventsInJourneyOrder) {
    const type = event.eventType;
    const isStart = type === 'COURSE_START';
    const inCourse = event.known && event.courseId !== undefined && (isStart || type === 'MODULE_COMPLETION' || type === 'COURSE_COMPLETION');
    event.rerender = inCourse && isStart && coursesSeen.has(event.courseId as number);
    if (inCourse) {
      coursesSeen.add(event.courseId as number);
    }
  }
}

/**
 * Builds one journey per learner from events that carry a UserId, ordered by userId.
 * Names and contact come from the learner's latest event in journey order that has them;
 * courses are listed in the order the learner first touched them.
 */
export function buildJourneys(events: EventEntry[]): LearnerJourney[] {
  const order = new JourneyOrder();
  for (const event of events) {
    order.add(event);
  }
  return order.learners().map(({ userId, indexes }) => learnerJourney(userId, indexes.map((i) => order.events[i] as EventEntry)));
}

/** One learner's journey from their events, already in journey order (the list becomes the journey's own). */
export function learnerJourney(userId: number, ordered: EventEntry[]): LearnerJourney {
  markRerenders(ordered);
  const journey: LearnerJourney = { userId, events: ordered, courses: [] };
  let firstName: string | undefined;
  let lastName: string | undefined;
  let contact: string | undefined;
  // Latest first: the first value met is the one that stands.
  for (let i = ordered.length - 1; i >= 0 && (firstName === undefined || lastName === undefined || contact === undefined); i--) {
    const event = ordered[i] as EventEntry;
    firstName ??= event.firstName;
    lastName ??= event.lastName;
    contact ??= event.contact;
  }
  if (firstName !== undefined) {
    journey.firstName = firstName;
  }
  if (lastName !== undefined) {
    journey.lastName = lastName;
  }
  if (contact !== undefined) {
    journey.contact = contact;
  }
  const courses = new Map<number, CourseJourney>();
  for (const event of ordered) {
    if (event.courseId === undefined) {
      continue;
    }
    let course = courses.get(event.courseId);
    if (!course) {
      course = { courseId: event.courseId, events: [] };
      courses.set(event.courseId, course);
    }
    course.events.push(event);
    if (event.courseName !== undefined) {
      course.courseName = event.courseName;
    }
  }
  journey.courses = [...courses.values()];
  return journey;
}
