import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeBody, parseMessage, type EventEntry, type OtherMessage, type PeekedMessage } from '../../src/core/events';
import { dataMessage, seedBodies } from './events-seed';

const LOGIN = seedBodies()[0];
const LOGIN_JSON = JSON.stringify(LOGIN);

function event(message: PeekedMessage): EventEntry {
  const parsed = parseMessage(message);
  assert.equal(parsed.kind, 'event');
  return (parsed as { event: EventEntry }).event;
}

function other(message: PeekedMessage): OtherMessage {
  const parsed = parseMessage(message);
  assert.equal(parsed.kind, 'other');
  return (parsed as { other: OtherMessage }).other;
}

/** A seed event with some MessageBody fields replaced (undefined deletes a field). */
function variant(index: number, changes: Record<string, unknown>, eventType?: string): PeekedMessage {
  const body = structuredClone(seedBodies()[index]) as { EventType: string; MessageBody: Record<string, unknown> };
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) {
      delete body.MessageBody[key];
    } else {
      body.MessageBody[key] = value;
    }
  }
  if (eventType !== undefined) {
    body.EventType = eventType;
  }
  return dataMessage('9', JSON.stringify(body));
}

describe('decodeBody', () => {
  it('decodes JSON in a data section given as Buffer, Uint8Array, ArrayBuffer or serialised Buffer', () => {
    const bytes = Buffer.from(LOGIN_JSON, 'utf8');
    const plain = new Uint8Array(bytes);
    for (const body of [bytes, plain, plain.buffer, { type: 'Buffer', data: [...bytes] }, [bytes.subarray(0, 10), bytes.subarray(10)]]) {
      assert.deepEqual(decodeBody(body, 'data'), { decoding: 'json', value: LOGIN, size: bytes.length, label: 'json', layers: [] });
    }
  });

  it('strips a UTF-8 byte-order mark before parsing', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(LOGIN_JSON)]);
    assert.deepEqual(decodeBody(bytes, 'data'), { decoding: 'json', value: LOGIN, size: bytes.length, label: 'json', layers: [] });
    assert.deepEqual(decodeBody(`\uFEFF${LOGIN_JSON}`, 'value'), { decoding: 'json', value: LOGIN, size: bytes.length, label: 'json-in-amqp-value', layers: ['amqp-value'] });
  });

  it('parses JSON text in a value section and keeps structured values', () => {
    assert.deepEqual(decodeBody(LOGIN_JSON, 'value'), { decoding: 'json', value: LOGIN, size: Buffer.byteLength(LOGIN_JSON), label: 'json-in-amqp-value', layers: ['amqp-value'] });
    const decoded = decodeBody(LOGIN, 'value');
    assert.equal(decoded.decoding, 'json');
    assert.deepEqual((decoded as { value: unknown }).value, LOGIN);
  });

  it('tells text, binary and empty bodies apart', () => {
    assert.deepEqual(decodeBody(Buffer.from('hello'), 'data'), { decoding: 'text', text: 'hello', size: 5, label: 'text', layers: [], problem: 'The body is text that is not JSON.' });
    const binary = decodeBody(Buffer.from([0xff, 0xfe, 0x00, 0x80]), 'data');
    assert.equal(binary.decoding, 'binary');
    assert.equal((binary as { problem: string }).problem, 'The body is 4 bytes that are not UTF-8 text (byte 0xff at offset 0).');
    assert.equal((decodeBody(Buffer.alloc(0), 'data') as { problem: string }).problem, 'The body is empty.');
    assert.equal((decodeBody(undefined, 'value') as { problem: string }).problem, 'The body is empty.');
    assert.equal((decodeBody(' \n', 'value') as { problem: string }).problem, 'The body is empty text.');
  });
});

describe('parseMessage', () => {
  it('reads a LOGIN with its common fields and normalised time', () => {
    const login = event({ ...dataMessage('1', LOGIN_JSON), enqueuedTime: '2021-02-28T17:26:46.000Z' });
    assert.deepEqual(login, {
      sequenceNumber: '1',
      enqueuedTime: '2021-02-28T17:26:46.000Z',
      eventType: 'LOGIN',
      known: true,
      valid: true,
      problems: [],
      rerender: false,
      firstName: 'Test',
      lastName: 'test',
      userId: 13273,
      contact: 'learner@example.com',
      contactType: 'Email',
      time: { raw: '2021-02-28T17:26:45.2810916Z ', iso: '2021-02-28T17:26:45.2810916Z', sortKey: '2021-02-28T17:26:45.2810916Z', epochMs: Date.UTC(2021, 1, 28, 17, 26, 45, 281) },
    });
  });

  it('reads each type\'s own fields', () => {
    const lesson = event(dataMessage('3', JSON.stringify(seedBodies()[2])));
    assert.equal(lesson.valid, true);
    assert.deepEqual(
      [lesson.courseId, lesson.courseName, lesson.courseItemId, lesson.moduleType, lesson.examPercentage, lesson.time?.iso],
      [2475, 'course7', 8977, 'Lesson', 'Not Applicable', '2021-02-28T17:27:45.5333333Z'],
    );
    const completion = event(dataMessage('5', JSON.stringify(seedBodies()[4])));
    assert.equal(completion.valid, true);
    assert.deepEqual([completion.eventType, completion.examPercentage, completion.courseItemId], ['COURSE_COMPLETION', '50', undefined]);
  });

  it('accepts a body with a byte-order mark and JSON text in a value section', () => {
    const bom = event(dataMessage('1', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(LOGIN_JSON)])));
    assert.equal(bom.valid, true);
    const value = event({ sequenceNumber: '2', body: LOGIN_JSON, bodyType: 'value' });
    assert.equal(value.valid, true);
    assert.equal(value.userId, 13273);
  });

  it('keeps a body that is not a CT event, with the reason', () => {
    const json = other({ ...dataMessage('8', '{"orderId": 5, "status": "shipped"}'), enqueuedTime: '2021-03-01T00:00:00.000Z' });
    assert.deepEqual(json, {
      sequenceNumber: '8',
      enqueuedTime: '2021-03-01T00:00:00.000Z',
      reason: 'The body is a JSON object without EventType, so it is not a CT event.',
      decoding: 'json',
      preview: '{"orderId":5,"status":"shipped"}',
      size: 35,
    });
    assert.equal(other(dataMessage('8', 'plain words')).reason, 'The body is text that is not JSON.');
    assert.equal(other(dataMessage('8', '[1,2]')).reason, 'The body is JSON an array, not an object with EventType and MessageBody.');
    assert.equal(other(dataMessage('8', '{"EventType": 3, "MessageBody": {}}')).reason, 'EventType should be a string, but it is a number.');
    assert.equal(other(dataMessage('8', '{"EventType": "LOGIN"}')).reason, 'The body has EventType "LOGIN" but MessageBody is missing, not an object.');
    const binary = other(dataMessage('8', new Uint8Array([0xc3, 0x28])));
    assert.deepEqual([binary.decoding, binary.preview, binary.size], ['binary', 'c3 28', 2]);
    assert.equal(other({ sequenceNumber: '8', body: [[1, 2]], bodyType: 'sequence' }).decoding, 'json');
  });

  it('keeps an unknown event type as an event with known=false and a problem', () => {
    const unknown = event(variant(0, {}, 'PASSWORD_RESET'));
    assert.deepEqual([unknown.known, unknown.valid, unknown.userId], [false, false, 13273]);
    assert.deepEqual(unknown.problems, ['"PASSWORD_RESET" is not a CT event type. CT sends LOGIN, COURSE_START, MODULE_COMPLETION, COURSE_COMPLETION.']);
    const lower = event(variant(0, {}, 'login'));
    assert.deepEqual(lower.problems, ['"login" is not a CT event type. CT spells it LOGIN (names are case-sensitive).']);
  });

  it('names every missing or ill-typed field in its own problem', () => {
    const start = event(variant(1, { CourseId: '2475', StartDate: undefined, UserId: 13273.5, ContactType: 'Fax' }));
    assert.equal(start.valid, false);
    assert.deepEqual(start.problems, [
      'UserId should be an integer, but it is 13273.5.',
      'ContactType "Fax" should be one of Email, Phone, AzureAD.',
      'CourseId should be an integer, but it is a string ("2475").',
      'StartDate is missing.',
    ]);
    assert.equal(start.userId, undefined);
    assert.equal(start.courseId, undefined);
    assert.equal(start.contactType, 'Fax');

    const text = JSON.stringify(seedBodies()[1]).replace('"UserId":13273', '"UserId":12345678901234567890').replace('"CourseId":2475', '"CourseId":1e20');
    assert.deepEqual(event(dataMessage('9', text)).problems, [
      'UserId should be an integer, but it is beyond ±2^53 and cannot be read exactly.',
      'CourseId should be an integer, but it is beyond ±2^53 and cannot be read exactly.',
    ]);

    const module = event(variant(3, { CourseItemId: null, ModuleType: 'Quiz', ExamPercentage: 50, CompletionDate: 'soon', CourseName: 7 }));
    assert.deepEqual(module.problems, [
      'CourseName should be a string, but it is a number.',
      'CourseItemId should be an integer, but it is null.',
      'ModuleType "Quiz" should be one of Lesson, Exam.',
      'ExamPercentage should be a string such as "50" or "Not Applicable", but it is a number.',
      'CompletionDate "soon" is not an ISO-8601 date-time such as 2021-02-28T17:27:45.2810916Z.',
    ]);
    assert.equal(module.time, undefined);

    const completion = event(variant(4, { ExamPercentage: '150', FirstName: undefined }));
    assert.deepEqual(completion.problems, ['FirstName is missing.', 'ExamPercentage "150" should be a number from 0 to 100 or "Not Applicable".']);

    const login = event(variant(0, { LoginTime: '2021-02-30T10:00:00Z' }));
    assert.deepEqual(login.problems, ['LoginTime "2021-02-30T10:00:00Z" has day 30, but February 2021 has 28 days.']);
    assert.deepEqual(event(variant(0, { LoginTime: '' })).problems, ['LoginTime is empty.']);
    assert.deepEqual(event(variant(0, { LoginTime: '2021-13-01T00:00:00' })).problems, ['LoginTime "2021-13-01T00:00:00" has month 13, outside 1-12.']);
  });
});
