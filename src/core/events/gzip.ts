// gzip (RFC 1952) around DEFLATE (RFC 1951), read synchronously in plain TypeScript: the body
// decoder is synchronous and runs in the webview too, where neither node:zlib nor a synchronous
// DecompressionStream exists. Output is capped, so a small body cannot expand without bound, and
// every failure names what was wrong (ends early, bad checksum, too large).

export class GzipError extends Error {}

const GZIP_ID1 = 0x1f;
const GZIP_ID2 = 0x8b;
const DEFLATE_METHOD = 8;
const FLAG_HCRC = 0x02;
const FLAG_EXTRA = 0x04;
const FLAG_NAME = 0x08;
const FLAG_COMMENT = 0x10;

export function looksLikeGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === GZIP_ID1 && bytes[1] === GZIP_ID2;
}

/** Every member of a gzip stream, inflated and checked (CRC-32 and length), at most maxOutput bytes. */
export function gunzip(bytes: Uint8Array, maxOutput: number): Uint8Array {
  const out = new Output(maxOutput);
  let at = 0;
  do {
    at = readMember(bytes, at, out);
  } while (at < bytes.length && looksLikeGzip(bytes.subarray(at)));
  if (at < bytes.length) {
    throw new GzipError(`${bytes.length - at} bytes follow the gzip data.`);
  }
  return out.bytes();
}

function readMember(bytes: Uint8Array, start: number, out: Output): number {
  const need = (n: number, at: number): void => {
    if (at + n > bytes.length) {
      throw new GzipError('The gzip data ends early (truncated header).');
    }
  };
  need(10, start);
  if (!looksLikeGzip(bytes.subarray(start))) {
    throw new GzipError('The data does not start with the gzip signature 1f 8b.');
  }
  if (bytes[start + 2] !== DEFLATE_METHOD) {
    throw new GzipError(`The gzip data uses compression method ${bytes[start + 2]}, not deflate (8).`);
  }
  const flags = bytes[start + 3];
  let at = start + 10;
  if (flags & FLAG_EXTRA) {
    need(2, at);
    at += 2 + (bytes[at] | (bytes[at + 1] << 8));
  }
  for (const flag of [FLAG_NAME, FLAG_COMMENT]) {
    if (flags & flag) {
      while (at < bytes.length && bytes[at] !== 0) {
        at += 1;
      }
      at += 1;
    }
  }
  if (flags & FLAG_HCRC) {
    at += 2;
  }
  need(0, at);
  const memberStart = out.length;
  const reader = new BitReader(bytes, at);
  inflate(reader, out);
  at = reader.alignedPosition();
  need(8, at);
  const expectedCrc = readUint32LE(bytes, at);
  const expectedSize = readUint32LE(bytes, at + 4);
  const member = out.bytes().subarray(memberStart);
  if (member.length % 2 ** 32 !== expectedSize) {
    throw new GzipError(`The gzip data says ${expectedSize} bytes but inflates to ${member.length}.`);
  }
  if (crc32(member) !== expectedCrc) {
    throw new GzipError('The gzip checksum (CRC-32) does not match: the data is damaged.');
  }
  return at + 8;
}

function readUint32LE(bytes: Uint8Array, at: number): number {
  return (bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24)) >>> 0;
}

class Output {
  private buffer: Uint8Array;
  length = 0;

  constructor(private readonly max: number) {
    this.buffer = new Uint8Array(Math.min(1024, max));
  }

  push(byte: number): void {
    if (this.length === this.buffer.length) {
      this.grow();
    }
    this.buffer[this.length++] = byte;
  }

  /** Copies `length` bytes starting `distance` back (an LZ77 back-reference; may overlap itself). */
  copyBack(distance: number, length: number): void {
    if (distance > this.length) {
      throw new GzipError('The deflate data refers back before its start: the data is damaged.');
    }
    for (let i = 0; i < length; i++) {
      this.push(this.buffer[this.length - distance]);
    }
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, this.length);
  }

  private grow(): void {
    if (this.length >= this.max) {
      throw new GzipError(`The gzip data inflates to more than ${this.max} bytes.`);
    }
    const next = new Uint8Array(Math.min(this.buffer.length * 2, this.max));
    next.set(this.buffer);
    this.buffer = next;
  }
}

class BitReader {
  private bitBuffer = 0;
  private bitCount = 0;

  constructor(
    private readonly bytes: Uint8Array,
    private position: number,
  ) {}

  /** n bits (n <= 24), least significant first, as DEFLATE packs them. */
  bits(n: number): number {
    while (this.bitCount < n) {
      if (this.position >= this.bytes.length) {
        throw new GzipError('The gzip data ends early (truncated).');
      }
      this.bitBuffer |= this.bytes[this.position++] << this.bitCount;
      this.bitCount += 8;
    }
    const value = this.bitBuffer & ((1 << n) - 1);
    this.bitBuffer >>>= n;
    this.bitCount -= n;
    return value;
  }

  /** Drops the bits left in the current byte and returns the next byte's position. */
  alignedPosition(): number {
    this.bitBuffer = 0;
    this.bitCount = 0;
    return this.position;
  }

  byte(): number {
    if (this.position >= this.bytes.length) {
      throw new GzipError('The gzip data ends early (truncated).');
    }
    return this.bytes[this.position++];
  }
}

/** A canonical Huffman code: how many codes of each length, and the symbols in code order. */
interface Huffman {
  counts: Uint16Array;
  symbols: Uint16Array;
}

const MAX_BITS = 15;

function buildHuffman(lengths: ArrayLike<number>): Huffman {
  const counts = new Uint16Array(MAX_BITS + 1);
  for (let i = 0; i < lengths.length; i++) {
    counts[lengths[i]] += 1;
  }
  counts[0] = 0;
  const offsets = new Uint16Array(MAX_BITS + 2);
  for (let len = 1; len <= MAX_BITS; len++) {
    offsets[len + 1] = offsets[len] + counts[len];
  }
  const symbols = new Uint16Array(lengths.length);
  for (let symbol = 0; symbol < lengths.length; symbol++) {
    if (lengths[symbol] !== 0) {
      symbols[offsets[lengths[symbol]]++] = symbol;
    }
  }
  return { counts, symbols };
}

/** Reads one symbol bit by bit: codes of each length follow those of the length before. */
function decodeSymbol(reader: BitReader, code: Huffman): number {
  let value = 0;
  let first = 0;
  let index = 0;
  for (let len = 1; len <= MAX_BITS; len++) {
    value |= reader.bits(1);
    const count = code.counts[len];
    if (value - first < count) {
      return code.symbols[index + value - first];
    }
    index += count;
    first = (first + count) << 1;
    value <<= 1;
  }
  throw new GzipError('The deflate data holds an invalid Huffman code: the data is damaged.');
}

const LENGTH_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
const LENGTH_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
const DISTANCE_BASE = [
  1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DISTANCE_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
/** The order code-length code lengths are sent in (RFC 1951 3.2.7). */
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

let fixedCodes: { literals: Huffman; distances: Huffman } | undefined;

function fixed(): { literals: Huffman; distances: Huffman } {
  if (!fixedCodes) {
    const lengths = new Uint8Array(288);
    lengths.fill(8, 0, 144);
    lengths.fill(9, 144, 256);
    lengths.fill(7, 256, 280);
    lengths.fill(8, 280, 288);
    fixedCodes = { literals: buildHuffman(lengths), distances: buildHuffman(new Uint8Array(30).fill(5)) };
  }
  return fixedCodes;
}

function inflate(reader: BitReader, out: Output): void {
  let last: number;
  do {
    last = reader.bits(1);
    const type = reader.bits(2);
    if (type === 0) {
      storedBlock(reader, out);
    } else if (type === 1) {
      const codes = fixed();
      huffmanBlock(reader, out, codes.literals, codes.distances);
    } else if (type === 2) {
      const codes = dynamicCodes(reader);
      huffmanBlock(reader, out, codes.literals, codes.distances);
    } else {
      throw new GzipError('The deflate data has an invalid block type: the data is damaged.');
    }
  } while (!last);
}

function storedBlock(reader: BitReader, out: Output): void {
  reader.alignedPosition();
  const length = reader.byte() | (reader.byte() << 8);
  const check = reader.byte() | (reader.byte() << 8);
  if ((length ^ 0xffff) !== check) {
    throw new GzipError('A stored deflate block has a bad length: the data is damaged.');
  }
  for (let i = 0; i < length; i++) {
    out.push(reader.byte());
  }
}

function dynamicCodes(reader: BitReader): { literals: Huffman; distances: Huffman } {
  const literalCount = reader.bits(5) + 257;
  const distanceCount = reader.bits(5) + 1;
  const codeLengthCount = reader.bits(4) + 4;
  const codeLengthLengths = new Uint8Array(19);
  for (let i = 0; i < codeLengthCount; i++) {
    codeLengthLengths[CODE_LENGTH_ORDER[i]] = reader.bits(3);
  }
  const codeLengthCode = buildHuffman(codeLengthLengths);
  const lengths = new Uint8Array(literalCount + distanceCount);
  let i = 0;
  while (i < lengths.length) {
    const symbol = decodeSymbol(reader, codeLengthCode);
    if (symbol < 16) {
      lengths[i++] = symbol;
      continue;
    }
    let repeat: number;
    let value = 0;
    if (symbol === 16) {
      if (i === 0) {
        throw new GzipError('The deflate data repeats a code length before any: the data is damaged.');
      }
      value = lengths[i - 1];
      repeat = 3 + reader.bits(2);
    } else if (symbol === 17) {
      repeat = 3 + reader.bits(3);
    } else {
      repeat = 11 + reader.bits(7);
    }
    if (i + repeat > lengths.length) {
      throw new GzipError('The deflate code lengths overrun: the data is damaged.');
    }
    lengths.fill(value, i, i + repeat);
    i += repeat;
  }
  return { literals: buildHuffman(lengths.subarray(0, literalCount)), distances: buildHuffman(lengths.subarray(literalCount)) };
}

const END_OF_BLOCK = 256;

function huffmanBlock(reader: BitReader, out: Output, literals: Huffman, distances: Huffman): void {
  for (;;) {
    const symbol = decodeSymbol(reader, literals);
    if (symbol < END_OF_BLOCK) {
      out.push(symbol);
    } else if (symbol === END_OF_BLOCK) {
      return;
    } else {
      const lengthIndex = symbol - 257;
      if (lengthIndex >= LENGTH_BASE.length) {
        throw new GzipError('The deflate data holds an invalid length code: the data is damaged.');
      }
      const length = LENGTH_BASE[lengthIndex] + reader.bits(LENGTH_EXTRA[lengthIndex]);
      const distanceIndex = decodeSymbol(reader, distances);
      if (distanceIndex >= DISTANCE_BASE.length) {
        throw new GzipError('The deflate data holds an invalid distance code: the data is damaged.');
      }
      out.copyBack(DISTANCE_BASE[distanceIndex] + reader.bits(DISTANCE_EXTRA[distanceIndex]), length);
    }
  }
}

let crcTable: Uint32Array | undefined;

function crc32(bytes: Uint8Array): number {
  if (!crcTable) {
    crcTable = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) {
        c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      }
      crcTable[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) {
    crc = crcTable[(crc ^ bytes[i]) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}
