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
  /** Digits (after a minus sign or not) match a UserId by prefix; other text matches the learner's name as shown. */
  learner: string;
  /** Inclusive range of event times, epoch ms. */
  from?: number;
  to?: number;
  /** Case-insensitive text anywhere in the body. */
  text: string;
  showRerenders: boolean;
}

export const EMPTY_FILTER: EventFilter = { types: [], courseIds: [], learner: '', text: '', showRerenders: false };

/** What a filter keeps. */
export interface Shown {
  /** Events in journey order, then other messages by sequence number. */
  messages: TimelineMessage[];
  /** The index in the dataset's `events` of each event kept: the first `events.length` of `messages`. */
  events: Uint32Array;
}

/**
 * The messages the filter keeps. `nameOf` gives a learner's name as the view shows it (masked or
 * not), and while `masked` (the default) the free text is searched in the bodies with names and
 * contact masked, so a masked view cannot be searched by a hidden name or contact. Events are
 * judged by the dataset's columns; only a learner's name and the free text need the event itself.
 */
export function filterMessages(dataset: Dataset, filter: EventFilter, nameOf: (event: EventEntry) => string, masked = true): Shown {
  const { eventType, rerender, userId, courseId, epochMs } = dataset.columns;
  const types = new Set(filter.types);
  const courses = new Set(filter.courseIds);
  const learner = filter.learner.trim();
  const learnerIsId = /^-?\d+$/.test(learner);
  const learnerText = learner.toLowerCase();
  const text = filter.text.trim() === '' ? undefined : new RegExp(escapeRegExp(filter.text.trim()), 'i');
  const { from, to } = filter;
  const timed = from !== undefined || to !== undefined;

  const keepEvent = (i: number): boolean => {
    if (rerender[i] === 1 && !filter.showRerenders) {
      return false;
    }
    if (types.size > 0 && !types.has(eventType[i] as string)) {
      return false;
    }
    const course = courseId[i] as number;
    if (courses.size > 0 && (Number.isNaN(course) || !courses.has(course))) {
      return false;
    }
    if (learner !== '') {
      const user = userId[i] as number;
      const matches = learnerIsId
        ? !Number.isNaN(user) && String(user).startsWith(learner)
        : nameOf(dataset.events[i] as EventEntry).toLowerCase().includes(learnerText);
      if (!matches) {
        return false;
      }
    }
    if (timed) {
      const at = epochMs[i] as number;
      if (Number.isNaN(at) || (from !== undefined && at < from) || (to !== undefined && at > to)) {
        return false;
      }
    }
    return !text || text.test(searchText(dataset.eventMessages[i] as TimelineMessage, masked));
  };

  const kept: TimelineMessage[] = [];
  const keptEvents = new Uint32Array(dataset.events.length);
  let keptCount = 0;
  for (let i = 0; i < dataset.events.length; i++) {
    if (keepEvent(i)) {
      keptEvents[keptCount++] = i;
      kept.push(dataset.eventMessages[i] as TimelineMessage);
    }
  }
  // Non-CT messages have no learner, course or event time: a filter on any of those hides them.
  const othersPass = (types.size === 0 || types.has(NOT_CT_EVENT)) && courses.size === 0 && learner === '' && !timed;
  if (othersPass) {
    for (const message of dataset.others) {
      if (!text || text.test(searchText(message, masked))) {
        kept.push(message);
      }
    }
  }
  return { messages: kept, events: keptEvents.subarray(0, keptCount) };
}

/** How many messages of each type a filter kept, for the counts beside the type filters. */
export function countByType(dataset: Dataset, shown: Shown): Map<string, number> {
  // One look-up per event (a tally to increment), not a get and a set.
  const tallies = new Map<string, { count: number }>();
  const types = dataset.columns.eventType;
  for (const i of shown.events) {
    const type = types[i] as string;
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
  const others = shown.messages.length - shown.events.length;
  if (others > 0) {
    counts.set(NOT_CT_EVENT, others);
  }
  return counts;
}

const maskedSearchTexts = new WeakMap<TimelineMessage, string>();

/**
 * The body text free-text search reads: as it is, or with the event's names and contact masked
 * (computed once per message). Values are replaced where they stand as JSON strings, so the
 * rest of the text keeps its formatting and a body cut short for the view is masked too. A cut
 * body may end inside one of those strings, where no whole string is there to replace: that
 * partial value is dropped, or a search for its first letters would find the hidden name.
 */
export function searchText(message: TimelineMessage, masked: boolean): string {
  const event = message.event;
  if (!masked || !event || (event.firstName === undefined && event.lastName === undefined && event.contact === undefined)) {
    return message.bodyText;
  }
  let text = maskedSearchTexts.get(message);
  if (text === undefined) {
    text = message.bodyText;
    // Gathered only for a cut body: nothing can end inside a value in a whole one.
    const hidden: string[] | undefined = message.bodyTruncated ? [] : undefined;
    for (const [value, shown] of [[event.firstName, maskName(event.firstName)], [event.lastName, maskName(event.lastName)], [event.contact, maskContact(event.contact)]]) {
      if (value !== undefined && value !== '') {
        const quoted = JSON.stringify(value);
        hidden?.push(quoted);
        text = text.split(quoted).join(JSON.stringify(shown));
      }
    }
    if (hidden) {
      text = text.slice(0, text.length - longestCutValue(text, hidden));
    }
    maskedSearchTexts.set(message, text);
  }
  return text;
}

/**
 * The length of the longest end of `text` that is a proper start of one of `quoted` (JSON
 * strings) and holds at least one character after the opening quote; 0 when there is none.
 */
function longestCutValue(text: string, quoted: readonly string[]): number {
  let longest = 0;
  for (const value of quoted) {
    // Only the last value.length - 1 characters can hold a proper start; the first candidate
    // found from the left is the longest.
    const opening = value.slice(0, 2);
    let at = text.indexOf(opening, Math.max(0, text.length - (value.length - 1)));
    while (at !== -1 && text.length - at > longest) {
      if (text.startsWith(value.slice(0, text.length - at), at)) {
        longest = text.length - at;
        break;
      }
      at = text.indexOf(opening, at + 1);
    }
  }
  return longest;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
