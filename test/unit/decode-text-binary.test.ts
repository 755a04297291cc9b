import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_DECODED_BYTES, decodeBody, hexDump, previewBody } from '../../src/core/events';

describe('decode: text, binary and bad input', () => {
  it('reads plain UTF-8 text that is not JSON as text', () => {
    const decoded = decodeBody(Buffer.from('héllo wörld'), 'data');
    assert.deepEqual(decoded, { decoding: 'text', text: 'héllo wörld', size: 13, label: 'text', layers: [], problem: 'The body is text that is not JSON.' });
  });

  it('names invalid UTF-8 by its first bad byte and offset, with the size', () => {
    const cases: [number[], string][] = [
      [[0x7b, 0x22, 0xff], 'byte 0xff at offset 2'],
      [[0x61, 0xc3], 'byte 0xc3 at offset 1'], // sequence cut short
      [[0xc0, 0xaf], 'byte 0xc0 at offset 0'], // overlong
      [[0x61, 0xed, 0xa0, 0x80], 'byte 0xed at offset 1'], // UTF-16 surrogate
      [[0x61, 0x62, 0x80], 'byte 0x80 at offset 2'], // lone continuation byte
    ];
    for (const [bytes, at] of cases) {
      const decoded = decodeBody(Buffer.from(bytes), 'data');
      assert.equal(decoded.decoding, 'binary');
      assert.equal((decoded as { problem: string }).problem, `The body is ${bytes.length} bytes that are not UTF-8 text (${at}).`);
    }
  });

  it('does not parse a 2 MB body: its start is shown as text (or bytes), with its size', () => {
    const big = Buffer.alloc(2 * 1024 * 1024, 0x20);
    big.write('{"EventType":"LOGIN"', 0);
    const decoded = decodeBody(big, 'data');
    assert.deepEqual([decoded.decoding, decoded.size, decoded.label], ['text', 2_097_152, 'text']);
    assert.equal((decoded as { text: string }).text.length, MAX_DECODED_BYTES);
    assert.equal((decoded as { problem: string }).problem, `The body is 2097152 bytes, more than the ${MAX_DECODED_BYTES} bytes this view decodes; the start is shown as text.`);
    // A multi-byte character cut by the limit is dropped, not turned into a replacement character.
    const cut = decodeBody(Buffer.concat([Buffer.alloc(9, 0x61), Buffer.from('é')]), 'data', { maxBytes: 10 });
    assert.equal((cut as { text: string }).text, 'aaaaaaaaa');
    const bytes = Buffer.alloc(2 * 1024 * 1024, 0xff);
    const binary = decodeBody(bytes, 'data');
    assert.deepEqual([binary.decoding, binary.size], ['binary', 2_097_152]);
    assert.equal((binary as { problem: string }).problem, `The body is 2097152 bytes, more than the ${MAX_DECODED_BYTES} bytes this view decodes; it is shown as bytes.`);
    const bigText = decodeBody('x'.repeat(2 * 1024 * 1024), 'value');
    assert.deepEqual([bigText.decoding, bigText.size, bigText.label], ['text', 2_097_152, 'text-in-amqp-value']);
  });

  it('keeps empty bodies apart', () => {
    assert.equal((decodeBody(Buffer.alloc(0), 'data') as { problem: string }).problem, 'The body is empty.');
    assert.equal((decodeBody(null) as { problem: string }).problem, 'The body is empty.');
    assert.equal((decodeBody(Buffer.from('\uFEFF  ')) as { problem: string }).problem, 'The body is empty text.');
  });

  it('hexDump shows offset, hex in two groups of eight and printable ASCII, and how much was left out', () => {
    const bytes = Buffer.from('{"EventType":"LOGIN"}\x00\xff', 'latin1');
    assert.equal(
      hexDump(bytes),
      [
        '00000000  7b 22 45 76 65 6e 74 54  79 70 65 22 3a 22 4c 4f  |{"EventType":"LO|',
        '00000010  47 49 4e 22 7d 00 ff                              |GIN"}..|',
      ].join('\n'),
    );
    assert.equal(hexDump(bytes, 16).split('\n')[1], '… 7 more bytes');
    assert.equal(hexDump(new Uint8Array(0)), '');
  });

  it('previews binary as hex', () => {
    assert.equal(previewBody(decodeBody(Buffer.from([0xde, 0xad, 0xbe, 0xef]))), 'de ad be ef');
  });
});
