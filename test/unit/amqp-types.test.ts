// The AMQP types of application properties: recorded while rhea decodes a message (no network
// here: rhea encodes and decodes in memory, as it does under the SDK), and used again when a
// copy is encoded.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { message as rheaMessage, types } from 'rhea';
import { amqpCodesOf, amqpTypeOfCode, amqpTypesOf, typedForSending } from '../../src/core/servicebus/amqp-types';
import { longBytes } from './amqp-bytes';

const typeConstructors = types as unknown as Record<'Decimal64' | 'Boolean', (value: unknown) => unknown>;

const UUID = Buffer.from('0f8fad5bd9cb469fa16570867728950e', 'hex');

/** One property of each AMQP type (and several encodings of some), as another client may send them. */
const PROPERTIES = {
  longSmall: types.wrap_long(5),
  longWide: types.wrap_long(300),
  longHuge: types.wrap_long(longBytes(2n ** 60n + 3n)),
  int: types.wrap_int(70_000),
  intSmall: types.wrap_int(5),
  short: types.wrap_short(-3),
  byte: types.wrap_byte(-7),
  ubyte: types.wrap_ubyte(200),
  ushort: types.wrap_ushort(60_000),
  uint: types.wrap_uint(4_000_000_000),
  ulongHuge: types.wrap_ulong(longBytes(2n ** 64n - 1n, false)),
  doubleWhole: types.wrap_double(3),
  doubleFraction: types.wrap_double(0.1),
  float: types.wrap_float(0.1),
  booleanTrue: types.wrap_boolean(true),
  booleanByte: typeConstructors.Boolean(1),
  string: 'text',
  symbol: types.wrap_symbol('sym'),
  uuid: types.wrap_uuid(UUID),
  timestamp: types.wrap_timestamp(Date.UTC(2024, 4, 1, 10, 0, 0, 123)),
  binary: types.wrap_binary(Buffer.from([1, 2, 3])),
  char: types.wrap_char(0x1f600),
  decimal: typeConstructors.Decimal64(Buffer.from('3040000000000001', 'hex')),
  nothing: null,
};

const EXPECTED_CODES: Record<keyof typeof PROPERTIES, number> = {
  longSmall: 0x55, longWide: 0x81, longHuge: 0x81, int: 0x71, intSmall: 0x54, short: 0x61, byte: 0x51, ubyte: 0x50, ushort: 0x60,
  uint: 0x70, ulongHuge: 0x80, doubleWhole: 0x82, doubleFraction: 0x82, float: 0x72, booleanTrue: 0x41, booleanByte: 0x56,
  string: 0xa1, symbol: 0xa3, uuid: 0x98, timestamp: 0x83, binary: 0xa0, char: 0x73, decimal: 0x84, nothing: 0x40,
};

function decodedProperties(properties: Record<string, unknown>): Record<string, unknown> {
  const encoded = rheaMessage.encode({ body: 'x', application_properties: properties } as Parameters<typeof rheaMessage.encode>[0]);
  return rheaMessage.decode(encoded).application_properties as Record<string, unknown>;
}

describe('AMQP types of decoded application properties', () => {
  it('records the encoding code of every entry of the map rhea returns', () => {
    const decoded = decodedProperties(PROPERTIES);
    assert.deepEqual(Object.fromEntries(amqpCodesOf(decoded) ?? []), EXPECTED_CODES);
    assert.deepEqual(amqpTypesOf(decoded), {
      longSmall: 'long', longWide: 'long', longHuge: 'long', int: 'int', intSmall: 'int', short: 'short', byte: 'byte', ubyte: 'ubyte',
      ushort: 'ushort', uint: 'uint', ulongHuge: 'ulong', doubleWhole: 'double', doubleFraction: 'double', float: 'float',
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
    assert.equal(decoded.booleanByte, 1);
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
