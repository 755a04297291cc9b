// The timeline's filter: event type, course, learner (UserId or name as shown), time range,
// free text over the bodies, and whether re-render COURSE_STARTs are shown. Messages that are
// not CT events have the pseudo type NOT_CT_EVENT so they can be filtered like the rest.
import type { Dataset } from './dataset';
import { maskContact, maskName } from './mask';
import type { EventEntry } from './model';
import type { TimelineMessage } from './records';

export const NOT_CT_EVENT = 'NOT_CT_EVENT';

export interface EventFilter {
  /** Event types to show; empty shows every type. */
  types: string[];
  /** CourseIds to show; empty shows every course (and events without one). */
  courseIds: number[];
  /** Digits match a UserId exactly or by prefix; other text matches the learner's name as shown. */
  learner: string;
  /** Inclusive range of event times, epoch ms. */
  from?: number;
  to?: number;
  /** Case-insensitive text anywhere in the body. */
  text: string;
  showRerenders: boolean;
}

export const EMPTY_FILTER: EventFilter = { types: [], courseIds: [], learner: '', text: '', showRerenders: false };

/** The type a row is filtered and counted by. */
export function rowType(message: TimelineMessage): string {
  return message.event ? message.event.eventType : NOT_CT_EVENT;
}

/**
 * The messages the filter keeps: events in journey order, then other messages by sequence
 * number. `nameOf` gives a learner's name as the view shows it (masked or not), and while
 * `masked` (the default) the free text is searched in the bodies with names and contact masked,
 * so a masked view cannot be searched by a hidden name or contact.
 */
export function filterMessages(dataset: Dataset, filter: EventFilter, nameOf: (event: EventEntry) => string, masked = true): TimelineMessage[] {
  const types = new Set(filter.types);
  const courses = new Set(filter.courseIds);
  const learner = filter.learner.trim();
  const learnerIsId = /^\d+$/.test(learner);
  const learnerText = learner.toLowerCase();
  const text = filter.text.trim() === '' ? undefined : new RegExp(escapeRegExp(filter.text.trim()), 'i');
  const timed = filter.from !== undefined || filter.to !== undefined;

  const keepEvent = (event: EventEntry): boolean => {
    if (event.rerender && !filter.showRerenders) {
      return false;
    }
    if (types.size > 0 && !types.has(event.eventType)) {
      return false;
    }
    if (courses.size > 0 && (event.courseId === undefined || !courses.has(event.courseId))) {
      return false;
    }
    if (learner !== '') {
      const matches = learnerIsId
        ? event.userId !== undefined && String(event.userId).startsWith(learner)
        : nameOf(event).toLowerCase().includes(learnerText);
      if (!matches) {
        return false;
      }
    }
    if (timed) {
      const at = event.time?.epochMs;
      if (at === undefined || (filter.from !== undefined && at < filter.from) || (filter.to !== undefined && at > filter.to)) {
        return false;
      }
    }
    return true;
  };

  const kept: TimelineMessage[] = [];
  dataset.events.forEach((event, i) => {
    const message = dataset.eventMessages[i] as TimelineMessage;
    if (keepEvent(event) && (!text || text.test(searchText(message, masked)))) {
      kept.push(message);
    }
  });
  // Non-CT messages have no learner, course or event time: a filter on any of those hides them.
  const othersPass = (types.size === 0 || types.has(NOT_CT_EVENT)) && courses.size === 0 && learner === '' && !timed;
  if (othersPass) {
    for (const message of dataset.others) {
      if (!text || text.test(searchText(message, masked))) {
        kept.push(message);
      }
    }
  }
  return kept;
}

/** How many messages of each type, for the counts beside the type filters. */
export function countByType(messages: readonly TimelineMessage[]): Map<string, number> {
  // One look-up per message (a tally to increment), not a get and a set.
  const tallies = new Map<string, { count: number }>();
  for (const message of messages) {
    const type = rowType(message);
    const tally = tallies.get(type);
    if (tally) {
      tally.count++;
    } else {
      tallies.set(type, { count: 1 });
    }
  }
  const counts = new Map<string, number>();
  for (const [type, { count }] of tallies) {
    counts.set(type, count);
  }
  return counts;
}

const maskedSearchTexts = new WeakMap<TimelineMessage, string>();

/**
 * The body text free-text search reads: as it is, or with the event's names and contact masked
 * (computed once per message). Values are replaced where they stand as JSON strings, so the
 * rest of the text keeps its formatting and a body cut short for the view is masked too.
 */
export function searchText(message: TimelineMessage, masked: boolean): string {
  const event = message.event;
  if (!masked || !event || (event.firstName === undefined && event.lastName === undefined && event.contact === undefined)) {
    return message.bodyText;
  }
  let text = maskedSearchTexts.get(message);
  if (text === undefined) {
    text = message.bodyText;
    for (const [value, shown] of [[event.firstName, maskName(event.firstName)], [event.lastName, maskName(event.lastName)], [event.contact, maskContact(event.contact)]]) {
      if (value !== undefined && value !== '') {
        text = text.split(JSON.stringify(value)).join(JSON.stringify(shown));
      }
    }
    maskedSearchTexts.set(message, text);
  }
  return text;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
