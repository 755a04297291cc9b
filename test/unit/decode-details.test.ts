import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatDuration, messageDetails, typeValue, type PeekedMessage } from '../../src/core/events';

describe('typed application properties', () => {
  it('keeps each type: a date as a timestamp, longs exact, ints, doubles, booleans, strings', () => {
    assert.deepEqual(typeValue(new Date('2024-05-01T10:00:00.123Z')), { type: 'timestamp', value: '2024-05-01T10:00:00.123Z', display: '2024-05-01T10:00:00.123Z' });
    assert.deepEqual(typeValue(9007199254740993n), { type: 'long', value: '9007199254740993', display: '9007199254740993' });
    assert.deepEqual(typeValue(-42n), { type: 'long', value: -42, display: '-42' });
    assert.deepEqual(typeValue({ low: 1, high: 2097152, unsigned: false }), { type: 'long', value: '9007199254740993', display: '9007199254740993' });
    assert.deepEqual(typeValue(42), { type: 'int', value: 42, display: '42' });
    assert.deepEqual(typeValue(2 ** 40), { type: 'long', value: 2 ** 40, display: '1099511627776' });
    assert.deepEqual(typeValue(3.25), { type: 'double', value: 3.25, display: '3.25' });
    const rounded = typeValue(2 ** 53);
    assert.deepEqual([rounded.type, rounded.value, rounded.display], ['long', '9007199254740992', '9007199254740992']);
    assert.match(rounded.note ?? '', /may have been rounded/);
    assert.deepEqual(typeValue(true), { type: 'boolean', value: true, display: 'true' });
    assert.deepEqual(typeValue('x'), { type: 'string', value: 'x', display: 'x' });
    assert.deepEqual(typeValue(null), { type: 'null', value: null, display: 'null' });
    assert.deepEqual(typeValue(Buffer.from([1, 2])), { type: 'binary', value: '0102', display: '2 bytes: 0102' });
  });
});

describe('messageDetails', () => {
  const message: PeekedMessage = {
    sequenceNumber: '9007199254740993',
    enqueuedTime: '2024-05-01T10:00:00.000Z',
    body: Buffer.from('{"a":1}'),
    bodyType: 'data',
    messageId: 'm-1',
    correlationId: 'c-1',
    contentType: 'application/json',
    subject: 'LOGIN',
    to: 'CTEvents',
    replyTo: 'replies',
    sessionId: 's-1',
    timeToLive: 90_061_001,
    scheduledEnqueueTime: '2024-05-02T00:00:00.000Z',
    deliveryCount: 3,
    deadLetterReason: 'MaxDeliveryCountExceeded',
    deadLetterErrorDescription: 'Message could not be consumed after 10 delivery attempts.',
    deadLetterSource: 'CTEvents/Subscriptions/alpha',
    lockedUntil: '2024-05-01T10:01:00.000Z',
    state: 'scheduled',
    applicationProperties: { When: new Date('2024-05-01T09:00:00.000Z'), Count: 5, Ratio: 0.5 },
  };

  it('lists system properties in a fixed order, then the body, then application properties typed', () => {
    const rows = messageDetails(message).map((r) => [r.section, r.label, r.value, r.kind]);
    assert.deepEqual(rows, [
      ['system', 'Message ID', 'm-1', 'string'],
      ['system', 'Correlation ID', 'c-1', 'string'],
      ['system', 'Content type', 'application/json', 'string'],
      ['system', 'Subject', 'LOGIN', 'string'],
      ['system', 'To', 'CTEvents', 'string'],
      ['system', 'Reply to', 'replies', 'string'],
      ['system', 'Session ID', 's-1', 'string'],
      ['system', 'Sequence number', '9007199254740993', 'long'],
      ['system', 'Enqueued time', '2024-05-01T10:00:00.000Z', 'timestamp'],
      ['system', 'Scheduled enqueue time', '2024-05-02T00:00:00.000Z', 'timestamp'],
      ['system', 'Time to live', '1 d 1 h 1 min 1 s 1 ms', 'duration'],
      ['system', 'State', 'scheduled', 'text'],
      ['system', 'Delivery count', '3', 'int'],
      ['system', 'Locked until', '2024-05-01T10:01:00.000Z', 'timestamp'],
      ['system', 'Dead-letter reason', 'MaxDeliveryCountExceeded', 'string'],
      ['system', 'Dead-letter description', 'Message could not be consumed after 10 delivery attempts.', 'string'],
      ['system', 'Dead-letter error source', 'CTEvents/Subscriptions/alpha', 'string'],
      ['body', 'Body section', 'data', 'text'],
      ['body', 'Decoding', 'json', 'text'],
      ['body', 'Size', '7 bytes', 'int'],
      ['application', 'When', '2024-05-01T09:00:00.000Z', 'timestamp'],
      ['application', 'Count', '5', 'int'],
      ['application', 'Ratio', '0.5', 'double'],
    ]);
  });

  it('prefers the typing the Service Bus layer made, and shows a body problem', () => {
    const rows = messageDetails({
      sequenceNumber: '1', body: Buffer.from([0xff]), bodyType: 'data',
      applicationProperties: { Big: Buffer.alloc(8) }, typedApplicationProperties: { Big: { type: 'long', value: '9223372036854775807', display: '9223372036854775807', note: 'why' } },
    });
    assert.deepEqual(rows.filter((r) => r.section !== 'system'), [
      { section: 'body', label: 'Body section', value: 'data', kind: 'text' },
      { section: 'body', label: 'Decoding', value: 'binary', kind: 'text' },
      { section: 'body', label: 'Size', value: '1 bytes', kind: 'int' },
      { section: 'body', label: 'Problem', value: 'The body is 1 bytes that are not UTF-8 text (byte 0xff at offset 0).', kind: 'text' },
      { section: 'application', label: 'Big', value: '9223372036854775807', kind: 'long', note: 'why' },
    ]);
  });

  it('formats durations, and Service Bus’s maximum as never expires', () => {
    assert.equal(formatDuration(14 * 86_400_000), '14 d');
    assert.equal(formatDuration(250), '250 ms');
    assert.equal(formatDuration(0), '0 s');
    assert.equal(formatDuration(922337203685477), 'never expires');
  });
});
