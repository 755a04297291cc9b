import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { decodeBody, type DecodedBody } from '../../src/core/events';
import { looksLikeBinaryXml, readDataContractString } from '../../src/core/events/datacontract';
import { HELLO_WORLD_HEX, SERIALIZATION_NS, dataContractElement, dataContractSplit, dataContractString, textRecord } from './decode-vectors';

const EVENT = { EventType: 'COURSE_START', MessageBody: { UserId: 13273, CourseName: 'Intro — ünïcode' } };

function problem(decoded: DecodedBody): string {
  assert.equal(decoded.decoding, 'binary');
  return (decoded as { problem: string }).problem;
}

describe('decode: DataContract binary XML strings (older .NET SDKs)', () => {
  it('unwraps the hand-built "Hello World" vector, labelled datacontract-string+text', () => {
    const bytes = Buffer.from(HELLO_WORLD_HEX, 'hex');
    assert.equal(bytes.length, 2 + 6 + 2 + 51 + 2 + 11);
    assert.deepEqual(readDataContractString(bytes), { ok: true, text: 'Hello World' });
    const decoded = decodeBody(bytes, 'data');
    assert.deepEqual(decoded, {
      decoding: 'text', text: 'Hello World', size: bytes.length, label: 'datacontract-string+text', layers: ['datacontract-string'], problem: 'The body is text that is not JSON.',
    });
  });

  it('decodes wrapped JSON to the object inside, labelled datacontract-string+json', () => {
    const bytes = dataContractString(JSON.stringify(EVENT));
    const decoded = decodeBody(bytes, 'data');
    assert.deepEqual([decoded.decoding, decoded.label, decoded.size], ['json', 'datacontract-string+json', bytes.length]);
    assert.deepEqual((decoded as { value: unknown }).value, EVENT);
  });

  it('reads every text record size: Chars8/16/32 and UnicodeChars8/16/32, split text and an empty string', () => {
    const long = 'x'.repeat(300);
    assert.equal(dataContractString(long)[2 + 6 + 2 + 51], 0x9b);
    for (const [text, options] of [
      [long, {}], ['abc', { size: 4 }], [long, { size: 4 }], ['ünï', { unicode: true }], [long, { unicode: true, size: 2 }], ['é', { unicode: true, size: 4 }],
    ] as const) {
      assert.deepEqual(readDataContractString(dataContractString(text, options)), { ok: true, text });
    }
    assert.deepEqual(readDataContractString(dataContractSplit(['{"a":', '1}'])), { ok: true, text: '{"a":1}' });
    assert.deepEqual(readDataContractString(dataContractSplit([])), { ok: true, text: '' });
    const emptyText = dataContractElement('string', SERIALIZATION_NS, Buffer.from([0xa9]));
    assert.deepEqual(readDataContractString(emptyText), { ok: true, text: '' });
  });

  it('names truncated binary XML at every cut, with the size, never throwing', () => {
    const bytes = dataContractString(JSON.stringify(EVENT));
    for (let cut = 3; cut < bytes.length; cut++) {
      const part = bytes.subarray(0, cut);
      if (!looksLikeBinaryXml(part)) {
        continue;
      }
      const decoded = decodeBody(part, 'data');
      assert.equal(decoded.size, cut);
      assert.match(problem(decoded), new RegExp(`^The body is ${cut} bytes of \\.NET binary XML \\(DataContractSerializer\\) that cannot be unwrapped: `), `cut ${cut}`);
    }
    assert.match(problem(decodeBody(bytes.subarray(0, bytes.length - 1), 'data')), /The binary XML ends early: \d+ bytes, cut off inside the <string> element\.$/);
  });

  it('refuses anything but <string> in the serialization namespace, saying what it found', () => {
    const object = dataContractElement('LearnerEvent', 'http://schemas.datacontract.org/2004/07/Ct', textRecord('x'));
    assert.match(problem(decodeBody(object, 'data')), /holds a serialised <LearnerEvent> element, not a string; only strings are unwrapped\.$/);
    const otherNs = dataContractElement('string', 'urn:other', textRecord('x'));
    assert.match(problem(decodeBody(otherNs, 'data')), /is in namespace "urn:other", not the DataContract serialization namespace\.$/);
    const notText = dataContractElement('string', SERIALIZATION_NS, Buffer.from([0x8b, 1, 0, 0, 0]));
    assert.match(problem(decodeBody(notText, 'data')), /holds record 0x8b, not text\.$/);
    const trailing = Buffer.concat([Buffer.from(HELLO_WORLD_HEX, 'hex'), Buffer.from([0x01])]);
    assert.match(problem(decodeBody(trailing, 'data')), /1 bytes follow the binary XML <\/string>\.$/);
  });

  it('does not take text that starts with "@" for binary XML', () => {
    const decoded = decodeBody(Buffer.from('@everyone the build is green'), 'data');
    assert.deepEqual([decoded.decoding, decoded.label], ['text', 'text']);
  });

  it('unwraps a DataContract string inside declared gzip: gzip+datacontract-string+json', () => {
    const decoded = decodeBody(gzipSync(dataContractString(JSON.stringify(EVENT))), 'data', { contentEncoding: 'gzip' });
    assert.equal(decoded.label, 'gzip+datacontract-string+json');
    assert.deepEqual((decoded as { value: unknown }).value, EVENT);
  });
});
