import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeBody, decodeMessageBody } from '../../src/core/events';

const EVENT = { EventType: 'LOGIN', MessageBody: { UserId: 7, FirstName: 'Zoë' } };
const JSON_TEXT = JSON.stringify(EVENT);

describe('decode: JSON bodies', () => {
  it('reads UTF-8 JSON in a data section, labelled json', () => {
    const bytes = Buffer.from(JSON_TEXT, 'utf8');
    assert.deepEqual(decodeBody(bytes, 'data'), { decoding: 'json', value: EVENT, size: bytes.length, label: 'json', layers: [] });
  });

  it('reads UTF-8 JSON behind a byte-order mark; the size counts the mark', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(JSON_TEXT, 'utf8')]);
    const decoded = decodeBody(bytes, 'data');
    assert.deepEqual([decoded.decoding, decoded.label, decoded.size], ['json', 'json', bytes.length]);
    assert.deepEqual((decoded as { value: unknown }).value, EVENT);
  });

  it('reads JSON text carried in an AMQP value section, labelled json-in-amqp-value', () => {
    const decoded = decodeBody(JSON_TEXT, 'value');
    assert.deepEqual(decoded, { decoding: 'json', value: EVENT, size: Buffer.byteLength(JSON_TEXT), label: 'json-in-amqp-value', layers: ['amqp-value'] });
  });

  it('keeps a structured AMQP value or sequence as it is, labelled by its section', () => {
    assert.deepEqual(decodeBody({ a: 1 }, 'value'), { decoding: 'json', value: { a: 1 }, size: 7, label: 'amqp-value', layers: ['amqp-value'] });
    assert.equal(decodeBody([[1, 2]], 'sequence').label, 'amqp-sequence');
    assert.equal(decodeBody(42, 'value').label, 'amqp-value');
  });

  it('labels text in a value section text-in-amqp-value', () => {
    const decoded = decodeBody('hello there', 'value');
    assert.deepEqual([decoded.decoding, decoded.label], ['text', 'text-in-amqp-value']);
  });

  it('decodeMessageBody passes the message’s own hints', () => {
    const decoded = decodeMessageBody({ sequenceNumber: '1', body: Buffer.from(JSON_TEXT), bodyType: 'data', contentType: 'application/json' });
    assert.equal(decoded.label, 'json');
  });
});
