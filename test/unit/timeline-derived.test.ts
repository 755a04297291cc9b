// The timeline's derived views on the seed journey and hand-made streams: dataset, facts,
// funnel, anomalies, filter, masking.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { countAnomalies, findAnomalies } from '../../src/core/events/anomalies';
import { buildDataset, nextSequenceNumber } from '../../src/core/events/dataset';
import { formatDuration, learnerFacts } from '../../src/core/events/facts';
import { EMPTY_FILTER, NOT_CT_EVENT, countByType, filterMessages } from '../../src/core/events/filter';
import { courseFunnel } from '../../src/core/events/funnel';
import { maskBodyText, maskContact, maskEventBody, maskName, maskPersonal, shortHash } from '../../src/core/events/mask';
import type { PeekedMessage } from '../../src/core/events/model';
import { HUGE_BODY_BYTES, toTimelineMessage } from '../../src/core/events/records';
import { dataMessage, seedMessages } from './events-seed';

function event(seq: number, type: string, body: Record<string, unknown>): PeekedMessage {
  const learner = { FirstName: 'Ada', LastName: 'Lovelace', UserId: 7, Contact: 'ada@example.com', ContactType: 'Email' };
  return dataMessage(String(seq), JSON.stringify({ EventType: type, MessageBody: { ...learner, ...body } }));
}
const course = { CourseName: 'Maths', CourseId: 11 };
const at = (minute: number): string => `2024-01-01T10:${String(minute).padStart(2, '0')}:00Z`;

function datasetOf(messages: PeekedMessage[]) {
  return buildDataset(messages.map(toTimelineMessage));
}

describe('dataset', () => {
  test('the seed journey keeps its documented order and marks both trailing COURSE_STARTs as re-renders', () => {
    const data = datasetOf(seedMessages());
    assert.deepEqual(data.events.map((e) => e.sequenceNumber), ['1', '2', '3', '4', '5', '6', '7']);
    assert.deepEqual(data.events.map((e) => e.rerender), [false, false, false, false, false, true, true]);
    assert.equal(nextSequenceNumber(data.messages), '8');
  });

  test('a message keeps its properties as text and a bounded body text', () => {
    const message = { ...event(3, 'LOGIN', { LoginTime: at(0) }), messageId: 'm-1', applicationProperties: { tenant: 'x', n: 5 } };
    const row = toTimelineMessage(message);
    assert.equal(row.properties.messageId, 'm-1');
    assert.deepEqual(row.applicationProperties, { tenant: 'x', n: '5' });
    assert.equal(row.event?.eventType, 'LOGIN');
    assert.ok(row.bodyText.includes('"LoginTime"'));
  });

  test('huge, malformed and binary bodies become other messages with their size', () => {
    const huge = dataMessage('1', 'x'.repeat(HUGE_BODY_BYTES + 10));
    const malformed = dataMessage('2', '{"EventType": "LOGIN",');
    const binary = dataMessage('3', new Uint8Array([0xff, 0xfe, 0x00, 0x01]));
    const data = datasetOf([huge, malformed, binary]);
    assert.deepEqual(data.others.map((m) => [m.sequenceNumber, m.bodySize, m.bodyDecoding]), [['1', HUGE_BODY_BYTES + 10, 'text'], ['2', 22, 'text'], ['3', 4, 'binary']]);
    assert.ok(data.others[0]!.bodyTruncated);
    assert.deepEqual(countAnomalies(data.anomalies)['huge-body'], 1);
    assert.deepEqual(countAnomalies(data.anomalies)['not-ct-event'], 3);
  });
});

describe('facts and funnel', () => {
  test('facts of the seed learner: started, a lesson, an exam with its score, completed, duration', () => {
    const data = datasetOf(seedMessages());
    const facts = learnerFacts(data.learners[0]!);
    assert.equal(facts.logins, 1);
    assert.equal(facts.coursesStarted, 1);
    assert.equal(facts.coursesCompleted, 1);
    const [c] = facts.courses;
    assert.equal(c!.courseId, 2475);
    assert.equal(c!.lessonsCompleted, 1);
    assert.deepEqual(c!.exams, [{ courseItemId: 8976, score: '50' }]);
    assert.equal(c!.incomplete, false);
    // Start 17:27:45.281, completion 17:28:00.940.
    assert.equal(c!.startToCompletionMs, 15_659);
    assert.equal(formatDuration(c!.startToCompletionMs!), '16 s');
  });

  test('an incomplete course stands out; re-renders are not starts', () => {
    const data = datasetOf([event(1, 'COURSE_START', { ...course, StartDate: at(1) }), event(2, 'COURSE_START', { ...course, StartDate: at(2) })]);
    const [c] = learnerFacts(data.learners[0]!).courses;
    assert.equal(c!.incomplete, true);
    assert.equal(c!.startedAt, Date.parse(at(1)));
    assert.equal(c!.lastActivityAt, Date.parse(at(2)));
  });

  test('the funnel counts learners per stage per course', () => {
    const other = (seq: number, type: string, userId: number, body: Record<string, unknown>): PeekedMessage =>
      dataMessage(String(seq), JSON.stringify({ EventType: type, MessageBody: { FirstName: 'B', LastName: 'C', UserId: userId, Contact: 'b@x', ContactType: 'Email', ...body } }));
    const data = datasetOf([
      ...seedMessages(),
      other(10, 'COURSE_START', 99, { CourseName: 'course7', CourseId: 2475, StartDate: at(3) }),
      other(11, 'COURSE_START', 98, { ...course, StartDate: at(3) }),
    ]);
    assert.deepEqual(courseFunnel(data.learners), [
      { courseId: 11, courseName: 'Maths', learners: 1, loggedIn: 0, started: 1, moduleCompleted: 0, completed: 0 },
      { courseId: 2475, courseName: 'course7', learners: 2, loggedIn: 1, started: 2, moduleCompleted: 1, completed: 1 },
    ]);
  });
});

describe('anomalies', () => {
  test('the seed journey has none', () => {
    assert.deepEqual(datasetOf(seedMessages()).anomalies, []);
  });

  test('completion without start, before start, a second completion and a bad score', () => {
    const data = datasetOf([
      event(1, 'COURSE_COMPLETION', { ...course, CompletionDate: at(1), ExamPercentage: 'fifty' }),
      event(2, 'COURSE_START', { ...course, StartDate: at(2) }),
      event(3, 'COURSE_COMPLETION', { ...course, CompletionDate: at(3), ExamPercentage: '80' }),
      event(4, 'MODULE_COMPLETION', { CourseName: 'Art', CourseId: 12, CourseItemId: 1, ModuleType: 'Lesson', CompletionDate: at(4), ExamPercentage: 'Not Applicable' }),
      event(5, 'LOGIN', {}),
    ]);
    const found = data.anomalies.map((a) => [a.sequenceNumber, a.kind]);
    assert.deepEqual(found.sort(), [
      ['1', 'completion-before-start'],
      ['1', 'non-numeric-score'],
      ['3', 'second-completion'],
      ['4', 'completion-without-start'],
      ['5', 'invalid-fields'],
    ]);
    assert.match(data.anomaliesBySequence.get('5')![0]!.message, /LoginTime is missing/);
    assert.deepEqual(findAnomalies([], [], []), []);
  });
});

describe('filter', () => {
  const name = (e: { firstName?: string }): string => e.firstName ?? '';
  const data = datasetOf([...seedMessages(), dataMessage('8', 'not json')]);

  test('no filter hides only re-renders; the toggle shows them', () => {
    assert.deepEqual(filterMessages(data, EMPTY_FILTER, name).messages.map((m) => m.sequenceNumber), ['1', '2', '3', '4', '5', '8']);
    assert.equal(filterMessages(data, { ...EMPTY_FILTER, showRerenders: true }, name).messages.length, 8);
  });

  test('type, course, learner id and name, time range and body text', () => {
    const seqs = (f: Partial<typeof EMPTY_FILTER>): string[] => filterMessages(data, { ...EMPTY_FILTER, ...f }, name).messages.map((m) => m.sequenceNumber);
    assert.deepEqual(seqs({ types: ['MODULE_COMPLETION'] }), ['3', '4']);
    assert.deepEqual(seqs({ types: [NOT_CT_EVENT] }), ['8']);
    assert.deepEqual(seqs({ courseIds: [2475] }), ['2', '3', '4', '5']);
    assert.deepEqual(seqs({ courseIds: [1] }), []);
    assert.deepEqual(seqs({ learner: '1327' }), ['1', '2', '3', '4', '5']);
    assert.deepEqual(seqs({ learner: 'tes' }), ['1', '2', '3', '4', '5']);
    assert.deepEqual(seqs({ learner: 'nobody' }), []);
    assert.deepEqual(seqs({ from: Date.parse('2021-02-28T17:28:00Z'), to: Date.parse('2021-02-28T17:29:00Z') }), ['4', '5']);
    assert.deepEqual(seqs({ text: '"exam"' }), ['4']);
    assert.deepEqual(seqs({ text: 'not json' }), ['8']);
    assert.deepEqual(seqs({ text: '.*' }), [], 'search text is literal, not a pattern');
  });

  test('a negative UserId is found by its digits and sign, like any other', () => {
    const signed = datasetOf([event(1, 'LOGIN', { UserId: -5, LoginTime: at(1) }), event(2, 'LOGIN', { UserId: 5, LoginTime: at(2) })]);
    const seqs = (learner: string): string[] => filterMessages(signed, { ...EMPTY_FILTER, learner }, name).messages.map((m) => m.sequenceNumber);
    assert.deepEqual(seqs('-5'), ['1']);
    assert.deepEqual(seqs('5'), ['2']);
  });

  test('while masked, free text cannot find a hidden name or contact, even in a body cut short', () => {
    const long = event(1, 'LOGIN', { LoginTime: at(1), Padding: 'x'.repeat(5000) });
    const masking = datasetOf([event(2, 'LOGIN', { LoginTime: at(2) }), long]);
    const found = (text: string, masked: boolean): string[] => filterMessages(masking, { ...EMPTY_FILTER, text }, name, masked).messages.map((m) => m.sequenceNumber);
    assert.deepEqual(found('Lovelace', false), ['1', '2']);
    assert.deepEqual(found('Lovelace', true), []);
    assert.deepEqual(found('Ada', true), []);
    assert.deepEqual(found('ada@example', true), []);
    assert.deepEqual(found('ada@example', false), ['1', '2']);
    assert.deepEqual(found('"L."', true), ['1', '2'], 'the masked text is what is searched');
    assert.deepEqual(found(maskContact('ada@example.com') as string, true), ['1', '2']);
    assert.deepEqual(found('LoginTime', true), ['1', '2'], 'the rest of the body is searched as before');
    assert.deepEqual(filterMessages(masking, { ...EMPTY_FILTER, text: 'Lovelace' }, name).messages, [], 'masked unless told otherwise');
  });

  test('counts by type follow the filter', () => {
    const counts = countByType(data, filterMessages(data, { ...EMPTY_FILTER, courseIds: [2475] }, name));
    assert.deepEqual([...counts], [['COURSE_START', 1], ['MODULE_COMPLETION', 2], ['COURSE_COMPLETION', 1]]);
  });
});

describe('masking', () => {
  test('initials and a stable short hash of the contact', () => {
    assert.equal(maskName('ada'), 'A.');
    assert.equal(maskName(''), '');
    assert.equal(maskName('<img src=x onerror=alert(1)>'), '<.');
    assert.equal(shortHash('learner@example.com'), shortHash('learner@example.com'));
    assert.match(maskContact('learner@example.com')!, /^contact-[0-9a-f]{8}$/);
    assert.equal(maskContact(' Learner@Example.com'), maskContact('learner@example.com'));
    assert.notEqual(maskContact('a@example.com'), maskContact('b@example.com'));
    assert.deepEqual(maskPersonal({ firstName: 'Ada', lastName: 'Lovelace', contact: 'ada@example.com', userId: 7 }), {
      firstName: 'A.', lastName: 'L.', contact: maskContact('ada@example.com'), userId: 7,
    });
  });

  test('bodies: CT fields masked, the rest unchanged', () => {
    const body = { EventType: 'LOGIN', MessageBody: { FirstName: 'Ada', LastName: 'Lovelace', Contact: 'ada@example.com', UserId: 7 } };
    assert.deepEqual(maskEventBody(body), { EventType: 'LOGIN', MessageBody: { FirstName: 'A.', LastName: 'L.', Contact: maskContact('ada@example.com'), UserId: 7 } });
    assert.deepEqual(maskEventBody([1]), [1]);
    assert.ok(!maskBodyText(JSON.stringify(body)).includes('Lovelace'));
    assert.equal(maskBodyText('plain text'), 'plain text');
  });
});
