// Learner journeys: events grouped per learner (UserId) and per course, in journey order.
//
// Journey order: by event time (EventTime.sortKey, all 7 fractional digits), then by Service
// Bus sequence number compared as a 64-bit integer (BigInt), which is the order the broker
// accepted the messages; that settles equal timestamps such as an exam's MODULE_COMPLETION
// and the COURSE_COMPLETION sent with it.
// Events without a usable time (missing or malformed, already flagged by their problems) come
// after every timed event of the same learner, in sequence-number order. The broker's enqueued
// time is not used in their place: it is another clock, always later than CT's event time,
// and mixing the two would move such events to a wrong place among the timed ones.
import type { CourseJourney, EventEntry, LearnerJourney } from './model';

/** Negative when a comes first in journey order. */
export function compareJourneyOrder(a: EventEntry, b: EventEntry): number {
  if (a.time && b.time) {
    if (a.time.sortKey !== b.time.sortKey) {
      return a.time.sortKey < b.time.sortKey ? -1 : 1;
    }
  } else if (a.time || b.time) {
    return a.time ? -1 : 1;
  }
  return compareSequenceNumbers(a.sequenceNumber, b.sequenceNumber);
}

/** Compares decimal sequence numbers exactly, beyond 2^53; anything not decimal sorts last. */
export function compareSequenceNumbers(a: string, b: string): number {
  return compareSequenceKeys(sequenceKey(a), sequenceKey(b));
}

/**
 * A sequence number reduced once to what sorting compares: a plain number while it is exact
 * (below 2^53, every sequence number seen in practice), a BigInt beyond, undefined when it is
 * not decimal. Sorting 100,000 messages compares about two million pairs; parsing BigInts in
 * each comparison was most of the timeline's build time.
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

/** The event types that tie a learner to a course. */
const COURSE_EVENT_TYPES = new Set(['COURSE_START', 'MODULE_COMPLETION', 'COURSE_COMPLETION']);

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
    const inCourse = event.known && COURSE_EVENT_TYPES.has(event.eventType) && event.courseId !== undefined;
    event.rerender = inCourse && event.eventType === 'COURSE_START' && coursesSeen.has(event.courseId as number);
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
  const byUser = new Map<number, EventEntry[]>();
  for (const event of events) {
    if (event.userId === undefined) {
      continue;
    }
    const list = byUser.get(event.userId) ?? [];
    list.push(event);
    byUser.set(event.userId, list);
  }
  return [...byUser.entries()]
    .sort(([a], [b]) => a - b)
    .map(([userId, list]) => learnerJourney(userId, list));
}

function learnerJourney(userId: number, events: EventEntry[]): LearnerJourney {
  // `events` is this journey's own list (built by buildJourneys): sorted in place.
  const ordered = events.sort(compareJourneyOrder);
  markRerenders(ordered);
  const journey: LearnerJourney = { userId, events: ordered, courses: [] };
  const latestWith = (field: 'firstName' | 'lastName' | 'contact'): string | undefined => {
    for (let i = ordered.length - 1; i >= 0; i--) {
      const value = (ordered[i] as EventEntry)[field];
      if (value !== undefined) {
        return value;
      }
    }
    return undefined;
  };
  const firstName = latestWith('firstName');
  const lastName = latestWith('lastName');
  const contact = latestWith('contact');
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
