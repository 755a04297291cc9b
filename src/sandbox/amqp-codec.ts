// Byte-level handling of AMQP messages: the broker keeps what senders wrote and only rewrites
// the sections a broker owns (header delivery count, message annotations), so bodies round-trip
// byte for byte.
import { message as rheaMessage, types } from 'rhea';
import type { Reader as RheaReader, Typed, Writer as RheaWriter } from 'rhea/typings/types';

const Reader = (types as unknown as { Reader: new (buffer: Buffer) => RheaReader }).Reader;
const Writer = (types as unknown as { Writer: new () => RheaWriter }).Writer;

const SECTION_CODES: Record<string, number> = {
  'amqp:header:list': 0x70,
  'amqp:delivery-annotations:map': 0x71,
  'amqp:message-annotations:map': 0x72,
  'amqp:properties:list': 0x73,
  'amqp:application-properties:map': 0x74,
  'amqp:data:binary': 0x75,
  'amqp:amqp-sequence:list': 0x76,
  'amqp:value:*': 0x77,
  'amqp:footer:map': 0x78,
};

/** An encoded message cut into its sections (each slice still encoded). */
export interface MessageSections {
  header?: Buffer;
  messageAnnotations?: Buffer;
  properties?: Buffer;
  applicationProperties?: Buffer;
  /** Every body section, untouched. */
  body: Buffer;
  footer?: Buffer;
}

function sectionCode(descriptor: unknown): number {
  const value = (descriptor as { value?: unknown } | undefined)?.value;
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string' && SECTION_CODES[value] !== undefined) {
    return SECTION_CODES[value];
  }
  throw new Error('Unrecognised AMQP message section.');
}

function slices(encoded: Buffer): Array<{ code: number; bytes: Buffer }> {
  const reader = new Reader(encoded);
  const result: Array<{ code: number; bytes: Buffer }> = [];
  while (reader.remaining() > 0) {
    const start = reader.position;
    const section = reader.read() as unknown as { descriptor?: unknown };
    result.push({ code: sectionCode(section.descriptor), bytes: encoded.subarray(start, reader.position) });
  }
  return result;
}

export function splitSections(encoded: Buffer): MessageSections {
  const sections: MessageSections = { body: Buffer.alloc(0) };
  const body: Buffer[] = [];
  for (const { code, bytes } of slices(encoded)) {
    switch (code) {
      case 0x70: sections.header = bytes; break;
      case 0x71: break; // delivery annotations are for one hop only
      case 0x72: sections.messageAnnotations = bytes; break;
      case 0x73: sections.properties = bytes; break;
      case 0x74: sections.applicationProperties = bytes; break;
      case 0x78: sections.footer = bytes; break;
      default: body.push(bytes);
    }
  }
  sections.body = Buffer.concat(body);
  return sections;
}

/** The inner messages of a batch delivery (message format 0x80013700): one per data section. */
export function unpackBatch(envelope: Buffer): Buffer[] {
  const body = rheaMessage.decode(envelope).body as { typecode?: number; content?: unknown; multiple?: boolean } | undefined;
  if (!body || body.typecode !== 0x75) {
    throw new Error('A batch must carry its messages in data sections.');
  }
  return (body.multiple ? (body.content as Buffer[]) : [body.content as Buffer]).map((b) => Buffer.from(b));
}

/** What the broker stamps on a message as it hands it out. */
export interface BrokerStamp {
  sequenceNumber: bigint;
  enqueuedTime: Date;
  deliveryCount: number;
  lockedUntil?: Date;
  deadLetterSource?: string;
  /** Set on dead-lettered copies: the SDK reads these from the application properties. */
  deadLetter?: { reason?: string; description?: string };
  /** A scheduled message still waiting: x-opt-message-state 2, as Service Bus marks it. */
  scheduled?: boolean;
}

type Decoded = Record<string, unknown>;

function decodeSections(...parts: Array<Buffer | undefined>): Decoded {
  const present = parts.filter((p): p is Buffer => p !== undefined);
  return present.length > 0 ? (rheaMessage.decode(Buffer.concat(present)) as Decoded) : {};
}

/** Encodes the given fields with rhea and keeps only the sections that are not the (dummy) body. */
function encodeNonBody(fields: Decoded): Map<number, Buffer> {
  const encoded = rheaMessage.encode({ ...fields, body: null });
  return new Map(slices(encoded).filter((s) => s.code !== 0x77).map((s) => [s.code, s.bytes]));
}

const HEADER_FIELDS = ['durable', 'priority', 'ttl', 'first_acquirer'] as const;

/** The message as a receiver or a peek sees it: the sender's sections plus the broker's annotations. */
export function encodeForDelivery(sections: MessageSections, stamp: BrokerStamp): Buffer {
  const original = decodeSections(sections.header, sections.messageAnnotations);
  const annotations: Decoded = {
    ...((original.message_annotations as Decoded | undefined) ?? {}),
    'x-opt-sequence-number': types.wrap_long(Number(stamp.sequenceNumber)),
    'x-opt-enqueued-time': stamp.enqueuedTime,
  };
  if (stamp.lockedUntil) {
    annotations['x-opt-locked-until'] = stamp.lockedUntil;
  }
  if (stamp.deadLetterSource !== undefined) {
    annotations['x-opt-deadletter-source'] = stamp.deadLetterSource;
  }
  if (stamp.scheduled === true) {
    annotations['x-opt-message-state'] = 2;
  }
  const fields: Decoded = { delivery_count: stamp.deliveryCount, message_annotations: annotations };
  for (const name of HEADER_FIELDS) {
    if (original[name] !== undefined) {
      fields[name] = original[name];
    }
  }
  let applicationProperties = sections.applicationProperties;
  if (stamp.deadLetter) {
    const added: Record<string, string> = {};
    if (stamp.deadLetter.reason !== undefined) {
      added.DeadLetterReason = stamp.deadLetter.reason;
    }
    if (stamp.deadLetter.description !== undefined) {
      added.DeadLetterErrorDescription = stamp.deadLetter.description;
    }
    applicationProperties = withAddedApplicationProperties(applicationProperties, added);
  }
  const rewritten = encodeNonBody(fields);
  const parts = [rewritten.get(0x70), rewritten.get(0x72), sections.properties, applicationProperties, sections.body, sections.footer];
  return Buffer.concat(parts.filter((p): p is Buffer => p !== undefined));
}

/** The entries of an encoded application-properties map: name, and key and value still as rhea Typed (as the sender encoded them). */
function applicationPropertyEntries(section: Buffer | undefined): Array<{ name: string; key: Typed; value: Typed }> {
  const elements = section === undefined ? [] : (new Reader(section).read().value as Typed[]);
  const entries = [];
  for (let i = 0; i + 1 < elements.length; i += 2) {
    entries.push({ name: String(types.unwrap(elements[i])), key: elements[i], value: elements[i + 1] });
  }
  return entries;
}

/**
 * The application-properties section with string entries added (replacing any of the same name),
 * every other entry re-written exactly as it was encoded: decoding the map to JS values and
 * encoding it again would turn a long 5 into an int, a uuid into binary.
 */
function withAddedApplicationProperties(section: Buffer | undefined, added: Record<string, string>): Buffer {
  const items: Typed[] = [];
  for (const { name, key, value } of applicationPropertyEntries(section)) {
    if (!(name in added)) {
      items.push(key, value);
    }
  }
  for (const [name, value] of Object.entries(added)) {
    items.push(types.wrap_string(name), types.wrap_string(value));
  }
  const map = types.described(types.wrap_ulong(0x74), (types as unknown as { Map32: (items: Typed[]) => Typed }).Map32(items));
  const writer = new Writer();
  writer.write(map);
  return writer.toBuffer();
}

/** A stored message's application properties as the sender encoded them: each value with its AMQP type code. */
export function applicationPropertiesAsEncoded(sections: MessageSections): Record<string, { typecode: number; value: unknown }> {
  const entries = applicationPropertyEntries(sections.applicationProperties);
  return Object.fromEntries(entries.map(({ name, value }) => [name, { typecode: value.type.typecode, value: types.unwrap(value) }]));
}

/** The sender's x-opt-scheduled-enqueue-time annotation, when it set one. */
export function scheduledEnqueueTimeOf(sections: MessageSections): Date | undefined {
  const annotations = decodeSections(sections.messageAnnotations).message_annotations as Decoded | undefined;
  const value = annotations?.['x-opt-scheduled-enqueue-time'];
  return value instanceof Date ? value : typeof value === 'number' ? new Date(value) : undefined;
}

/** Service Bus gives a message without a message id one when it accepts it; so does the sandbox. */
export function withMessageId(sections: MessageSections, newId: () => string): MessageSections {
  const properties = decodeSections(sections.properties);
  if (properties.message_id !== undefined && properties.message_id !== null) {
    return sections;
  }
  const rewritten = encodeNonBody({ ...properties, message_id: newId() });
  return { ...sections, properties: rewritten.get(0x73) };
}

/** The encoded form of a message built inside the sandbox (seeding). */
export function encodeMessage(fields: Decoded): Buffer {
  return rheaMessage.encode(fields);
}
