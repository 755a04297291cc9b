// Swimlane layout: one group per course (by name), one lane per learner in it; a last group for
// sign-ins and other events without a course. Each lane keeps its events' times in a typed
// array sorted by time, so drawing a frame only visits the marks inside the visible range.
// Laid out again on every filter change from up to 100,000 events: each event is read once, the
// times of all lanes share one typed array, and a lane's label is made only when it is drawn.
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

interface Group {
  label: string;
  sort: string;
  /** Lane numbers by UserId itself (undefined for none): no key strings per event. */
  lanes: Map<number | undefined, number>;
  /** The lane the group's last event went to: events arrive learner by learner. */
  lastKey: number | undefined;
  lastLane: number;
}

export function layoutLanes(messages: readonly TimelineMessage[], learnerName: (event: EventEntry) => string): LaneLayout {
  // First pass: each timed event's lane, counted; the events and times kept in dense arrays so
  // the second pass places them without reading an event again.
  const groups = new Map<number | undefined, Group>();
  const laneKeys: (number | undefined)[] = [];
  const laneSizes: number[] = [];
  const laneOf: number[] = [];
  const events: EventEntry[] = [];
  const times: number[] = [];
  let start = Infinity;
  let end = -Infinity;
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
      group = { label, sort: groupKey === undefined ? '\uffff' : label.toLowerCase(), lanes: new Map(), lastKey: undefined, lastLane: -1 };
      groups.set(groupKey, group);
    }
    const laneKey = event.userId;
    let lane = group.lastLane >= 0 && group.lastKey === laneKey ? group.lastLane : group.lanes.get(laneKey);
    if (lane === undefined) {
      lane = laneSizes.length;
      laneSizes.push(0);
      laneKeys.push(laneKey);
      group.lanes.set(laneKey, lane);
    }
    group.lastKey = laneKey;
    group.lastLane = lane;
    laneSizes[lane] = (laneSizes[lane] as number) + 1;
    laneOf.push(lane);
    events.push(event);
    const at = time.epochMs;
    times.push(at);
    if (at < start) {
      start = at;
    }
    if (at > end) {
      end = at;
    }
  }
  // Second pass: every lane's times in one typed array, each lane a view of its part.
  const laneStarts = new Array<number>(laneSizes.length);
  let offset = 0;
  for (let lane = 0; lane < laneSizes.length; lane++) {
    laneStarts[lane] = offset;
    offset += laneSizes[lane] as number;
  }
  const fill = laneStarts.slice();
  const allTimes = new Float64Array(events.length);
  const laneEvents = new Array<EventEntry[]>(laneSizes.length);
  for (let lane = 0; lane < laneSizes.length; lane++) {
    laneEvents[lane] = [];
  }
  for (let i = 0; i < events.length; i++) {
    const lane = laneOf[i] as number;
    allTimes[(fill[lane] as number)++] = times[i] as number;
    (laneEvents[lane] as EventEntry[]).push(events[i] as EventEntry);
  }
  const rows: LaneRow[] = [];
  for (const group of [...groups.values()].sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0))) {
    rows.push({ kind: 'group', label: group.label, count: group.lanes.size });
    const lanes = [...group.lanes.values()].sort((a, b) => {
      const x = laneKeys[a];
      const y = laneKeys[b];
      return x === undefined ? 1 : y === undefined ? -1 : x - y;
    });
    for (const lane of lanes) {
      const from = laneStarts[lane] as number;
      const laneTimes = allTimes.subarray(from, from + (laneSizes[lane] as number));
      rows.push({ kind: 'lane', lane: new LearnerLane(laneKeys[lane], ...inTimeOrder(laneTimes, laneEvents[lane] as EventEntry[]), learnerName) });
    }
  }
  if (events.length === 0) {
    start = 0;
    end = 1;
  }
  return { rows, start, end, marks: events.length };
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

/** A lane's times and events by time. Usually in time order already (journey order is by time): sorted only when not. */
function inTimeOrder(times: Float64Array, events: EventEntry[]): [Float64Array, EventEntry[]] {
  for (let i = 1; i < times.length; i++) {
    if ((times[i] as number) < (times[i - 1] as number)) {
      // Stable, like a sort of the events themselves: equal times keep their order.
      const order = Array.from(times.keys()).sort((a, b) => (times[a] as number) - (times[b] as number));
      return [Float64Array.from(order, (j) => times[j] as number), order.map((j) => events[j] as EventEntry)];
    }
  }
  return [times, events];
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
