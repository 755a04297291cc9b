import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeBody, decodeMessageBody, interpretMessages } from '../../src/core/events';

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
  it('shows JSON nested 100,000 levels deep as text instead of overflowing the stack', () => {
    for (const text of ['['.repeat(100_000) + ']'.repeat(100_000), '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000)]) {
      const decoded = decodeBody(Buffer.from(text));
      assert.equal(decoded.decoding, 'text');
      assert.equal(decoded.decoding === 'text' && decoded.problem, 'The body is JSON nested more than 64 levels deep, which no CT event is; it is shown as text.');
      const [other] = interpretMessages([{ sequenceNumber: '1', body: Buffer.from(text), bodyType: 'data' }]).others;
      assert.equal(other?.preview, `${text.slice(0, 200)}…`);
    }
    // Brackets inside strings do not count; 64 levels are still JSON.
    assert.equal(decodeBody(Buffer.from(JSON.stringify({ s: '['.repeat(1000) }))).decoding, 'json');
    assert.equal(decodeBody(Buffer.from('['.repeat(64) + ']'.repeat(64))).decoding, 'json');
  });

  it('previews a structured AMQP value too deep to stringify without throwing', () => {
    let deep: unknown[] = [];
    for (let i = 0; i < 100_000; i++) {
      deep = [deep];
    }
    const [other] = interpretMessages([{ sequenceNumber: '1', body: deep, bodyType: 'value' }]).others;
    assert.equal(other?.preview, '[value too deeply nested to show]');
  });
});
