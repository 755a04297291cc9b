// Strings sent by older .NET Service Bus SDKs (WindowsAzure.ServiceBus: `new BrokeredMessage("...")`)
// arrive wrapped by DataContractSerializer in .NET Binary XML ([MC-NBFX]):
//   <string xmlns="http://schemas.microsoft.com/2003/10/Serialization/">text</string>
// encoded as records:
//   40 06 "string"            ShortElement, name as a String (MultiByteInt31 length + UTF-8)
//   08 33 "http://...ation/"  ShortXmlnsAttribute, the namespace as a String (51 bytes)
//   99 len8 text              Chars8TextWithEndElement (UTF-8, UINT8 length); 9B: UINT16 LE
//                             length; 9D: INT32 LE length; B7/B9/BB: UTF-16LE with 8/16/32-bit
//                             byte lengths; A9: EmptyTextWithEndElement. The even code of each is
//                             the same text without the end, followed by more text or 01 EndElement.
// This reader accepts exactly that shape and names what it found otherwise: serialised objects
// (any other element) are not unwrapped.

export const SERIALIZATION_NAMESPACE = 'http://schemas.microsoft.com/2003/10/Serialization/';

const SHORT_ELEMENT = 0x40;
const SHORT_XMLNS_ATTRIBUTE = 0x08;
const END_ELEMENT = 0x01;
const EMPTY_TEXT = 0xa8;
const CHARS8_TEXT = 0x98;
const CHARS16_TEXT = 0x9a;
const CHARS32_TEXT = 0x9c;
const UNICODE_CHARS8_TEXT = 0xb6;
const UNICODE_CHARS16_TEXT = 0xb8;
const UNICODE_CHARS32_TEXT = 0xba;

export type DataContractResult = { ok: true; text: string } | { ok: false; problem: string };

class Truncated extends Error {}

/**
 * True when the bytes start like a binary XML element (ShortElement with an XML name followed by
 * an attribute, text or end record), so text that merely begins with '@' is not mistaken for it.
 */
export function looksLikeBinaryXml(bytes: Uint8Array): boolean {
  if (bytes.length < 3 || bytes[0] !== SHORT_ELEMENT) {
    return false;
  }
  const nameLength = bytes[1];
  if (nameLength === 0 || nameLength > 0x7f || bytes.length < 3 + nameLength) {
    return false;
  }
  const name = String.fromCharCode(...bytes.subarray(2, 2 + nameLength));
  const next = bytes[2 + nameLength];
  const isRecord = next === END_ELEMENT || (next >= 0x04 && next <= 0x0b) || (next >= 0x80 && next <= 0xbd);
  return /^[A-Za-z_][\w.-]*$/.test(name) && isRecord;
}

/** Reads `<string xmlns="...Serialization/">text</string>` in .NET Binary XML. */
export function readDataContractString(bytes: Uint8Array): DataContractResult {
  const reader = new RecordReader(bytes);
  try {
    if (reader.byte() !== SHORT_ELEMENT) {
      return { ok: false, problem: 'The binary XML does not start with an element.' };
    }
    const name = reader.string();
    if (name !== 'string') {
      return { ok: false, problem: `The binary XML holds a serialised <${name}> element, not a string; only strings are unwrapped.` };
    }
    if (reader.byte() !== SHORT_XMLNS_ATTRIBUTE) {
      return { ok: false, problem: 'The binary XML <string> element has no default namespace declaration.' };
    }
    const namespace = reader.string();
    if (namespace !== SERIALIZATION_NAMESPACE) {
      return { ok: false, problem: `The binary XML <string> element is in namespace "${namespace}", not the DataContract serialization namespace.` };
    }
    const text = reader.textUntilEndElement();
    if (reader.remaining() > 0) {
      return { ok: false, problem: `${reader.remaining()} bytes follow the binary XML </string>.` };
    }
    return { ok: true, text };
  } catch (error) {
    if (error instanceof Truncated) {
      return { ok: false, problem: `The binary XML ends early: ${bytes.length} bytes, cut off inside the <string> element.` };
    }
    return { ok: false, problem: (error as Error).message };
  }
}

class RecordReader {
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {}

  remaining(): number {
    return this.bytes.length - this.at;
  }

  byte(): number {
    if (this.at >= this.bytes.length) {
      throw new Truncated();
    }
    return this.bytes[this.at++];
  }

  take(length: number): Uint8Array {
    if (length < 0 || this.at + length > this.bytes.length) {
      throw new Truncated();
    }
    const part = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return part;
  }

  /** MultiByteInt31: 7 bits a byte, least significant group first, high bit set on all but the last. */
  multiByteInt31(): number {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      const b = this.byte();
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        return value;
      }
    }
    throw new Error('The binary XML has a malformed length (MultiByteInt31 longer than 5 bytes).');
  }

  string(): string {
    return utf8(this.take(this.multiByteInt31()));
  }

  littleEndian(size: 1 | 2 | 4): number {
    const part = this.take(size);
    let value = 0;
    for (let i = size - 1; i >= 0; i--) {
      value = value * 256 + part[i];
    }
    // Chars32Text's length is a signed INT32; a negative one is malformed.
    if (size === 4 && value > 0x7fffffff) {
      throw new Error('The binary XML has a negative text length.');
    }
    return value;
  }

  /** Text records up to the end of the element; each may carry the end itself (odd record code). */
  textUntilEndElement(): string {
    let text = '';
    for (;;) {
      const record = this.byte();
      if (record === END_ELEMENT) {
        return text;
      }
      const base = record & ~1;
      text += this.textRecord(base, record);
      if (record & 1) {
        return text;
      }
    }
  }

  private textRecord(base: number, record: number): string {
    switch (base) {
      case EMPTY_TEXT:
        return '';
      case CHARS8_TEXT:
        return utf8(this.take(this.littleEndian(1)));
      case CHARS16_TEXT:
        return utf8(this.take(this.littleEndian(2)));
      case CHARS32_TEXT:
        return utf8(this.take(this.littleEndian(4)));
      case UNICODE_CHARS8_TEXT:
        return utf16(this.take(this.littleEndian(1)));
      case UNICODE_CHARS16_TEXT:
        return utf16(this.take(this.littleEndian(2)));
      case UNICODE_CHARS32_TEXT:
        return utf16(this.take(this.littleEndian(4)));
      default:
        throw new Error(`The binary XML <string> element holds record 0x${record.toString(16).padStart(2, '0')}, not text.`);
    }
  }
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('The binary XML holds text that is not valid UTF-8.');
  }
}

function utf16(bytes: Uint8Array): string {
  if (bytes.length % 2 !== 0) {
    throw new Error('The binary XML holds UTF-16 text with an odd number of bytes.');
  }
  try {
    return new TextDecoder('utf-16le', { fatal: true }).decode(bytes);
  } catch {
    throw new Error('The binary XML holds UTF-16 text with an unpaired surrogate.');
  }
}
