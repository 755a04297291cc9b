// Two tester findings: each wrong ExamPercentage is reported exactly once (as a non-numeric score
// or among the invalid fields), and a masked search cannot find a name or contact that the
// 4,096-character cut of a body left half-written at its end.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildDataset } from '../../src/core/events/dataset';
import { EMPTY_FILTER, filterMessages, searchText } from '../../src/core/events/filter';
import { maskContact } from '../../src/core/events/mask';
import type { PeekedMessage } from '../../src/core/events/model';
import { BODY_TEXT_MAX_CHARS, type TimelineMessage, toTimelineMessage } from '../../src/core/events/records';
import { dataMessage } from './events-seed';

describe('a wrong ExamPercentage is reported once', () => {
  const learner = { FirstName: 'Ada', LastName: 'Lovelace', UserId: 7, Contact: 'ada@example.com', ContactType: 'Email' };
  const course = { CourseName: 'Maths', CourseId: 11 };
  // A course start first, so the only anomalies left are the score's.
  const withScore = (score: unknown): PeekedMessage[] => [
    dataMessage('1', JSON.stringify({ EventType: 'COURSE_START', MessageBody: { ...learner, ...course, StartDate: '2024-01-01T10:00:00Z' } })),
    dataMessage('2', JSON.stringify({ EventType: 'COURSE_COMPLETION', MessageBody: { ...learner, ...course, CompletionDate: '2024-01-01T10:05:00Z', ExamPercentage: score } })),
  ];
  const anomaliesOf = (score: unknown): [string, string, string][] =>
    buildDataset(withScore(score).map(toTimelineMessage)).anomalies.map((a) => [a.sequenceNumber, a.kind, a.message]);

  test('"150" is a number out of range: one invalid-fields anomaly naming ExamPercentage', () => {
    assert.deepEqual(anomaliesOf('150'), [['2', 'invalid-fields', 'ExamPercentage "150" should be a number from 0 to 100 or "Not Applicable".']]);
  });

  test('"-5" and "+50" are signed numbers out of range: one invalid-fields anomaly each, not a non-numeric score', () => {
    assert.deepEqual(anomaliesOf('-5'), [['2', 'invalid-fields', 'ExamPercentage "-5" should be a number from 0 to 100 or "Not Applicable".']]);
    assert.deepEqual(anomaliesOf('+50'), [['2', 'invalid-fields', 'ExamPercentage "+50" should be a number from 0 to 100 or "Not Applicable".']]);
  });

  test('" 50" has a space before the number: one invalid-fields anomaly', () => {
    assert.deepEqual(anomaliesOf(' 50'), [['2', 'invalid-fields', 'ExamPercentage " 50" should be a number from 0 to 100 or "Not Applicable".']]);
  });

  test('"fifty" is one non-numeric-score anomaly and no invalid-fields one', () => {
    assert.deepEqual(anomaliesOf('fifty'), [['2', 'non-numeric-score', 'ExamPercentage "fifty" is neither a number nor "Not Applicable".']]);
  });

  test('an e-mail address as the score is one non-numeric-score anomaly that does not show the address', () => {
    assert.deepEqual(anomaliesOf('zebedee@example.com'), [
      ['2', 'non-numeric-score', 'ExamPercentage (19 characters holding an e-mail address, not shown) is neither a number nor "Not Applicable".'],
    ]);
  });

  test('a score that is not a string is one invalid-fields anomaly', () => {
    assert.deepEqual(anomaliesOf(50), [['2', 'invalid-fields', 'ExamPercentage should be a string such as "50" or "Not Applicable", but it is a number.']]);
  });

  test('a non-numeric score beside another bad field: the other field alone is under invalid-fields', () => {
    const messages = withScore('fifty');
    messages[1] = dataMessage('2', JSON.stringify({ EventType: 'COURSE_COMPLETION', MessageBody: { ...learner, ...course, CourseId: 'eleven', CompletionDate: '2024-01-01T10:05:00Z', ExamPercentage: 'fifty' } }));
    const found = buildDataset(messages.map(toTimelineMessage)).anomalies.filter((a) => a.sequenceNumber === '2').map((a) => [a.kind, a.message]);
    assert.deepEqual(found, [
      ['non-numeric-score', 'ExamPercentage "fifty" is neither a number nor "Not Applicable".'],
      ['invalid-fields', 'CourseId should be an integer, but it is a string ("eleven").'],
    ]);
  });

  test('"Not Applicable" and "80" are no anomaly', () => {
    assert.deepEqual(anomaliesOf('Not Applicable'), []);
    assert.deepEqual(anomaliesOf('80'), []);
  });
});

describe('masked search of a body cut for the view', () => {
  const body = (padding: string): Record<string, unknown> => ({
    EventType: 'LOGIN',
    MessageBody: { Padding: padding, FirstName: 'Zebedee', LastName: 'Quill', UserId: 9, Contact: 'zebedee.quill@example.com', ContactType: 'Email', LoginTime: '2024-01-01T10:00:00Z' },
  });
  /** A LOGIN whose body text (compact JSON, as the view keeps it) is cut `into` characters after `marker` starts. */
  const cutInside = (marker: string, into: number): TimelineMessage => {
    const at = JSON.stringify(body('')).indexOf(marker);
    const padding = 'x'.repeat(BODY_TEXT_MAX_CHARS - at - into);
    const message = toTimelineMessage(dataMessage('1', JSON.stringify(body(padding))));
    assert.equal(message.bodyTruncated, true);
    assert.ok(message.bodyText.endsWith(marker.slice(0, into)), `the cut falls after ${marker.slice(0, into)}`);
    return message;
  };
  const found = (message: TimelineMessage, text: string, masked: boolean): string[] =>
    filterMessages(buildDataset([message]), { ...EMPTY_FILTER, text }, (e) => e.firstName ?? '', masked).messages.map((m) => m.sequenceNumber);

  test('a cut inside "FirstName":"Zebedee": the masked search for "Zebe" finds nothing, the revealed one finds it', () => {
    const message = cutInside('"Zebedee"', 5);
    assert.deepEqual(found(message, 'Zebe', true), []);
    assert.deepEqual(found(message, 'Zebe', false), ['1']);
    assert.equal(searchText(message, true), message.bodyText.slice(0, -'"Zebe'.length));
    assert.ok(searchText(message, true).endsWith('"FirstName":'));
  });

  test('a cut inside the contact: the masked search for "Zebe" finds nothing, the revealed one finds it', () => {
    const message = cutInside('"zebedee.quill@example.com"', 10);
    assert.ok(message.bodyText.endsWith('"Contact":"zebedee.q'));
    assert.deepEqual(found(message, 'Zebe', true), []);
    assert.deepEqual(found(message, 'zebedee.q', true), []);
    assert.deepEqual(found(message, 'Zebe', false), ['1']);
    // The names before the cut are whole and masked as in any body.
    assert.equal(searchText(message, true), message.bodyText.replace('"Zebedee"', '"Z."').replace('"Quill"', '"Q."').slice(0, -'"zebedee.q'.length));
  });

  test('every cut inside the name drops what is left of it; a cut after the opening quote alone keeps the quote', () => {
    const quoted = '"Zebedee"';
    assert.equal(searchText(cutInside(quoted, 1), true).endsWith('"FirstName":"'), true);
    for (let into = 2; into < quoted.length; into++) {
      const message = cutInside(quoted, into);
      assert.equal(searchText(message, true), message.bodyText.slice(0, -into), `cut ${into} characters into the name`);
    }
    // The whole name, closing quote and all, is masked like any other.
    const whole = cutInside(quoted, quoted.length);
    assert.equal(searchText(whole, true), whole.bodyText.slice(0, -quoted.length) + '"Z."');
  });

  test('an untruncated body is masked as before and nothing is cut from its end', () => {
    const message = toTimelineMessage(dataMessage('1', JSON.stringify(body('short'))));
    assert.equal(message.bodyTruncated, false);
    const contact = maskContact('zebedee.quill@example.com');
    assert.match(contact!, /^contact-[0-9a-f]{8}$/);
    assert.equal(
      searchText(message, true),
      `{"EventType":"LOGIN","MessageBody":{"Padding":"short","FirstName":"Z.","LastName":"Q.","UserId":9,"Contact":"${contact}","ContactType":"Email","LoginTime":"2024-01-01T10:00:00Z"}}`,
    );
    assert.deepEqual(found(message, 'Zebe', true), []);
    assert.deepEqual(found(message, 'Z.', true), ['1']);
    assert.deepEqual(found(message, 'Zebe', false), ['1']);
  });
});
