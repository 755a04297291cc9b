// The timeline's wire format (core/events/wire.ts): pages decode to exactly the messages encoded,
// whatever the strings hold, repeated strings travel once per stream, and a page that is not the
// next one of its stream is refused with a WireFormatError, never misread.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { PeekedMessage } from '../../src/core/events/model';
import { type TimelineMessage, toTimelineMessage } from '../../src/core/events/records';
import { PageDecoder, PageEncoder, type WirePage, WireFormatError } from '../../src/core/events/wire';
import { dataMessage, seedMessages } from './events-seed';

/** The fields an object has, as a plain object: an absent field and one that is undefined read the same. */
function defined(value: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

/**
 * What the rest of the code reads of a message, as a plain object: fields read through their
 * getters (the decoder reads texts from the page when first asked), a field that is undefined
 * the same as one that is absent (decoded objects have every field).
 */
function plain(message: TimelineMessage): Record<string, unknown> {
  const { event, other } = message;
  return defined({
    ...message,
    properties: message.properties,
    applicationProperties: message.applicationProperties,
    bodyText: message.bodyText,
    event: event && defined({ ...event, problems: [...event.problems], time: event.time && { raw: event.time.raw, iso: event.time.iso, sortKey: event.time.sortKey, epochMs: event.time.epochMs } }),
    other: other && defined({ ...other }),
  });
}

function roundTrip(messages: TimelineMessage[]): TimelineMessage[] {
  return new PageDecoder().decode(new PageEncoder().encode(messages));
}

function assertSame(decoded: TimelineMessage[], messages: TimelineMessage[]): void {
  assert.equal(decoded.length, messages.length);
  decoded.forEach((message, i) => assert.deepEqual(plain(message), plain(messages[i] as TimelineMessage), `message ${i}`));
}

const HOSTILE = ['', '\u0000', '\u001e\u001f', '\uffff\ufffe', '\ud800', 'a\udc00b', '","\\"', '}{][', '<img src=x onerror=alert(1)>', '</script><script>alert(2)</script>', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🚀 ñ 中文', '\r\n\t'];

function ctEvent(seq: string, body: Record<string, unknown>, type = 'COURSE_START'): PeekedMessage {
  return dataMessage(seq, JSON.stringify({ EventType: type, MessageBody: body }));
}

describe('timeline wire format', () => {
  test('the seed journey round-trips exactly', () => {
    const messages = seedMessages().map(toTimelineMessage);
    assertSame(roundTrip(messages), messages);
  });

  test('hostile and unicode strings in every text field round-trip exactly', () => {
    const peeked: PeekedMessage[] = HOSTILE.map((text, i) => ({
      ...ctEvent(String(i + 1), { FirstName: text, LastName: `${text}x`, UserId: i, Contact: text, ContactType: 'Email', CourseName: text, CourseId: 9, StartDate: '2021-03-01T00:00:00Z' }),
      enqueuedTime: '2021-03-01T00:00:01.000Z',
      messageId: text,
      subject: text,
      applicationProperties: { [text]: text, '__proto__x': text, n: 5, when: new Date(0) },
    }));
    const messages = peeked.map(toTimelineMessage);
    // A key named __proto__ can only be an own key when made so: JSON.parse does.
    messages[0] = { ...(messages[0] as TimelineMessage), applicationProperties: JSON.parse('{"__proto__":"p","a":"\\u0000"}') as Record<string, string> };
    const decoded = roundTrip(messages);
    assertSame(decoded, messages);
    assert.equal(decoded[7]?.event?.firstName, '}{][');
    assert.deepEqual(Object.keys(decoded[0]?.applicationProperties ?? {}), ['__proto__', 'a']);
  });

  test('messages that are not CT events, huge, binary and malformed bodies round-trip exactly', () => {
    const messages = [
      dataMessage('1', 'x'.repeat(1_200_000)),
      dataMessage('2', '{"EventType": "LOGIN",'),
      dataMessage('3', new Uint8Array([0xff, 0xfe, 0, 1, 2])),
      dataMessage('4', '[1, 2]'),
      dataMessage('5', '{"EventType": "COURSE_START", "MessageBody": 3}'),
      { ...dataMessage('6', '{"no": "event"}'), enqueuedTime: '2021-03-01T00:00:00.000Z' },
    ].map(toTimelineMessage);
    assert.equal(messages[0]?.bodyTruncated, true);
    assert.ok(messages.every((m) => m.other !== undefined && m.event === undefined));
    assertSame(roundTrip(messages), messages);
  });

  test('events with problems, unknown types, missing fields and odd times round-trip exactly', () => {
    const messages = [
      ctEvent('1', {}, 'COURSE_STRAT'),
      ctEvent('2', { UserId: 'seven', StartDate: 'yesterday' }),
      ctEvent('3', { FirstName: 'A', UserId: 1, LoginTime: ' 2021-02-28T17:28:00.9412345678+05:45 ' }, 'LOGIN'),
      ctEvent('4', { FirstName: 'A', UserId: 1, CourseId: 2, CourseItemId: 3, ModuleType: 'Exam', ExamPercentage: 'Not Applicable', CompletionDate: '2021-02-28T17:28:00' }, 'MODULE_COMPLETION'),
      { ...ctEvent('18446744073709551615', { UserId: 2 ** 53 + 2 }, 'LOGIN'), enqueuedTime: '2021-03-01T00:00:00.000Z', deliveryCount: 3 },
    ].map(toTimelineMessage);
    messages[1] = { ...(messages[1] as TimelineMessage), event: { ...(messages[1]?.event as NonNullable<TimelineMessage['event']>), rerender: true, sequenceNumber: 'not the message' } };
    assert.ok(messages.every((m) => m.event !== undefined));
    assert.ok((messages[0]?.event?.problems.length ?? 0) > 0);
    assertSame(roundTrip(messages), messages);
  });

  test('an empty page decodes to no messages', () => {
    assert.deepEqual(roundTrip([]), []);
  });

  test('repeated strings travel once per stream; the pages after a new encoder start over', () => {
    const messages = Array.from({ length: 6 }, (_, i) => toTimelineMessage(ctEvent(String(i + 1), { FirstName: 'Ada', LastName: 'L', UserId: 7, Contact: 'a@x', ContactType: 'Email', CourseName: 'Maths', CourseId: 11, StartDate: '2021-03-01T00:00:00Z' })));
    const encoder = new PageEncoder();
    const decoder = new PageDecoder();
    const first = encoder.encode(messages.slice(0, 3));
    const second = encoder.encode(messages.slice(3));
    assert.deepEqual([...first.table].sort(), ['Ada', 'COURSE_START', 'Email', 'L', 'Maths', 'a@x']);
    assert.deepEqual(second.table, []);
    assert.equal(second.tableStart, 6);
    assertSame([...decoder.decode(first), ...decoder.decode(second)], messages);
    assert.throws(() => new PageDecoder().decode(second), WireFormatError, 'a later page alone');
    assert.throws(() => decoder.decode(new PageEncoder().encode(messages)), WireFormatError, 'a page of another stream');
  });

  test('properties are parsed when first read, once; properties that are not text read as none', () => {
    const message = toTimelineMessage({ ...dataMessage('1', '{}'), messageId: 'abc', applicationProperties: { a: 'b' } });
    const page = new PageEncoder().encode([message]);
    const [decoded] = new PageDecoder().decode(page);
    assert.equal(decoded?.properties, decoded?.properties);
    assert.deepEqual(decoded?.applicationProperties, { a: 'b' });
    const at = page.text.indexOf('{"a":"b"}');
    assert.ok(at > 0);
    const spoiled = { ...page, text: `${page.text.slice(0, at)}{"a":12345${page.text.slice(at + 9)}` };
    assert.deepEqual(new PageDecoder().decode(spoiled)[0]?.applicationProperties, {});
  });

  test('a malformed page is refused with a WireFormatError', () => {
    const messages = seedMessages().map(toTimelineMessage);
    const good = (): WirePage => new PageEncoder().encode(messages);
    const spoilt: [string, (page: WirePage) => unknown][] = [
      ['not an object', () => 'page'],
      ['null', () => null],
      ['another format', (p) => ({ ...p, format: 'ct-events-page/0' })],
      ['a count that is not an integer', (p) => ({ ...p, count: 1.5 })],
      ['flags of another length', (p) => ({ ...p, flags: p.flags.slice(1) })],
      ['numbers as a plain array', (p) => ({ ...p, numbers: [...p.numbers] })],
      ['shared strings of another type', (p) => ({ ...p, shared: new Float64Array(p.shared) })],
      ['a table with a number', (p) => ({ ...p, table: [...p.table, 5] })],
      ['no text', (p) => ({ ...p, text: undefined })],
      ['text shorter than its offsets', (p) => ({ ...p, text: p.text.slice(0, 10) })],
      ['offsets going backwards', (p) => ({ ...p, ends: p.ends.map((e, i) => (i === 3 ? 0 : e)) })],
      ['fewer offsets than strings read', (p) => ({ ...p, ends: p.ends.slice(0, 4) })],
      ['more strings than messages read', (p) => ({ ...p, ends: Uint32Array.from([...p.ends, p.text.length]) })],
      ['a string index beyond the table', (p) => ({ ...p, shared: p.shared.map((s) => (s === 0 ? 999 : s)) })],
      ['an unknown body decoding', (p) => ({ ...p, flags: p.flags.map((f) => f | 3) })],
      ['an event without its type', (p) => ({ ...p, shared: p.shared.map(() => 0xffffffff) })],
      ['a table start that is not a number', (p) => ({ ...p, tableStart: '0' })],
    ];
    for (const [name, spoil] of spoilt) {
      assert.throws(() => new PageDecoder().decode(spoil(good())), WireFormatError, name);
    }
  });
});
