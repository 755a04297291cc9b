import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { constants, gzipSync } from 'node:zlib';
import { decodeBody, type DecodedBody } from '../../src/core/events';
import { GzipError, gunzip } from '../../src/core/events/gzip';

const EVENT = { EventType: 'LOGIN', MessageBody: { UserId: 7 } };
const GZ = gzipSync(Buffer.from(JSON.stringify(EVENT)));

function problem(decoded: DecodedBody): string {
  assert.notEqual(decoded.decoding, 'json');
  return (decoded as { problem: string }).problem;
}

describe('decode: gzip bodies', () => {
  it('inflates when a Content-Encoding application property says gzip (any letter case)', () => {
    for (const name of ['Content-Encoding', 'content-encoding', 'contentEncoding']) {
      const decoded = decodeBody(GZ, 'data', { applicationProperties: { [name]: 'gzip' } });
      assert.equal(decoded.decoding, 'json', name);
      assert.deepEqual((decoded as { value: unknown }).value, EVENT);
      assert.deepEqual([decoded.label, decoded.layers, decoded.size], ['gzip+json', ['gzip'], GZ.length]);
      assert.equal(decoded.note, `gzip: ${GZ.length} bytes inflated to ${JSON.stringify(EVENT).length}.`);
    }
  });

  it('inflates when the AMQP content-encoding or the content type says gzip', () => {
    assert.equal(decodeBody(GZ, 'data', { contentEncoding: 'gzip' }).label, 'gzip+json');
    assert.equal(decodeBody(GZ, 'data', { contentType: 'application/gzip' }).label, 'gzip+json');
    assert.equal(decodeBody(GZ, 'data', { contentType: 'application/json+gzip; charset=utf-8' }).label, 'gzip+json');
  });

  it('does not inflate when nothing says gzip, and says why the bytes are shown as bytes', () => {
    for (const hints of [{}, { contentType: 'application/json' }, { applicationProperties: { 'Content-Encoding': 'br' } }]) {
      const decoded = decodeBody(GZ, 'data', hints);
      assert.equal(decoded.label, 'binary');
      assert.match(problem(decoded), /^The body is \d+ bytes that are not UTF-8 text \(byte 0x8b at offset 1\)\. It starts like gzip data, but no Content-Encoding or content type says so\.$/);
    }
  });

  it('decodes a body that says gzip but is not, as it is, with a note', () => {
    const decoded = decodeBody(Buffer.from('{"a":1}'), 'data', { applicationProperties: { 'Content-Encoding': 'gzip' } });
    assert.deepEqual([decoded.decoding, decoded.label], ['json', 'json']);
    assert.equal(decoded.note, 'The Content-Encoding application property says gzip, but the body does not start with the gzip signature (1f 8b); it was decoded as it is.');
  });

  it('names truncated gzip as truncated, with the size, never throwing', () => {
    for (const cut of [5, 12, GZ.length - 20, GZ.length - 4]) {
      const part = GZ.subarray(0, cut);
      const decoded = decodeBody(part, 'data', { contentEncoding: 'gzip' });
      assert.equal(decoded.decoding, 'binary');
      assert.equal(decoded.size, cut);
      assert.match(problem(decoded), new RegExp(`^The body is ${cut} bytes that the content-encoding property says are gzip, but they cannot be inflated: The gzip data ends early`));
    }
  });

  it('names damaged gzip (checksum) and a body that inflates past the limit', () => {
    const damaged = Buffer.from(GZ);
    damaged[damaged.length - 6] ^= 0xff;
    assert.match(problem(decodeBody(damaged, 'data', { contentEncoding: 'gzip' })), /checksum \(CRC-32\) does not match/);
    const bomb = gzipSync(Buffer.alloc(5000, 0x20));
    assert.match(problem(decodeBody(bomb, 'data', { contentEncoding: 'gzip', maxBytes: 4096 })), /inflates to more than 4096 bytes/);
  });

  it('gunzip agrees with zlib for stored, fixed and dynamic blocks and several members', () => {
    const inputs = [Buffer.alloc(0), Buffer.from('a'), randomBytes(70_000), Buffer.from('CT events '.repeat(20_000))];
    for (const input of inputs) {
      for (const level of [0, 1, 9]) {
        for (const strategy of [constants.Z_DEFAULT_STRATEGY, constants.Z_FIXED, constants.Z_HUFFMAN_ONLY, constants.Z_RLE]) {
          assert.deepEqual(Buffer.from(gunzip(gzipSync(input, { level, strategy }), 1 << 24)), input);
        }
      }
    }
    const twoMembers = Buffer.concat([gzipSync(Buffer.from('one ')), gzipSync(Buffer.from('two'))]);
    assert.equal(Buffer.from(gunzip(twoMembers, 100)).toString(), 'one two');
    assert.throws(() => gunzip(Buffer.concat([GZ, Buffer.from('xyz')]), 100), (e: unknown) => e instanceof GzipError && /3 bytes follow/.test(e.message));
  });
});
