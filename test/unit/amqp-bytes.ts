// A 64-bit integer as the eight big-endian bytes rhea decodes a long or ulong beyond 2^53 to.
export function longBytes(value: bigint, signed = true): Buffer {
  const bytes = Buffer.alloc(8);
  if (signed) {
    bytes.writeBigInt64BE(value);
  } else {
    bytes.writeBigUInt64BE(value);
  }
  return bytes;
}
