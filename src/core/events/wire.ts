// The wire format of the timeline's `page` message: a page of messages as a few columns instead
// of one object per message. Why it exists: posting 100,000 nested TimelineMessage objects made
// the webview spend over a second in its `message` listener while Chromium deserialised them
// (about 1.5 million small objects, then the garbage collection they cause) before the view could
// derive anything. Columns travel as a handful of typed arrays and long strings, which a browser's
// structured clone and VS Code's webview messaging (typed arrays go as buffers) copy in bulk; the
// webview then builds the objects it works with in one pass. Strings that many messages repeat
// (names, contacts, courses, event types) travel once per read, not once per message: a page
// carries only the ones new to the stream, so encoder and decoder each keep the table of a read
// (one PageEncoder per `reset` the host posts, one PageDecoder per `reset` the webview receives).
// System and application properties, read only by the details pane, stay JSON text per message
// until they are first read. Shared by the extension host (encodes) and the webview (decodes):
// no Node-only APIs.
import type { EventEntry, EventTime, OtherMessage } from './model';
import type { TimelineMessage } from './records';

/** Names the layout: a host and a webview from different builds never misread each other's pages. */
const WIRE_FORMAT = 'ct-events-page/1';

export interface WirePage {
  format: typeof WIRE_FORMAT;
  /** Messages in the page. */
  count: number;
  /** Per message: booleans, enums and which optional parts are present (the F_* bits). */
  flags: Uint32Array;
  /** Per message, NUMBER_COLUMNS numbers (epoch ms, ids, sizes); meaningful only when its flag says so. */
  numbers: Float64Array;
  /** Per message, SHARED_COLUMNS indexes into `table` (or NONE): strings many messages repeat. */
  shared: Uint32Array;
  /** Repeated strings (event types, names, contacts, course names, reasons) new to the stream. */
  table: string[];
  /** Where `table` starts in the stream's table (how many strings earlier pages sent). */
  tableStart: number;
  /**
   * The strings of each message that are its own (sequence number, times, body, properties as
   * JSON...), one after another in the order `decodePage` reads them. Offsets, not a separator:
   * no character is safe from a hostile body.
   */
  text: string;
  /** Where each string of `text` ends (the next one starts there). */
  ends: Uint32Array;
}

/** A page the webview cannot read: a bug or a message that did not come from our host. */
export class WireFormatError extends Error {}

const NONE = 0xffffffff;

// numbers columns
const BODY_SIZE = 0;
const USER_ID = 1;
const COURSE_ID = 2;
const COURSE_ITEM_ID = 3;
const EPOCH_MS = 4;
const OTHER_SIZE = 5;
const NUMBER_COLUMNS = 6;

// shared columns
const EVENT_TYPE = 0;
const FIRST_NAME = 1;
const LAST_NAME = 2;
const CONTACT = 3;
const CONTACT_TYPE = 4;
const COURSE_NAME = 5;
const MODULE_TYPE = 6;
const EXAM_PERCENTAGE = 7;
const OTHER_REASON = 8;
const SHARED_COLUMNS = 9;

// flags: the body's decoding in bits 0-1 and the other message's in bits 19-20 (DECODINGS index)
const DECODINGS = ['json', 'text', 'binary'] as const;
const OTHER_DECODING_SHIFT = 19;
const F_BODY_TRUNCATED = 1 << 2;
const F_ENQUEUED = 1 << 3;
const F_EVENT = 1 << 4;
const F_OTHER = 1 << 5;
const F_KNOWN = 1 << 6;
const F_VALID = 1 << 7;
const F_RERENDER = 1 << 8;
/** The event's sequence number is not the message's (it is in `text`). */
const F_EVENT_OWN_SEQUENCE = 1 << 9;
const F_EVENT_ENQUEUED = 1 << 10;
const F_EVENT_OWN_ENQUEUED = 1 << 11;
const F_USER_ID = 1 << 12;
const F_COURSE_ID = 1 << 13;
const F_COURSE_ITEM_ID = 1 << 14;
const F_TIME = 1 << 15;
/** The time's iso is not its raw text (it is in `text`); likewise its sort key and its iso. */
const F_OWN_ISO = 1 << 16;
const F_OWN_SORT_KEY = 1 << 17;
const F_PROBLEMS = 1 << 18;
const F_OTHER_OWN_SEQUENCE = 1 << 21;
/** parseMessage gives every other message an enqueuedTime key, undefined when the broker set none. */
const F_OTHER_ENQUEUED_KEY = 1 << 22;
const F_OTHER_ENQUEUED = 1 << 23;
const F_OTHER_OWN_ENQUEUED = 1 << 24;
/** The other message's preview is the body text. */
const F_PREVIEW_IS_BODY = 1 << 25;

/** The host's side of one stream of pages (a read, from the `reset` that starts it). */
export class PageEncoder {
  /** Every repeated string sent so far, with its index in the stream's table. */
  private readonly sent = new Map<string, number>();

  /** One page of messages as columns. */
  encode(messages: readonly TimelineMessage[]): WirePage {
    return encodePage(messages, this.sent);
  }
}

function encodePage(messages: readonly TimelineMessage[], tableIndex: Map<string, number>): WirePage {
  const count = messages.length;
  const flags = new Uint32Array(count);
  const numbers = new Float64Array(count * NUMBER_COLUMNS);
  const shared = new Uint32Array(count * SHARED_COLUMNS).fill(NONE);
  const tableStart = tableIndex.size;
  const table: string[] = [];
  const parts: string[] = [];
  const ends: number[] = [];
  let length = 0;
  const own = (value: string): void => {
    parts.push(value);
    length += value.length;
    ends.push(length);
  };
  const share = (at: number, value: string | undefined): void => {
    if (value === undefined) {
      return;
    }
    let index = tableIndex.get(value);
    if (index === undefined) {
      index = tableIndex.size;
      table.push(value);
      tableIndex.set(value, index);
    }
    shared[at] = index;
  };
  for (let i = 0; i < count; i++) {
    const message = messages[i] as TimelineMessage;
    const row = i * NUMBER_COLUMNS;
    const sharedRow = i * SHARED_COLUMNS;
    let f = DECODINGS.indexOf(message.bodyDecoding) | (message.bodyTruncated ? F_BODY_TRUNCATED : 0);
    numbers[row + BODY_SIZE] = message.bodySize;
    own(message.sequenceNumber);
    if (message.enqueuedTime !== undefined) {
      f |= F_ENQUEUED;
      own(message.enqueuedTime);
    }
    own(JSON.stringify(message.properties));
    own(JSON.stringify(message.applicationProperties));
    own(message.bodyText);
    const event = message.event;
    if (event) {
      f |= F_EVENT | (event.known ? F_KNOWN : 0) | (event.valid ? F_VALID : 0) | (event.rerender ? F_RERENDER : 0);
      if (event.sequenceNumber !== message.sequenceNumber) {
        f |= F_EVENT_OWN_SEQUENCE;
        own(event.sequenceNumber);
      }
      if (event.enqueuedTime !== undefined) {
        f |= F_EVENT_ENQUEUED;
        if (event.enqueuedTime !== message.enqueuedTime) {
          f |= F_EVENT_OWN_ENQUEUED;
          own(event.enqueuedTime);
        }
      }
      if (event.problems.length > 0) {
        f |= F_PROBLEMS;
        own(JSON.stringify(event.problems));
      }
      if (event.userId !== undefined) {
        f |= F_USER_ID;
        numbers[row + USER_ID] = event.userId;
      }
      if (event.courseId !== undefined) {
        f |= F_COURSE_ID;
        numbers[row + COURSE_ID] = event.courseId;
      }
      if (event.courseItemId !== undefined) {
        f |= F_COURSE_ITEM_ID;
        numbers[row + COURSE_ITEM_ID] = event.courseItemId;
      }
      const time = event.time;
      if (time) {
        f |= F_TIME;
        numbers[row + EPOCH_MS] = time.epochMs;
        own(time.raw);
        if (time.iso !== time.raw) {
          f |= F_OWN_ISO;
          own(time.iso);
        }
        if (time.sortKey !== time.iso) {
          f |= F_OWN_SORT_KEY;
          own(time.sortKey);
        }
      }
      share(sharedRow + EVENT_TYPE, event.eventType);
      share(sharedRow + FIRST_NAME, event.firstName);
      share(sharedRow + LAST_NAME, event.lastName);
      share(sharedRow + CONTACT, event.contact);
      share(sharedRow + CONTACT_TYPE, event.contactType);
      share(sharedRow + COURSE_NAME, event.courseName);
      share(sharedRow + MODULE_TYPE, event.moduleType);
      share(sharedRow + EXAM_PERCENTAGE, event.examPercentage);
    }
    const other = message.other;
    if (other) {
      f |= F_OTHER | (DECODINGS.indexOf(other.decoding) << OTHER_DECODING_SHIFT);
      numbers[row + OTHER_SIZE] = other.size;
      share(sharedRow + OTHER_REASON, other.reason);
      if (other.sequenceNumber !== message.sequenceNumber) {
        f |= F_OTHER_OWN_SEQUENCE;
        own(other.sequenceNumber);
      }
      if ('enqueuedTime' in other) {
        f |= F_OTHER_ENQUEUED_KEY;
      }
      if (other.enqueuedTime !== undefined) {
        f |= F_OTHER_ENQUEUED;
        if (other.enqueuedTime !== message.enqueuedTime) {
          f |= F_OTHER_OWN_ENQUEUED;
          own(other.enqueuedTime);
        }
      }
      if (other.preview === message.bodyText) {
        f |= F_PREVIEW_IS_BODY;
      } else {
        own(other.preview);
      }
    }
    flags[i] = f;
  }
  return { format: WIRE_FORMAT, count, flags, numbers, shared, table, tableStart, text: parts.join(''), ends: Uint32Array.from(ends) };
}

/** The webview's side of one stream of pages (from the `reset` that starts it). */
export class PageDecoder {
  /** The stream's repeated strings, as the pages so far added them. */
  private readonly table: string[] = [];

  /**
   * The messages of a page, as the objects the rest of the view reads. Throws WireFormatError
   * when the page is not the next one a PageEncoder made (wrong shape, lengths or offsets, or
   * a page of another stream).
   */
  decode(value: unknown): TimelineMessage[] {
    const page = checkedPage(value);
    if (page.tableStart !== this.table.length) {
      throw new WireFormatError(`a page continues a table of ${page.tableStart} strings, but ${this.table.length} arrived`);
    }
    for (const text of page.table) {
      this.table.push(text);
    }
    return decodeMessages(page, this.table);
  }
}

function decodeMessages(page: WirePage, table: readonly string[]): TimelineMessage[] {
  const { count, flags, numbers, shared } = page;
  const text = new PageText(page.text, page.ends);
  const sharedAt = (at: number): string | undefined => {
    const index = shared[at] as number;
    if (index === NONE) {
      return undefined;
    }
    if (index >= table.length) {
      throw new WireFormatError('a page refers to a string it does not hold');
    }
    return table[index];
  };
  const messages = new Array<TimelineMessage>(count);
  for (let i = 0; i < count; i++) {
    const f = flags[i] as number;
    const row = i * NUMBER_COLUMNS;
    const sharedRow = i * SHARED_COLUMNS;
    const sequenceNumber = text.next();
    const enqueuedTime = f & F_ENQUEUED ? text.next() : undefined;
    // The properties' JSON and the body text are read when first needed (details, search).
    const message = new DecodedMessage(sequenceNumber, enqueuedTime, text, text.skip(3), numbers[row + BODY_SIZE] as number, decoding(f), (f & F_BODY_TRUNCATED) !== 0);
    if (f & F_EVENT) {
      const eventType = sharedAt(sharedRow + EVENT_TYPE);
      if (eventType === undefined) {
        throw new WireFormatError('an event without a type');
      }
      const event = new DecodedEvent(f & F_EVENT_OWN_SEQUENCE ? text.next() : sequenceNumber, eventType, (f & F_KNOWN) !== 0, (f & F_VALID) !== 0, (f & F_RERENDER) !== 0);
      if (f & F_EVENT_ENQUEUED) {
        event.enqueuedTime = f & F_EVENT_OWN_ENQUEUED ? text.next() : enqueuedTime;
      }
      if (f & F_PROBLEMS) {
        event.problems = problemList(text.next());
      }
      event.firstName = sharedAt(sharedRow + FIRST_NAME);
      event.lastName = sharedAt(sharedRow + LAST_NAME);
      event.contact = sharedAt(sharedRow + CONTACT);
      event.contactType = sharedAt(sharedRow + CONTACT_TYPE);
      event.courseName = sharedAt(sharedRow + COURSE_NAME);
      event.moduleType = sharedAt(sharedRow + MODULE_TYPE);
      event.examPercentage = sharedAt(sharedRow + EXAM_PERCENTAGE);
      if (f & F_USER_ID) {
        event.userId = numbers[row + USER_ID];
      }
      if (f & F_COURSE_ID) {
        event.courseId = numbers[row + COURSE_ID];
      }
      if (f & F_COURSE_ITEM_ID) {
        event.courseItemId = numbers[row + COURSE_ITEM_ID];
      }
      if (f & F_TIME) {
        event.time = new DecodedTime(numbers, row + EPOCH_MS, text, text.skip(1 + (f & F_OWN_ISO ? 1 : 0) + (f & F_OWN_SORT_KEY ? 1 : 0)), f);
      }
      message.event = event;
    }
    if (f & F_OTHER) {
      const reason = sharedAt(sharedRow + OTHER_REASON);
      if (reason === undefined) {
        throw new WireFormatError('a message that is not an event without the reason');
      }
      const other: OtherMessage = { sequenceNumber: f & F_OTHER_OWN_SEQUENCE ? text.next() : sequenceNumber, reason, decoding: decoding(f >>> OTHER_DECODING_SHIFT), preview: '', size: numbers[row + OTHER_SIZE] as number };
      if (f & F_OTHER_ENQUEUED_KEY) {
        other.enqueuedTime = f & F_OTHER_ENQUEUED ? (f & F_OTHER_OWN_ENQUEUED ? text.next() : enqueuedTime) : undefined;
      }
      other.preview = f & F_PREVIEW_IS_BODY ? message.bodyText : text.next();
      message.other = other;
    }
    messages[i] = message;
  }
  text.checkAllRead();
  return messages;
}

/** The own strings of a page, read in order; offsets are checked as they are read. */
class PageText {
  private slot = 0;
  private start = 0;

  constructor(
    private readonly text: string,
    private readonly ends: Uint32Array,
  ) {}

  next(): string {
    const start = this.start;
    const end = this.ends[this.slot++];
    if (end === undefined || end < start || end > this.text.length) {
      throw new WireFormatError('a page string lies outside the page text');
    }
    this.start = end;
    return this.text.slice(start, end);
  }

  /** Passes over `count` strings (read later with `at`) and returns the slot of the first. */
  skip(count: number): number {
    const first = this.slot;
    for (let i = 0; i < count; i++) {
      const end = this.ends[this.slot++];
      if (end === undefined || end < this.start || end > this.text.length) {
        throw new WireFormatError('a page string lies outside the page text');
      }
      this.start = end;
    }
    return first;
  }

  /** A string passed over by `skip` (its offsets were checked then). */
  at(slot: number): string {
    return this.text.slice(slot === 0 ? 0 : this.ends[slot - 1], this.ends[slot]);
  }

  checkAllRead(): void {
    if (this.slot !== this.ends.length) {
      throw new WireFormatError('a page holds strings no message reads');
    }
  }
}

// Why the decoded objects are classes with every field set in the constructor, and strings read
// from the page text only when first asked for: the view reads 100,000 of them in every pass on
// the way to its first paint. Objects of one shape keep those reads monomorphic, and each string
// not cut from the page up front is one object fewer for the garbage collector to copy (three
// objects per message instead of seven).

/**
 * A received message. Its system and application properties stay JSON text in the page, and its
 * body text a stretch of the page text, until something reads them (the details pane, search).
 */
class DecodedMessage implements TimelineMessage {
  event: EventEntry | undefined = undefined;
  other: OtherMessage | undefined = undefined;
  #page: PageText;
  /** Slot of the properties' JSON in the page; the application properties' and the body text follow. */
  #slot: number;
  #properties: Record<string, string> | undefined = undefined;
  #applicationProperties: Record<string, string> | undefined = undefined;
  #bodyText: string | undefined = undefined;

  constructor(
    public sequenceNumber: string,
    public enqueuedTime: string | undefined,
    page: PageText,
    slot: number,
    public bodySize: number,
    public bodyDecoding: TimelineMessage['bodyDecoding'],
    public bodyTruncated: boolean,
  ) {
    this.#page = page;
    this.#slot = slot;
  }

  get properties(): Record<string, string> {
    this.#properties ??= textRecord(this.#page.at(this.#slot));
    return this.#properties;
  }

  get applicationProperties(): Record<string, string> {
    this.#applicationProperties ??= textRecord(this.#page.at(this.#slot + 1));
    return this.#applicationProperties;
  }

  get bodyText(): string {
    this.#bodyText ??= this.#page.at(this.#slot + 2);
    return this.#bodyText;
  }
}

/** Most events have no problems; they share one list, frozen so that no caller can add to it. */
const NO_PROBLEMS: string[] = Object.freeze<string[]>([]) as string[];

/** A received event: every field present (undefined when the event has none), in one order. */
class DecodedEvent implements EventEntry {
  enqueuedTime: string | undefined = undefined;
  problems = NO_PROBLEMS;
  userId: number | undefined = undefined;
  firstName: string | undefined = undefined;
  lastName: string | undefined = undefined;
  contact: string | undefined = undefined;
  contactType: string | undefined = undefined;
  courseId: number | undefined = undefined;
  courseName: string | undefined = undefined;
  courseItemId: number | undefined = undefined;
  moduleType: string | undefined = undefined;
  examPercentage: string | undefined = undefined;
  time: EventTime | undefined = undefined;

  constructor(
    public sequenceNumber: string,
    public eventType: string,
    public known: boolean,
    public valid: boolean,
    public rerender: boolean,
  ) {}
}

/**
 * An event time whose texts stay in the page until read (ordering and the axis use epochMs), and
 * whose epochMs is read from the page's numbers: a time in epoch ms is too large for V8 to keep
 * in an object field as it is, so a field would cost one more heap object per event.
 */
class DecodedTime implements EventTime {
  #numbers: Float64Array;
  /** Where the epoch ms lies in `numbers`. */
  #at: number;
  #page: PageText;
  /** Slot of the raw text; the iso and the sort key follow when they differ (the F_OWN_* flags). */
  #slot: number;
  #flags: number;

  constructor(numbers: Float64Array, at: number, page: PageText, slot: number, flags: number) {
    this.#numbers = numbers;
    this.#at = at;
    this.#page = page;
    this.#slot = slot;
    this.#flags = flags;
  }

  get epochMs(): number {
    return this.#numbers[this.#at] as number;
  }

  get raw(): string {
    return this.#page.at(this.#slot);
  }

  get iso(): string {
    return this.#flags & F_OWN_ISO ? this.#page.at(this.#slot + 1) : this.raw;
  }

  get sortKey(): string {
    return this.#flags & F_OWN_SORT_KEY ? this.#page.at(this.#slot + (this.#flags & F_OWN_ISO ? 2 : 1)) : this.iso;
  }
}

function checkedPage(value: unknown): WirePage {
  const page = value as Partial<WirePage> | null;
  if (typeof page !== 'object' || page === null || page.format !== WIRE_FORMAT) {
    throw new WireFormatError(`not a ${WIRE_FORMAT} page`);
  }
  const { count, flags, numbers, shared, table, tableStart, text, ends } = page;
  if (
    typeof count !== 'number' || !Number.isSafeInteger(count) || count < 0 ||
    !(flags instanceof Uint32Array) || flags.length !== count ||
    !(numbers instanceof Float64Array) || numbers.length !== count * NUMBER_COLUMNS ||
    !(shared instanceof Uint32Array) || shared.length !== count * SHARED_COLUMNS ||
    !(ends instanceof Uint32Array) || typeof text !== 'string' || typeof tableStart !== 'number' ||
    !Array.isArray(table) || !table.every((s) => typeof s === 'string')
  ) {
    throw new WireFormatError('a page with missing or mis-sized columns');
  }
  return page as WirePage;
}

function decoding(bits: number): TimelineMessage['bodyDecoding'] {
  const value = DECODINGS[bits & 3];
  if (value === undefined) {
    throw new WireFormatError('an unknown body decoding');
  }
  return value;
}

function problemList(json: string): string[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    // reported below
  }
  if (!Array.isArray(value) || !value.every((p) => typeof p === 'string')) {
    throw new WireFormatError('event problems that are not a list of text');
  }
  return value;
}

/** Properties as the host sent them; text that is not an object of strings reads as none. */
function textRecord(json: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(json);
    if (typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string')) {
      return value as Record<string, string>;
    }
  } catch {
    // falls through: shown as no properties
  }
  return {};
}
