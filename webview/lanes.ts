// Swimlane layout: one group per course (by name), one lane per learner in it; a last group for
// sign-ins and other events without a course. Each lane keeps its events' times in a typed
// array sorted by time, so drawing a frame only visits the marks inside the visible range.
import type { EventEntry } from '../src/core/events/model';
import type { TimelineMessage } from '../src/core/events/records';

export interface Lane {
  label: string;
  userId?: number;
  /** Event times (epoch ms) ascending, and the events in the same order. */
  times: Float64Array;
  events: EventEntry[];
}

export type LaneRow = { kind: 'group'; label: string; count: number } | { kind: 'lane'; lane: Lane };

export interface LaneLayout {
  rows: LaneRow[];
  /** Earliest and latest event time, epoch ms. */
  start: number;
  end: number;
  marks: number;
}

export function layoutLanes(messages: readonly TimelineMessage[], learnerName: (event: EventEntry) => string): LaneLayout {
  // Keyed by CourseId and UserId themselves (undefined for none): no key strings per event.
  const groups = new Map<number | undefined, { label: string; sort: string; lanes: Map<number | undefined, EventEntry[]> }>();
  let start = Infinity;
  let end = -Infinity;
  let marks = 0;
  for (const message of messages) {
    const event = message.event;
    if (!event?.time) {
      continue;
    }
    const groupKey = event.courseId;
    let group = groups.get(groupKey);
    if (!group) {
      const label = event.courseId === undefined ? 'Sign-ins and events without a course' : `${event.courseName ?? 'Course'} (${event.courseId})`;
      // Courses by name; the group without a course last.
      group = { label, sort: event.courseId === undefined ? '\uffff' : label.toLowerCase(), lanes: new Map() };
      groups.set(groupKey, group);
    }
    const laneKey = event.userId;
    const list = group.lanes.get(laneKey);
    if (list) {
      list.push(event);
    } else {
      group.lanes.set(laneKey, [event]);
    }
    const at = event.time.epochMs;
    if (at < start) {
      start = at;
    }
    if (at > end) {
      end = at;
    }
    marks++;
  }
  const rows: LaneRow[] = [];
  for (const group of [...groups.values()].sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0))) {
    rows.push({ kind: 'group', label: group.label, count: group.lanes.size });
    const lanes = [...group.lanes.entries()].sort(([a], [b]) => (a === undefined ? 1 : b === undefined ? -1 : a - b));
    for (const [key, events] of lanes) {
      // Usually in time order already (journey order is by time): sort only when it is not.
      if (!inTimeOrder(events)) {
        events.sort((a, b) => timeOf(a) - timeOf(b));
      }
      const first = events[0] as EventEntry;
      const label = key === undefined ? 'No learner' : `${learnerName(first)} · ${key}`;
      rows.push({ kind: 'lane', lane: { label, userId: first.userId, times: Float64Array.from(events, timeOf), events } });
    }
  }
  if (marks === 0) {
    start = 0;
    end = 1;
  }
  return { rows, start, end, marks };
}

const timeOf = (event: EventEntry): number => (event.time as { epochMs: number }).epochMs;

function inTimeOrder(events: EventEntry[]): boolean {
  for (let i = 1; i < events.length; i++) {
    if (timeOf(events[i] as EventEntry) < timeOf(events[i - 1] as EventEntry)) {
      return false;
    }
  }
  return true;
}

/** First index whose time is >= t (binary search). */
export function lowerBound(times: Float64Array, t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((times[mid] as number) < t) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}
