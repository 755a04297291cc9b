// The AMQP types of application properties: recorded while rhea decodes a message (no network
// here: rhea encodes and decodes in memory, as it does under the SDK), and used again when a
// copy is encoded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { message as rheaMessage, types } from 'rhea';
import { amqpCodesOf, amqpTypeOfCode, amqpTypesOf, typedForSending } from '../../src/core/servicebus/amqp-types';
import { SAMPLE_UUID as UUID, TYPED_PROPERTIES, TYPED_PROPERTY_CODES, longBytes } from './amqp-samples';

const PROPERTIES = TYPED_PROPERTIES;
const EXPECTED_CODES = TYPED_PROPERTY_CODES;

function decodedProperties(properties: Record<string, unknown>): Record<string, unknown> {
  const encoded = rheaMessage.encode({ body: 'x', application_properties: properties } as Parameters<typeof rheaMessage.encode>[0]);
  return rheaMessage.decode(encoded).application_properties as Record<string, unknown>;
}

describe('AMQP types of decoded application properties', () => {
  it('records the encoding code of every entry of the map rhea returns', () => {
    const decoded = decodedProperties(PROPERTIES);
    assert.deepEqual(Object.fromEntries(amqpCodesOf(decoded) ?? []), EXPECTED_CODES);
    assert.deepEqual(amqpTypesOf(decoded), {
      longSmall: 'long', longWide: 'long', longHuge: 'long', longNegative: 'long', int: 'int', intSmall: 'int', short: 'short', byte: 'byte', ubyte: 'ubyte',
      ushort: 'ushort', uint: 'uint', ulong: 'ulong', ulongHuge: 'ulong', doubleWhole: 'double', doubleFraction: 'double', float: 'float',
      booleanTrue: 'boolean', booleanByte: 'boolean', string: 'string', symbol: 'symbol', uuid: 'uuid', timestamp: 'timestamp',
      binary: 'binary', char: 'char', decimal: 'decimal64', nothing: 'null',
    });
  });

  it('changes no decoded value: rhea still hands over its plain JS values', () => {
    const decoded = decodedProperties(PROPERTIES);
    assert.equal(decoded.longSmall, 5);
    assert.equal(decoded.doubleWhole, 3);
    assert.deepEqual(decoded.longHuge, longBytes(2n ** 60n + 3n));
    assert.deepEqual(decoded.uuid, UUID);
    assert.equal(decoded.symbol, 'sym');
    assert.equal(decoded.char, 0x1f600);
    assert.equal(decoded.booleanByte, 0, 'rhea hands a one-byte boolean over as its byte');
    assert.deepEqual(decoded.timestamp, new Date(Date.UTC(2024, 4, 1, 10, 0, 0, 123)));
  });

  it('knows nothing of a map rhea did not decode (such as a copy of one)', () => {
    const decoded = decodedProperties(PROPERTIES);
    assert.equal(amqpTypesOf({ ...decoded }), undefined);
    assert.equal(amqpCodesOf({ a: 1 }), undefined);
  });

  it('a copy built with typedForSending encodes every entry with its original code and value', () => {
    const original = decodedProperties(PROPERTIES);
    const copy = decodedProperties(typedForSending(original));
    assert.deepEqual(Object.fromEntries(amqpCodesOf(copy) ?? []), EXPECTED_CODES);
    assert.deepEqual(copy, original);
  });

  it('without the recorded types the same copy changes types (what the recorder is for)', () => {
    const original = decodedProperties(PROPERTIES);
    const plain = amqpCodesOf(decodedProperties({ ...original })) ?? new Map<string, number>();
    assert.equal(plain.get('longSmall'), 0x52, 'a long 5 re-sent as a plain number becomes a uint');
    assert.equal(plain.get('uuid'), 0xa0, 'a uuid re-sent as its bytes becomes binary');
    assert.equal(plain.get('longHuge'), 0xa0, 'a long beyond 2^53 re-sent as its bytes becomes binary');
  });

  it('typedForSending leaves out the names asked for and copies entries of an unknown map unchanged', () => {
    const original = decodedProperties({ keep: types.wrap_short(1), DeadLetterReason: 'x' });
    const copy = decodedProperties(typedForSending(original, ['DeadLetterReason']));
    assert.deepEqual(Object.fromEntries(amqpCodesOf(copy) ?? []), { keep: 0x61 });
    const unknown = { a: 1, b: 'two' };
    assert.deepEqual(typedForSending(unknown), unknown);
  });

  it('names the AMQP type of each encoding code, and none for a code AMQP does not define', () => {
    assert.equal(amqpTypeOfCode(0x55), 'long');
    assert.equal(amqpTypeOfCode(0xb3), 'symbol');
    assert.equal(amqpTypeOfCode(0x99), undefined);
  });
});
