// Swimlane layout: one group per course (by name), one lane per learner in it; a last group for
// sign-ins and other events without a course. Each lane keeps its events' times in a typed
// array sorted by time, so drawing a frame only visits the marks inside the visible range.
// Laid out again on every filter change from up to 100,000 events: the dataset's typed columns are
// read (not the event objects), all lanes share one typed array of times and one of event
// indexes, and a lane's own view of them, its events and its label are made only when it is
// drawn (a first paint draws a few dozen of 20,000 lanes).
import type { EventEntry } from '../src/core/events/model';
import type { Dataset } from '../src/core/events/dataset';
import { courseLabel } from '../src/core/events/index';

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
  /** Lane numbers by UserId (NaN for none; a Map finds NaN by NaN). */
  lanes: Map<number, number>;
  /** The lane the group's last event went to (NaN: none yet). */
  lastKey: number;
  lastLane: number;
}

/**
 * The lanes of the events a filter kept (`shown`: indexes into the dataset's events, in journey
 * order), read from the dataset's columns: no event object is read.
 */
export function layoutLanes(dataset: Dataset, shown: Uint32Array, learnerName: (event: EventEntry) => string): LaneLayout {
  const { userId, courseId, epochMs } = dataset.columns;
  // A course's name as the funnel and the course filter show it (events of one course can differ).
  const courseNames = new Map(dataset.funnel.map((row) => [row.courseId, row.courseName]));
  // First pass: each timed event's lane, counted.
  const groups = new Map<number, Group>();
  const laneKeys: number[] = [];
  const laneSizes: number[] = [];
  const laneOf = new Uint32Array(shown.length);
  let marks = 0;
  let start = Infinity;
  let end = -Infinity;
  // Events come learner by learner, mostly several of one course in a row: the last group and
  // lane are tried before a look-up (NaN, for none, never matches and is looked up).
  let lastGroupKey = NaN;
  let group: Group | undefined;
  for (const i of shown) {
    const at = epochMs[i] as number;
    if (Number.isNaN(at)) {
      continue;
    }
    const groupKey = courseId[i] as number;
    if (groupKey !== lastGroupKey || !group) {
      group = groups.get(groupKey);
      lastGroupKey = groupKey;
    }
    if (!group) {
      const label = Number.isNaN(groupKey) ? 'Sign-ins and events without a course' : courseLabel({ courseId: groupKey, courseName: courseNames.get(groupKey) });
      // Courses by name; the group without a course last.
      group = { label, sort: Number.isNaN(groupKey) ? '\uffff' : label.toLowerCase(), lanes: new Map(), lastKey: NaN, lastLane: -1 };
      groups.set(groupKey, group);
    }
    const laneKey = userId[i] as number;
    let lane = group.lastKey === laneKey ? group.lastLane : group.lanes.get(laneKey);
    if (lane === undefined) {
      lane = laneSizes.length;
      laneSizes.push(0);
      laneKeys.push(laneKey);
      group.lanes.set(laneKey, lane);
    }
    group.lastKey = laneKey;
    group.lastLane = lane;
    laneSizes[lane] = (laneSizes[lane] as number) + 1;
    laneOf[marks++] = lane;
    if (at < start) {
      start = at;
    }
    if (at > end) {
      end = at;
    }
  }
  // Second pass: the times and event indexes of every lane in two shared arrays, lane after
  // lane. A lane is a range of them: its own view and list of events are made only when drawn.
  const laneStarts = new Array<number>(laneSizes.length);
  let offset = 0;
  for (let lane = 0; lane < laneSizes.length; lane++) {
    laneStarts[lane] = offset;
    offset += laneSizes[lane] as number;
  }
  const fill = laneStarts.slice();
  const allTimes = new Float64Array(marks);
  const allEvents = new Uint32Array(marks);
  let timed = 0;
  for (const i of shown) {
    const at = epochMs[i] as number;
    if (Number.isNaN(at)) {
      continue;
    }
    const place = (fill[laneOf[timed++] as number] as number)++;
    allTimes[place] = at;
    allEvents[place] = i;
  }
  const rows: LaneRow[] = [];
  let laneCount = 0;
  for (const group of [...groups.values()].sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0))) {
    rows.push({ kind: 'group', label: group.label, count: group.lanes.size });
    const lanes = [...group.lanes.values()].sort((a, b) => {
      const x = laneKeys[a] as number;
      const y = laneKeys[b] as number;
      return Number.isNaN(x) ? 1 : Number.isNaN(y) ? -1 : x - y;
    });
    for (const lane of lanes) {
      const from = laneStarts[lane] as number;
      const to = from + (laneSizes[lane] as number);
      inTimeOrder(allTimes, allEvents, from, to);
      const key = laneKeys[lane] as number;
      rows.push({ kind: 'lane', lane: new LearnerLane(Number.isNaN(key) ? undefined : key, dataset.events, allTimes, allEvents, from, to, learnerName) });
    }
    laneCount += lanes.length;
  }
  if (marks === 0) {
    start = 0;
    end = 1;
  }
  return { rows, lanes: laneCount, start, end, marks };
}

/** A lane: its range of the layout's shared arrays; its own view of them and its label are made when first read. */
class LearnerLane implements Lane {
  #times: Float64Array | undefined;
  #events: EventEntry[] | undefined;
  #label: string | undefined;

  constructor(
    readonly userId: number | undefined,
    private readonly datasetEvents: readonly EventEntry[],
    private readonly allTimes: Float64Array,
    private readonly allEvents: Uint32Array,
    private readonly from: number,
    private readonly to: number,
    private readonly learnerName: (event: EventEntry) => string,
  ) {}

  get times(): Float64Array {
    this.#times ??= this.allTimes.subarray(this.from, this.to);
    return this.#times;
  }

  get events(): EventEntry[] {
    this.#events ??= Array.from(this.allEvents.subarray(this.from, this.to), (i) => this.datasetEvents[i] as EventEntry);
    return this.#events;
  }

  get label(): string {
    this.#label ??= this.userId === undefined ? 'No learner' : `${this.learnerName(this.datasetEvents[this.allEvents[this.from] as number] as EventEntry)} · ${this.userId}`;
    return this.#label;
  }
}

/**
 * Puts the range [from, to) of the times and their events in time order, in place. Usually it
 * is in order already (journey order is by time) and is only checked.
 */
function inTimeOrder(times: Float64Array, events: Uint32Array, from: number, to: number): void {
  for (let i = from + 1; i < to; i++) {
    if ((times[i] as number) < (times[i - 1] as number)) {
      // Stable, like a sort of the events themselves: equal times keep their order.
      const order = Array.from({ length: to - from }, (_, k) => from + k).sort((a, b) => (times[a] as number) - (times[b] as number));
      times.set(order.map((j) => times[j] as number), from);
      events.set(order.map((j) => events[j] as number), from);
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
