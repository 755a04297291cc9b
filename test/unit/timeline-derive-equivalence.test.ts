// The timeline's derivation (dataset, filter, counts, funnel, facts, lanes) against the documented
// rules written out plainly here: sequence numbers compared as 64-bit integers (BigInt, anything
// not decimal last), journey order by the time's sortKey then the sequence number with untimed
// events last, the re-render rule, one lane per learner per course by time. The derivation takes
// shortcuts to be fast at 100,000 events (no sort for input already in order, numbers before
// strings); these streams aim at the places a shortcut could go wrong: ties in time, equal
// instants written differently, times within one millisecond, sequence numbers beyond 2^53, with
// leading zeros or not decimal at all, events without a learner or a time, non-CT bodies.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildDataset } from '../../src/core/events/dataset';
import { learnerFacts } from '../../src/core/events/facts';
import { EMPTY_FILTER, NOT_CT_EVENT, countByType, filterMessages } from '../../src/core/events/filter';
import { courseFunnel } from '../../src/core/events/funnel';
import type { EventEntry } from '../../src/core/events/model';
import { type TimelineMessage, toTimelineMessage } from '../../src/core/events/records';
import { layoutLanes } from '../../webview/lanes';
import { dataMessage } from './events-seed';

/** A small deterministic generator (mulberry32), so a failing stream can be rebuilt. */
function random(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const pick = random(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = pick(i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

// Few instants, so that times tie; some written differently for the same instant, some apart by
// less than a millisecond; and times that are not times.
const TIMES = [
  '2024-01-01T10:00:00Z', '2024-01-01T10:00:00.0000000Z', '2024-01-01T15:30:00+05:30', '2024-01-01T10:00:00.0001Z',
  '2024-01-01T10:00:00.0009999Z', '2024-01-01T10:00:00.001Z', '2024-01-01T09:59:59.9999999Z', '2024-01-01T10:00:00 ',
  '2024-01-02T00:00:00', '1999-12-31T23:59:59.5Z', 'not a date', '', undefined,
];
const TYPES = ['LOGIN', 'COURSE_START', 'COURSE_START', 'MODULE_COMPLETION', 'COURSE_COMPLETION', 'SOMETHING_ELSE'];
const TIME_FIELD: Record<string, string> = { LOGIN: 'LoginTime', COURSE_START: 'StartDate', MODULE_COMPLETION: 'CompletionDate', COURSE_COMPLETION: 'CompletionDate' };

/** A message with a random body: a CT event (of few learners and courses), or now and then not one. */
function randomMessage(sequenceNumber: string, pick: (n: number) => number): TimelineMessage {
  if (pick(12) === 0) {
    return toTimelineMessage(dataMessage(sequenceNumber, pick(2) === 0 ? 'not json' : '{"hello": "world"}'));
  }
  const type = TYPES[pick(TYPES.length)] as string;
  const body: Record<string, unknown> = { FirstName: `F${pick(3)}`, LastName: 'L', Contact: 'x@example.com', ContactType: 'Email' };
  if (pick(8) !== 0) {
    body.UserId = 1 + pick(5);
  }
  if (type !== 'LOGIN' && pick(10) !== 0) {
    body.CourseId = 20 + pick(3);
    body.CourseName = `Course ${pick(2)}`;
  }
  const time = TIMES[pick(TIMES.length)];
  if (time !== undefined) {
    body[TIME_FIELD[type] ?? 'LoginTime'] = time;
  }
  if (type === 'MODULE_COMPLETION' || type === 'COURSE_COMPLETION') {
    body.ExamPercentage = ['50', 'Not Applicable', 'fifty'][pick(3)];
    body.ModuleType = ['Exam', 'Lesson'][pick(2)];
    body.CourseItemId = pick(4);
  }
  return toTimelineMessage(dataMessage(sequenceNumber, JSON.stringify({ EventType: type, MessageBody: body })));
}

/** Sequence numbers ascending as the broker hands them out, near 2^53 and beyond, with the odd non-canonical one. */
function sequenceNumbers(count: number, pick: (n: number) => number, odd: boolean): string[] {
  const out: string[] = [];
  let next = pick(3) === 0 ? 9007199254740980n : BigInt(1 + pick(20));
  for (let i = 0; i < count; i++) {
    out.push(next.toString());
    next += BigInt(1 + pick(3));
  }
  if (odd) {
    // Beyond 2^63 and at it, the first number again with a leading zero, negative, not decimal.
    out.push('18446744073709551615', '9223372036854775807', `0${out[0] as string}`, '-3', 'abc', '1e3', '');
  }
  return out;
}

function randomStream(seed: number, count: number, odd: boolean): TimelineMessage[] {
  const pick = random(seed);
  return sequenceNumbers(count, pick, odd).map((sequenceNumber) => randomMessage(sequenceNumber, pick));
}

// ---- The documented rules, written plainly (slow, exact) ----

function sequenceKey(text: string): bigint | undefined {
  return /^-?\d+$/.test(text) ? BigInt(text) : undefined;
}

function bySequenceNumber(a: string, b: string): number {
  const x = sequenceKey(a);
  const y = sequenceKey(b);
  if (x === undefined || y === undefined) {
    return x === y ? 0 : x === undefined ? 1 : -1;
  }
  return x < y ? -1 : x > y ? 1 : 0;
}

function byJourneyOrder(a: EventEntry, b: EventEntry): number {
  if (a.time === undefined || b.time === undefined) {
    if (a.time !== b.time) {
      return a.time === undefined ? 1 : -1;
    }
  } else if (a.time.sortKey !== b.time.sortKey) {
    return a.time.sortKey < b.time.sortKey ? -1 : 1;
  }
  return bySequenceNumber(a.sequenceNumber, b.sequenceNumber);
}

const COURSE_TYPES = ['COURSE_START', 'MODULE_COMPLETION', 'COURSE_COMPLETION'];

interface ExpectedLearner {
  userId: number;
  events: EventEntry[];
  rerenders: boolean[];
  courses: { courseId: number; courseName?: string; sequenceNumbers: string[] }[];
  names: (string | undefined)[];
}

/** What the rules say a stream of distinct sequence numbers gives. */
function expected(input: readonly TimelineMessage[]) {
  const messages = [...input].sort((a, b) => bySequenceNumber(a.sequenceNumber, b.sequenceNumber));
  const events = messages.flatMap((m) => (m.event ? [m.event] : []));
  const userIds = [...new Set(events.flatMap((e) => (e.userId === undefined ? [] : [e.userId])))].sort((a, b) => a - b);
  const learners = userIds.map((userId): ExpectedLearner => {
    const journey = events.filter((e) => e.userId === userId).sort(byJourneyOrder);
    const rerenders = journey.map((e, i) =>
      e.eventType === 'COURSE_START' && e.courseId !== undefined && journey.slice(0, i).some((before) => before.courseId === e.courseId && COURSE_TYPES.includes(before.eventType)),
    );
    const courseIds = [...new Set(journey.flatMap((e) => (e.courseId === undefined ? [] : [e.courseId])))];
    const courses = courseIds.map((courseId) => {
      const inCourse = journey.filter((e) => e.courseId === courseId);
      const courseName = inCourse.filter((e) => e.courseName !== undefined).at(-1)?.courseName;
      return { courseId, ...(courseName === undefined ? {} : { courseName }), sequenceNumbers: inCourse.map((e) => e.sequenceNumber) };
    });
    const latest = (field: 'firstName' | 'lastName' | 'contact'): string | undefined => journey.filter((e) => e[field] !== undefined).at(-1)?.[field];
    return { userId, events: journey, rerenders, courses, names: [latest('firstName'), latest('lastName'), latest('contact')] };
  });
  const unattributed = events.filter((e) => e.userId === undefined).sort(byJourneyOrder);
  return { messages, learners, unattributed, others: messages.filter((m) => m.other !== undefined) };
}

const seqs = (items: readonly { sequenceNumber: string }[]): string[] => items.map((item) => item.sequenceNumber);

/** Checks every derived view of `input` against the rules. */
function checkDerivation(input: TimelineMessage[]): void {
  const want = expected(input);
  const data = buildDataset(input);
  assert.deepEqual(seqs(data.messages), seqs(want.messages), 'messages by sequence number');
  assert.deepEqual(data.learners.map((l) => l.userId), want.learners.map((l) => l.userId), 'learners by UserId');
  data.learners.forEach((learner, i) => {
    const w = want.learners[i] as ExpectedLearner;
    assert.deepEqual(seqs(learner.events), seqs(w.events), `journey order of learner ${learner.userId}`);
    assert.deepEqual(learner.events.map((e) => e.rerender), w.rerenders, `re-renders of learner ${learner.userId}`);
    assert.deepEqual(learner.courses.map((c) => ({ courseId: c.courseId, ...(c.courseName === undefined ? {} : { courseName: c.courseName }), sequenceNumbers: seqs(c.events) })), w.courses);
    assert.deepEqual([learner.firstName, learner.lastName, learner.contact], w.names);
  });
  assert.deepEqual(seqs(data.unattributed), seqs(want.unattributed), 'events without a learner in journey order');
  const journeyOrder = [...want.learners.flatMap((l) => l.events), ...want.unattributed];
  assert.deepEqual(seqs(data.events), seqs(journeyOrder), 'every event in journey order');
  assert.ok(data.eventMessages.every((m, i) => m.event === data.events[i]), 'each event beside its own message');
  assert.deepEqual(seqs(data.others), seqs(want.others));
  for (const message of input) {
    assert.equal(data.bySequence.get(message.sequenceNumber), message);
  }
  assert.equal(data.bySequence.size, input.length);

  // Anomalies: the per-course ones by their rules; the per-message ones are read off the messages.
  const anomalies: string[] = [];
  for (const learner of want.learners) {
    for (const course of learner.courses) {
      const events = learner.events.filter((e) => e.courseId === course.courseId);
      const starts = events.filter((e) => e.eventType === 'COURSE_START');
      const firstCompletion = events.find((e) => e.eventType === 'COURSE_COMPLETION' || e.eventType === 'MODULE_COMPLETION');
      if (starts.length === 0 && firstCompletion) {
        anomalies.push(`${firstCompletion.sequenceNumber} completion-without-start`);
      }
      const firstStart = starts[0] ? events.indexOf(starts[0]) : -1;
      events.forEach((e, i) => {
        if (e.eventType === 'COURSE_COMPLETION' && firstStart > i) {
          anomalies.push(`${e.sequenceNumber} completion-before-start`);
        }
        if (e.eventType === 'COURSE_COMPLETION' && events.slice(0, i).some((before) => before.eventType === 'COURSE_COMPLETION')) {
          anomalies.push(`${e.sequenceNumber} second-completion`);
        }
      });
    }
  }
  for (const message of want.messages) {
    const e = message.event;
    const nonNumeric = e?.examPercentage !== undefined && e.examPercentage !== 'Not Applicable' && !/^[+-]?\d+(\.\d+)?$/.test(e.examPercentage.trim());
    if (nonNumeric) {
      anomalies.push(`${message.sequenceNumber} non-numeric-score`);
    }
    // A non-numeric score's own problem is not repeated; every other problem (a score out of range too) is.
    if (e && e.problems.some((p) => !(nonNumeric && p.startsWith('ExamPercentage ')))) {
      anomalies.push(`${message.sequenceNumber} invalid-fields`);
    }
    if (message.other) {
      anomalies.push(`${message.sequenceNumber} not-ct-event`);
    }
  }
  assert.deepEqual(data.anomalies.map((a) => `${a.sequenceNumber} ${a.kind}`).sort(), anomalies.sort(), 'anomalies');
  assert.deepEqual([...data.anomaliesBySequence].flatMap(([seq, list]) => list.map((a) => `${seq} ${a.kind}`)).sort(), anomalies.sort());

  // The filter with nothing set hides only re-renders; counts are per shown type.
  const name = (e: EventEntry): string => e.firstName ?? '';
  const rerenderSet = new Set(want.learners.flatMap((l) => l.events.filter((_e, i) => l.rerenders[i])));
  const filtered = filterMessages(data, EMPTY_FILTER, name);
  const shown = filtered.messages;
  assert.deepEqual(seqs(shown), [...seqs(journeyOrder.filter((e) => !rerenderSet.has(e))), ...seqs(want.others)]);
  assert.deepEqual(seqs(filterMessages(data, { ...EMPTY_FILTER, showRerenders: true }, name).messages), [...seqs(journeyOrder), ...seqs(want.others)]);
  const counts = new Map<string, number>();
  for (const message of shown) {
    const type = message.event?.eventType ?? NOT_CT_EVENT;
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  assert.deepEqual(new Map([...countByType(data, filtered)].sort()), new Map([...counts].sort()));
  assert.deepEqual([...filtered.events].map((i) => data.eventMessages[i]), shown.filter((m) => m.event), 'the kept events\' indexes');

  // The columns: each event's fields at its index; the re-renders counted.
  const { columns } = data;
  data.events.forEach((e, i) => {
    const column = (value: number | undefined): number => value ?? NaN;
    assert.deepEqual(
      [columns.eventType[i], columns.rerender[i], columns.userId[i], columns.courseId[i], columns.epochMs[i]],
      [e.eventType, e.rerender ? 1 : 0, column(e.userId), column(e.courseId), column(e.time?.epochMs)],
      `columns of event ${i}`,
    );
  });
  assert.equal(data.rerenders, rerenderSet.size);

  // Funnel: per course, the learners with any of its events, and how many reached each stage.
  const funnel = new Map<number, { learners: number; loggedIn: number; started: number; moduleCompleted: number; completed: number }>();
  for (const learner of want.learners) {
    const loggedIn = learner.events.some((e) => e.eventType === 'LOGIN');
    for (const course of learner.courses) {
      const row = funnel.get(course.courseId) ?? { learners: 0, loggedIn: 0, started: 0, moduleCompleted: 0, completed: 0 };
      const events = learner.events.map((e, i) => [e, learner.rerenders[i]] as const).filter(([e]) => e.courseId === course.courseId);
      row.learners++;
      row.loggedIn += loggedIn ? 1 : 0;
      row.started += events.some(([e, rerender]) => e.eventType === 'COURSE_START' && !rerender) ? 1 : 0;
      row.moduleCompleted += events.some(([e]) => e.eventType === 'MODULE_COMPLETION') ? 1 : 0;
      row.completed += events.some(([e]) => e.eventType === 'COURSE_COMPLETION') ? 1 : 0;
      funnel.set(course.courseId, row);
    }
  }
  assert.deepEqual(data.funnel, courseFunnel(data.learners), 'the funnel counted while the dataset was built');
  assert.deepEqual(courseFunnel(data.learners).map(({ courseId, learners, loggedIn, started, moduleCompleted, completed }) => [courseId, { learners, loggedIn, started, moduleCompleted, completed }]), [...funnel].sort(([a], [b]) => a - b));

  // Facts: started at the first real start, completed at the first completion, last activity the latest time.
  data.learners.forEach((learner, i) => {
    const w = want.learners[i] as ExpectedLearner;
    const facts = learnerFacts(learner);
    const times = w.events.flatMap((e) => (e.time ? [e.time.epochMs] : []));
    assert.equal(facts.lastActivityAt, times.length > 0 ? Math.max(...times) : undefined);
    assert.equal(facts.logins, w.events.filter((e) => e.eventType === 'LOGIN').length);
    for (const course of facts.courses) {
      const events = w.events.map((e, j) => [e, w.rerenders[j]] as const).filter(([e]) => e.courseId === course.courseId);
      const start = events.find(([e, rerender]) => e.eventType === 'COURSE_START' && !rerender)?.[0];
      const completion = events.find(([e]) => e.eventType === 'COURSE_COMPLETION')?.[0];
      assert.equal(course.startedAt, start?.time?.epochMs);
      assert.equal(course.completedAt, completion?.time?.epochMs);
      assert.equal(course.incomplete, completion === undefined);
      assert.equal(course.lessonsCompleted, events.filter(([e]) => e.eventType === 'MODULE_COMPLETION' && e.moduleType !== 'Exam').length);
      assert.ok(!Object.values(course).includes(undefined), 'no field set to undefined');
    }
  });

  // Lanes: per course group (by label), per learner (by UserId, none last), timed events by time, ties as shown.
  const lanes = layoutLanes(data, filtered.events, name);
  const groups = new Map<number | undefined, Map<number | undefined, EventEntry[]>>();
  for (const message of shown) {
    const e = message.event;
    if (e?.time) {
      const group = groups.get(e.courseId) ?? new Map<number | undefined, EventEntry[]>();
      groups.set(e.courseId, group);
      group.set(e.userId, [...(group.get(e.userId) ?? []), e]);
    }
  }
  const wantRows = [...groups].map(([courseId, group]) => {
    // The course's name as the funnel has it (the last one its learners sent), isolated (U+2068 ... U+2069) from the id beside it.
    const name = data.funnel.find((row) => row.courseId === courseId)?.courseName;
    const label = courseId === undefined ? 'Sign-ins and events without a course' : `\u2068${name || 'Course'}\u2069 (${courseId})`;
    const laneRows = [...group]
      .sort(([a], [b]) => (a === undefined ? 1 : b === undefined ? -1 : a - b))
      .map(([userId, events]) => {
        const byTime = [...events].sort((a, b) => (a.time?.epochMs as number) - (b.time?.epochMs as number));
        return { userId, sequenceNumbers: seqs(byTime), times: byTime.map((e) => e.time?.epochMs) };
      });
    return { label, sort: courseId === undefined ? '\uffff' : label.toLowerCase(), laneRows };
  });
  wantRows.sort((a, b) => (a.sort < b.sort ? -1 : a.sort > b.sort ? 1 : 0));
  const gotRows = lanes.rows.map((row) => (row.kind === 'group' ? row.label : { userId: row.lane.userId, sequenceNumbers: seqs(row.lane.events), times: [...row.lane.times] }));
  assert.deepEqual(gotRows, wantRows.flatMap((g) => [g.label, ...g.laneRows]), 'lanes');
  for (const row of lanes.rows) {
    if (row.kind === 'lane') {
      const first = row.lane.events[0] as EventEntry;
      assert.equal(row.lane.label, row.lane.userId === undefined ? 'No learner' : `${name(first)} · ${row.lane.userId}`);
    }
  }
  const timed = shown.flatMap((m) => (m.event?.time ? [m.event.time.epochMs] : []));
  assert.equal(lanes.marks, timed.length);
  assert.deepEqual([lanes.start, lanes.end], timed.length > 0 ? [Math.min(...timed), Math.max(...timed)] : [0, 1]);
}

describe('the derivation follows the documented rules', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    const odd = seed % 2 === 0;
    const stream = randomStream(seed, 400, odd);
    test(`random stream ${seed}${odd ? ' with odd sequence numbers' : ''}: in order, shuffled, and as fresh copies`, () => {
      checkDerivation(stream);
      checkDerivation(shuffled(stream, seed));
      checkDerivation(structuredClone(shuffled(stream, seed + 100)));
    });
  }

  test('journeys as they usually come: times rising with sequence numbers, some equal, a few late', () => {
    const pick = random(7);
    const types = ['LOGIN', 'COURSE_START', 'MODULE_COMPLETION', 'COURSE_COMPLETION', 'COURSE_START'];
    const messages = Array.from({ length: 3000 }, (_, i) => {
      const type = types[pick(types.length)] as string;
      // Every third event shares the time of the one before; one in fifty was sent late.
      const second = i - (i % 3 === 0 ? 1 : 0) - (pick(50) === 0 ? 90 : 0);
      const time = new Date(Date.UTC(2024, 0, 1) + second * 1000 + (second % 7)).toISOString();
      const body = { UserId: 1 + pick(40), CourseId: 30 + pick(6), [TIME_FIELD[type] as string]: time, ExamPercentage: '1', ModuleType: 'Lesson', CourseItemId: 1 };
      return toTimelineMessage(dataMessage(String(1000 + i), JSON.stringify({ EventType: type, MessageBody: body })));
    });
    checkDerivation(messages);
    checkDerivation(structuredClone(shuffled(messages, 9)));
  });

  test('a sequence number read twice: one message, the last one read, in its place', () => {
    const pick = random(42);
    const [a, b, c] = ['5', '3', '5'].map((s) => randomMessage(s, pick)) as [TimelineMessage, TimelineMessage, TimelineMessage];
    const data = buildDataset([a, b, c]);
    assert.deepEqual(data.messages, [b, c]);
    assert.equal(data.bySequence.get('5'), c);
  });

  test('equal times order by sequence number as 64-bit integers, beyond 2^53 and by length', () => {
    const at = (seq: string, type: string): TimelineMessage =>
      toTimelineMessage(dataMessage(seq, JSON.stringify({ EventType: type, MessageBody: { UserId: 1, CourseId: 2, StartDate: '2024-01-01T10:00:00Z', CompletionDate: '2024-01-01T10:00:00.0000000Z', ExamPercentage: '1', ModuleType: 'Exam', CourseItemId: 1 } })));
    const data = buildDataset([at('9007199254740993', 'COURSE_START'), at('9007199254740992', 'MODULE_COMPLETION'), at('10', 'COURSE_START'), at('9', 'COURSE_COMPLETION')]);
    assert.deepEqual(seqs(data.events), ['9', '10', '9007199254740992', '9007199254740993']);
    assert.deepEqual(data.events.map((e) => e.rerender), [false, true, false, true]);
  });
});
