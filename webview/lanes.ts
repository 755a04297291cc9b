// Swimlane layout: one group per course (by name), one lane per learner in it; a last group for
// sign-ins and other events without a course. Each lane keeps its events' times in a typed
// array sorted by time, so drawing a frame only visits the marks inside the visible range.
// Laid out again on every filter change from up to 100,000 events: one pass reads each event
// once, and a lane's label is made only when the lane is first drawn.
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

/** A lane's events and their times while the layout collects them. */
interface LaneEvents {
  events: EventEntry[];
  times: number[];
}

interface Group {
  label: string;
  sort: string;
  /** Keyed by UserId itself (undefined for none): no key strings per event. */
  lanes: Map<number | undefined, LaneEvents>;
  /** The lane the group's last event went to: events arrive learner by learner. */
  lastKey: number | undefined;
  last: LaneEvents | undefined;
}

export function layoutLanes(messages: readonly TimelineMessage[], learnerName: (event: EventEntry) => string): LaneLayout {
  // Keyed by CourseId itself (undefined for none).
  const groups = new Map<number | undefined, Group>();
  let start = Infinity;
  let end = -Infinity;
  let marks = 0;
  for (const message of messages) {
    const event = message.event;
    const time = event?.time;
    if (!event || !time) {
      continue;
    }
    const groupKey = event.courseId;
    let group = groups.get(groupKey);
    if (!group) {
      const label = groupKey === undefined ? 'Sign-ins and events without a course' : `${event.courseName ?? 'Course'} (${groupKey})`;
      // Courses by name; the group without a course last.
      group = { label, sort: groupKey === undefined ? '\uffff' : label.toLowerCase(), lanes: new Map(), lastKey: undefined, last: undefined };
      groups.set(groupKey, group);
    }
    const laneKey = event.userId;
    let lane = group.last !== undefined && group.lastKey === laneKey ? group.last : group.lanes.get(laneKey);
    if (!lane) {
      lane = { events: [], times: [] };
      group.lanes.set(laneKey, lane);
    }
    group.lastKey = laneKey;
    group.last = lane;
    const at = time.epochMs;
    lane.events.push(event);
    lane.times.push(at);
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
    for (const [key, collected] of lanes) {
      const { events, times } = inTimeOrder(collected);
      rows.push({ kind: 'lane', lane: new LearnerLane(key, times, events, learnerName) });
    }
  }
  if (marks === 0) {
    start = 0;
    end = 1;
  }
  return { rows, start, end, marks };
}

class LearnerLane implements Lane {
  #label: string | undefined;

  constructor(
    readonly userId: number | undefined,
    readonly times: Float64Array,
    readonly events: EventEntry[],
    private readonly learnerName: (event: EventEntry) => string,
  ) {}

  get label(): string {
    this.#label ??= this.userId === undefined ? 'No learner' : `${this.learnerName(this.events[0] as EventEntry)} · ${this.userId}`;
    return this.#label;
  }
}

/** The lane's events by time. Usually in time order already (journey order is by time): sorted only when not. */
function inTimeOrder({ events, times }: LaneEvents): { events: EventEntry[]; times: Float64Array } {
  for (let i = 1; i < times.length; i++) {
    if ((times[i] as number) < (times[i - 1] as number)) {
      // Stable, like the sort of the events themselves: equal times keep their order.
      const order = Array.from(times.keys()).sort((a, b) => (times[a] as number) - (times[b] as number));
      return { events: order.map((j) => events[j] as EventEntry), times: Float64Array.from(order, (j) => times[j] as number) };
    }
  }
  return { events, times: new Float64Array(times) };
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
