// Application property values typed for display. AMQP carries a type with every value. When the
// Service Bus layer knows it (typeAmqpValue), it is shown as that type; otherwise (saved files,
// tests) typeValue reads the type back from what survives in the JS value: a Date is a timestamp,
// a bigint or a Long object a long, a whole number an int (or a long beyond 32 bits), any other
// number a double. Values stay exact: an unsafe long is decimal text, never a float.
import type { AmqpTypeName, TypedValue } from './model';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

export function typeValue(value: unknown): TypedValue {
  if (value === null || value === undefined) {
    return { type: 'null', value: null, display: 'null' };
  }
  if (typeof value === 'boolean') {
    return { type: 'boolean', value, display: String(value) };
  }
  if (typeof value === 'string') {
    return { type: 'string', value, display: value };
  }
  if (typeof value === 'number') {
    return typeNumber(value);
  }
  if (typeof value === 'bigint') {
    return typeLong(value);
  }
  if (value instanceof Date) {
    const time = value.getTime();
    return Number.isNaN(time)
      ? { type: 'timestamp', value: null, display: 'invalid date' }
      : { type: 'timestamp', value: value.toISOString(), display: value.toISOString() };
  }
  if (value instanceof Uint8Array) {
    return typeBinary(value);
  }
  const long = longObjectValue(value);
  if (long !== undefined) {
    return typeLong(long);
  }
  let display: string;
  try {
    display = JSON.stringify(value) ?? String(value);
  } catch {
    display = String(value);
  }
  return { type: 'other', value: display, display };
}

function typeNumber(value: number): TypedValue {
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    return roundedLong(value, 'long');
  }
  if (Number.isInteger(value)) {
    return { type: value >= INT32_MIN && value <= INT32_MAX ? 'int' : 'long', value, display: String(value) };
  }
  return { type: 'double', value, display: String(value) };
}

/** rhea (under the SDK) reads longs up to 2^53 + 2^32 into a double, so the last digits may be off. */
function roundedLong(value: number, type: 'long' | 'ulong'): TypedValue {
  const exact = BigInt(value).toString();
  return { type, value: exact, display: exact, note: `Beyond 2^53: this ${type} arrived as a floating-point number and may have been rounded.` };
}

/** A long: a number when it is safe, else its exact decimal text. */
export function typeLong(value: bigint, type: 'long' | 'ulong' = 'long'): TypedValue {
  const safe = value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
  return { type, value: safe ? Number(value) : value.toString(), display: value.toString() };
}

const hexOf = (bytes: Uint8Array): string => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');

function typeBinary(bytes: Uint8Array): TypedValue {
  const hex = hexOf(bytes);
  const shown = bytes.length > 32 ? `${hex.slice(0, 64)}…` : hex;
  return { type: 'binary', value: hex, display: `${bytes.length} bytes: ${shown}` };
}

/** RFC 4122 text of 16 bytes in network order (how AMQP encodes a uuid). */
function typeUuid(bytes: Uint8Array): TypedValue {
  const hex = hexOf(bytes);
  const text = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  return { type: 'uuid', value: text, display: text };
}

/** The 'long' package's shape ({low, high, unsigned}), which the SDK uses for sequence numbers. */
function longObjectValue(value: unknown): bigint | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const candidate = value as { low?: unknown; high?: unknown; unsigned?: unknown };
  if (typeof candidate.low !== 'number' || typeof candidate.high !== 'number' || typeof candidate.unsigned !== 'boolean') {
    return undefined;
  }
  const bits = (BigInt(candidate.high >>> 0) << 32n) | BigInt(candidate.low >>> 0);
  return candidate.unsigned ? bits : BigInt.asIntN(64, bits);
}

/**
 * A value shown as the AMQP type it arrived with, from the JS value rhea decoded it to: a long or
 * ulong beyond 2^53 comes as its 8 bytes (read exactly), a uuid as its 16 bytes, a char as its
 * code point, a boolean sometimes as 1 or 0, a float as the double nearest the float. A value of
 * another shape than its type's (which rhea does not produce) is typed by typeValue.
 */
export function typeAmqpValue(value: unknown, type: AmqpTypeName): TypedValue {
  const bytes = value instanceof Uint8Array ? value : undefined;
  switch (type) {
    case 'long':
    case 'ulong':
      if (bytes?.length === 8) {
        const view = new DataView(bytes.buffer, bytes.byteOffset, 8);
        return typeLong(type === 'long' ? view.getBigInt64(0) : view.getBigUint64(0), type);
      }
      if (typeof value === 'number' && Number.isInteger(value)) {
        return Number.isSafeInteger(value) ? typeLong(BigInt(value), type) : roundedLong(value, type);
      }
      break;
    case 'ubyte': case 'ushort': case 'uint': case 'byte': case 'short': case 'int': case 'double':
      if (typeof value === 'number') {
        return { type, value, display: String(value) };
      }
      break;
    case 'float':
      if (typeof value === 'number') {
        const shortest = shortestFloat(value);
        return { type, value: shortest, display: String(shortest) };
      }
      break;
    case 'boolean':
      if (typeof value === 'boolean' || value === 0 || value === 1) {
        return { type, value: Boolean(value), display: String(Boolean(value)) };
      }
      break;
    case 'char':
      if (typeof value === 'number' && value >= 0 && value <= 0x10ffff) {
        const text = String.fromCodePoint(value);
        return { type, value: text, display: text };
      }
      break;
    case 'string': case 'symbol':
      if (typeof value === 'string') {
        return { type, value, display: value };
      }
      break;
    case 'uuid':
      if (bytes?.length === 16) {
        return typeUuid(bytes);
      }
      break;
    case 'decimal32': case 'decimal64': case 'decimal128':
      if (bytes !== undefined) {
        const hex = hexOf(bytes);
        return { type, value: hex, display: `0x${hex}`, note: `An IEEE 754 ${type} shown as its raw bytes.` };
      }
      break;
    case 'binary':
      if (bytes !== undefined) {
        return typeBinary(bytes);
      }
      break;
    case 'list': case 'map': case 'array':
      return { ...typeValue(value), type };
    default:
      break; // null and timestamp (a Date) read the same either way
  }
  return typeValue(value);
}

/** The shortest decimal that is the same 32-bit float (0.1, not 0.10000000149011612). */
function shortestFloat(value: number): number {
  for (let digits = 1; digits <= 9; digits++) {
    const candidate = Number(value.toPrecision(digits));
    if (Math.fround(candidate) === value) {
      return candidate;
    }
  }
  return value;
}
