// Test vectors for .NET Binary XML ([MC-NBFX]) written by hand from the spec, as
// DataContractSerializer + XmlDictionaryWriter.CreateBinaryWriter (no dictionary) lay out a string:
//   40 06 73 74 72 69 6e 67        ShortElement (0x40), name "string" (MultiByteInt31 length 6)
//   08 33 68 74 74 70 ... 2f       ShortXmlnsAttribute (0x08), value: the 51-byte (0x33) namespace
//                                  http://schemas.microsoft.com/2003/10/Serialization/
//   99 0b 48 65 6c 6c 6f ...       Chars8TextWithEndElement (0x99), UINT8 length 11, "Hello World"
// Longer text uses 9b (Chars16TextWithEndElement, UINT16 LE length) or 9d (Chars32, INT32 LE).

export const SERIALIZATION_NS = 'http://schemas.microsoft.com/2003/10/Serialization/';

/** "Hello World" as BrokeredMessage("Hello World") carries it, byte for byte. */
export const HELLO_WORLD_HEX =
  '4006737472696e67' +
  '0833' + Buffer.from(SERIALIZATION_NS, 'latin1').toString('hex') +
  '990b' + Buffer.from('Hello World').toString('hex');

function header(elementName = 'string', namespace = SERIALIZATION_NS): Buffer {
  const name = Buffer.from(elementName, 'utf8');
  const ns = Buffer.from(namespace, 'utf8');
  return Buffer.concat([Buffer.from([0x40, name.length]), name, Buffer.from([0x08, ns.length]), ns]);
}

function le(value: number, size: 1 | 2 | 4): Buffer {
  const b = Buffer.alloc(size);
  b.writeUIntLE(value, 0, size);
  return b;
}

/** A text record: the UTF-8 (or UTF-16LE) record whose length field fits, with or without the end element. */
export function textRecord(text: string, options: { withEnd?: boolean; unicode?: boolean; size?: 1 | 2 | 4 } = {}): Buffer {
  const bytes = Buffer.from(text, options.unicode ? 'utf16le' : 'utf8');
  const size = options.size ?? (bytes.length <= 0xff ? 1 : bytes.length <= 0xffff ? 2 : 4);
  const base = (options.unicode ? { 1: 0xb6, 2: 0xb8, 4: 0xba } : { 1: 0x98, 2: 0x9a, 4: 0x9c })[size];
  return Buffer.concat([Buffer.from([base + ((options.withEnd ?? true) ? 1 : 0)]), le(bytes.length, size), bytes]);
}

/** <string xmlns="...Serialization/">text</string> with one text record that closes the element. */
export function dataContractString(text: string, options: { unicode?: boolean; size?: 1 | 2 | 4 } = {}): Buffer {
  return Buffer.concat([header(), textRecord(text, { ...options, withEnd: true })]);
}

/** The same, text split over several records and closed by a separate EndElement (0x01). */
export function dataContractSplit(parts: string[]): Buffer {
  return Buffer.concat([header(), ...parts.map((p) => textRecord(p, { withEnd: false })), Buffer.from([0x01])]);
}

export function dataContractElement(elementName: string, namespace: string, rest: Buffer): Buffer {
  return Buffer.concat([header(elementName, namespace), rest]);
}
