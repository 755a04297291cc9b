// Application property values typed for display. AMQP carries a type with every value; the SDK
// hands them over as JS values, so this reads the type back from what survives: a Date is a
// timestamp, a bigint or a Long object a long, a whole number an int (or a long beyond 32 bits),
// any other number a double. Values stay exact: an unsafe long is decimal text, never a float.
import type { TypedValue } from './model';

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
    // rhea (under the SDK) reads longs up to 2^53 + 2^32 into a double, so the last digits may be off.
    const exact = BigInt(value).toString();
    return { type: 'long', value: exact, display: exact, note: 'Beyond 2^53: this long arrived as a floating-point number and may have been rounded.' };
  }
  if (Number.isInteger(value)) {
    return { type: value >= INT32_MIN && value <= INT32_MAX ? 'int' : 'long', value, display: String(value) };
  }
  return { type: 'double', value, display: String(value) };
}

/** A long: a number when it is safe, else its exact decimal text. */
export function typeLong(value: bigint): TypedValue {
  const safe = value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER);
  return { type: 'long', value: safe ? Number(value) : value.toString(), display: value.toString() };
}

export function typeBinary(bytes: Uint8Array): TypedValue {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  const shown = bytes.length > 32 ? `${hex.slice(0, 64)}…` : hex;
  return { type: 'binary', value: hex, display: `${bytes.length} bytes: ${shown}` };
}

/** RFC 4122 text of 16 bytes in network order (how AMQP encodes a uuid). */
export function typeUuid(bytes: Uint8Array): TypedValue {
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
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
