// Application properties of every AMQP type (and several encodings of some), as another client
// may send them, with the encoding code each must keep: shared by the unit tests of the type
// recorder and the integration test of resubmitted copies.
import { types } from 'rhea';

/** A 64-bit integer as the eight big-endian bytes rhea decodes a long or ulong beyond 2^53 to. */
export function longBytes(value: bigint, signed = true): Buffer {
  const bytes = Buffer.alloc(8);
  if (signed) {
    bytes.writeBigInt64BE(value);
  } else {
    bytes.writeBigUInt64BE(value);
  }
  return bytes;
}

export const SAMPLE_UUID = Buffer.from('0f8fad5bd9cb469fa16570867728950e', 'hex');

// rhea's typings do not declare these constructors (a boolean in its one-byte encoding, a decimal64).
const typeConstructors = types as unknown as Record<'Decimal64' | 'Boolean', (value: unknown) => unknown>;

export const TYPED_PROPERTIES = {
  longSmall: types.wrap_long(5),
  longWide: types.wrap_long(300),
  longHuge: types.wrap_long(longBytes(2n ** 60n + 3n)),
  longNegative: types.wrap_long(-(2 ** 40)),
  int: types.wrap_int(70_000),
  intSmall: types.wrap_int(5),
  short: types.wrap_short(-3),
  byte: types.wrap_byte(-7),
  ubyte: types.wrap_ubyte(200),
  ushort: types.wrap_ushort(60_000),
  uint: types.wrap_uint(4_000_000_000),
  ulong: types.wrap_ulong(2 ** 40),
  ulongHuge: types.wrap_ulong(longBytes(2n ** 64n - 1n, false)),
  doubleWhole: types.wrap_double(3),
  doubleFraction: types.wrap_double(0.1),
  float: types.wrap_float(0.1),
  booleanTrue: types.wrap_boolean(true),
  booleanByte: typeConstructors.Boolean(0),
  string: 'text',
  symbol: types.wrap_symbol('sym'),
  uuid: types.wrap_uuid(SAMPLE_UUID),
  timestamp: types.wrap_timestamp(Date.UTC(2024, 4, 1, 10, 0, 0, 123)),
  binary: types.wrap_binary(Buffer.from([1, 2, 3])),
  char: types.wrap_char(0x1f600),
  decimal: typeConstructors.Decimal64(Buffer.from('3040000000000001', 'hex')),
  nothing: null,
};

export const TYPED_PROPERTY_CODES: Record<keyof typeof TYPED_PROPERTIES, number> = {
  longSmall: 0x55, longWide: 0x81, longHuge: 0x81, longNegative: 0x81, int: 0x71, intSmall: 0x54, short: 0x61, byte: 0x51, ubyte: 0x50,
  ushort: 0x60, uint: 0x70, ulong: 0x80, ulongHuge: 0x80, doubleWhole: 0x82, doubleFraction: 0x82, float: 0x72, booleanTrue: 0x41,
  booleanByte: 0x56, string: 0xa1, symbol: 0xa3, uuid: 0x98, timestamp: 0x83, binary: 0xa0, char: 0x73, decimal: 0x84, nothing: 0x40,
};
