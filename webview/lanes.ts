// Swimlane layout: one group per course (by name), one lane per learner in it; a last group for
// sign-ins and other events without a course. Each lane keeps its events' times in a typed
// array sorted by time, so drawing a frame only visits the marks inside the visible range.
// Laid out again on every filter change from up to 100,000 events: each event is read once, all
// lanes share one typed array of times and one list of events, and a lane's own view of them and
// its label are made only when it is drawn (a first paint draws a few dozen of 20,000 lanes).
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
  /** How many of the rows are lanes. */
  lanes: number;
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
  // Second pass: the times and events of every lane in two shared arrays, lane after lane. A
  // lane is a range of them: its own typed-array view and list are made only when it is drawn.
  const laneStarts = new Array<number>(laneSizes.length);
  let offset = 0;
  for (let lane = 0; lane < laneSizes.length; lane++) {
    laneStarts[lane] = offset;
    offset += laneSizes[lane] as number;
  }
  const fill = laneStarts.slice();
  const allTimes = new Float64Array(events.length);
  const allEvents = new Array<EventEntry>(events.length);
  for (let i = 0; i < events.length; i++) {
    const at = (fill[laneOf[i] as number] as number)++;
    allTimes[at] = times[i] as number;
    allEvents[at] = events[i] as EventEntry;
  }
  const rows: LaneRow[] = [];
  let laneCount = 0;
  for (const group of [...groups.values()].sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0))) {
    rows.push({ kind: 'group', label: group.label, count: group.lanes.size });
    const lanes = [...group.lanes.values()].sort((a, b) => {
      const x = laneKeys[a];
      const y = laneKeys[b];
      return x === undefined ? 1 : y === undefined ? -1 : x - y;
    });
    for (const lane of lanes) {
      const from = laneStarts[lane] as number;
      const to = from + (laneSizes[lane] as number);
      inTimeOrder(allTimes, allEvents, from, to);
      rows.push({ kind: 'lane', lane: new LearnerLane(laneKeys[lane], allTimes, allEvents, from, to, learnerName) });
    }
    laneCount += lanes.length;
  }
  if (events.length === 0) {
    start = 0;
    end = 1;
  }
  return { rows, lanes: laneCount, start, end, marks: events.length };
}

/** A lane: its range of the layout's shared arrays, and its label, made when first read. */
class LearnerLane implements Lane {
  #times: Float64Array | undefined;
  #events: EventEntry[] | undefined;
  #label: string | undefined;

  constructor(
    readonly userId: number | undefined,
    private readonly allTimes: Float64Array,
    private readonly allEvents: EventEntry[],
    private readonly from: number,
    private readonly to: number,
    private readonly learnerName: (event: EventEntry) => string,
  ) {}

  get times(): Float64Array {
    this.#times ??= this.allTimes.subarray(this.from, this.to);
    return this.#times;
  }

  get events(): EventEntry[] {
    this.#events ??= this.allEvents.slice(this.from, this.to);
    return this.#events;
  }

  get label(): string {
    this.#label ??= this.userId === undefined ? 'No learner' : `${this.learnerName(this.allEvents[this.from] as EventEntry)} · ${this.userId}`;
    return this.#label;
  }
}

/**
 * Puts the range [from, to) of the times and their events in time order, in place. Usually it
 * is in order already (journey order is by time) and is only checked.
 */
function inTimeOrder(times: Float64Array, events: EventEntry[], from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    if ((times[i] as number) < (times[i - 1] as number)) {
      // Stable, like a sort of the events themselves: equal times keep their order.
      const order = Array.from({ length: to - from }, (_, k) => from + k).sort((a, b) => (times[a] as number) - (times[b] as number));
      const sortedTimes = order.map((j) => times[j] as number);
      const sortedEvents = order.map((j) => events[j] as EventEntry);
      times.set(sortedTimes, from);
      for (let k = 0; k < sortedEvents.length; k++) {
        events[from + k] = sortedEvents[k] as EventEntry;
      }
      return;
    }
  }
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
