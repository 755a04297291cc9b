// Export of timeline messages as CSV or NDJSON, and import of such files (or of any JSON array
// or NDJSON of CT event bodies) back into messages, with no connection. An export keeps each
// message's body, so importing it gives the same events; with masking on, names and contacts
// are masked in both the columns and the body. Pure: the host reads and writes the files.
import { decodeBody, decodeMessageBody } from './decode';
import { maskContact, maskEventBody, maskName } from './mask';
import type { PeekedMessage } from './model';
import { parseMessage } from './parse';

export type ExportFormat = 'csv' | 'ndjson';

/** One exported message: the broker's fields, then the body as JSON, text or base64. */
export interface ExportRecord {
  sequenceNumber: string;
  enqueuedTime?: string;
  messageId?: string;
  correlationId?: string;
  contentType?: string;
  subject?: string;
  applicationProperties?: Record<string, unknown>;
  body?: unknown;
  bodyText?: string;
  bodyBase64?: string;
}

export const CSV_COLUMNS = [
  'sequenceNumber', 'enqueuedTime', 'eventType', 'userId', 'firstName', 'lastName', 'contact', 'contactType',
  'courseId', 'courseName', 'courseItemId', 'moduleType', 'examPercentage', 'time', 'problems', 'body',
] as const;

export function toExportRecord(message: PeekedMessage, mask: boolean): ExportRecord {
  const record: ExportRecord = { sequenceNumber: message.sequenceNumber };
  for (const key of ['enqueuedTime', 'messageId', 'correlationId', 'contentType', 'subject'] as const) {
    if (message[key] !== undefined) {
      record[key] = message[key];
    }
  }
  if (message.applicationProperties && Object.keys(message.applicationProperties).length > 0) {
    record.applicationProperties = JSON.parse(JSON.stringify(message.applicationProperties, bigintAsText)) as Record<string, unknown>;
  }
  // No size limit: the view shows only the start of a huge body, but an export must keep all of it.
  const decoded = decodeBody(message.body, message.bodyType, { maxBytes: Number.POSITIVE_INFINITY });
  if (decoded.decoding === 'json') {
    record.body = mask ? maskEventBody(decoded.value) : decoded.value;
  } else if (decoded.decoding === 'text') {
    record.bodyText = decoded.text;
  } else {
    record.bodyBase64 = toBase64(decoded.bytes);
  }
  return record;
}

export function exportNdjson(messages: readonly PeekedMessage[], mask: boolean): string {
  return messages.map((m) => JSON.stringify(toExportRecord(m, mask), bigintAsText)).join('\n') + (messages.length > 0 ? '\n' : '');
}

export function exportCsv(messages: readonly PeekedMessage[], mask: boolean): string {
  const lines = [CSV_COLUMNS.join(',')];
  for (const message of messages) {
    const record = toExportRecord(message, mask);
    const parsed = parseMessage(message);
    const event = parsed.kind === 'event' ? parsed.event : undefined;
    const cells: Record<(typeof CSV_COLUMNS)[number], unknown> = {
      sequenceNumber: record.sequenceNumber,
      enqueuedTime: record.enqueuedTime,
      eventType: event?.eventType,
      userId: event?.userId,
      firstName: mask ? maskName(event?.firstName) : event?.firstName,
      lastName: mask ? maskName(event?.lastName) : event?.lastName,
      contact: mask ? maskContact(event?.contact) : event?.contact,
      contactType: event?.contactType,
      courseId: event?.courseId,
      courseName: event?.courseName,
      courseItemId: event?.courseItemId,
      moduleType: event?.moduleType,
      examPercentage: event?.examPercentage,
      time: event?.time?.iso,
      problems: event ? event.problems.join(' ') : parsed.kind === 'other' ? parsed.other.reason : '',
      // The body column is what an import reads: JSON for JSON bodies, else the record itself.
      body: record.body !== undefined ? JSON.stringify(record.body) : JSON.stringify({ bodyText: record.bodyText, bodyBase64: record.bodyBase64 }),
    };
    lines.push(CSV_COLUMNS.map((c) => csvCell(cells[c])).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}

/** The event bodies of a saved file, for sending them to a topic again. */
export interface FileEventBodies {
  /** The JSON bodies, in file order. */
  events: unknown[];
  /** Messages of the file whose body is not JSON (they cannot be sent as CT events), by their number in the file. */
  notJson: string[];
  /** JSON bodies (in `events`) that are not valid CT events (an unknown type, a missing or wrong field), with the first problem. */
  invalid: { sequenceNumber: string; problem: string }[];
}

/**
 * The bodies of a timeline export (NDJSON or CSV, whose records are unwrapped to their bodies), a
 * JSON array or NDJSON of CT events, for Replay Events File and `ct-events send`. Bodies are decoded
 * whole (no preview cap), so a large event is sent as it is rather than taken for binary. Each caller
 * says what happens to `notJson` and `invalid`: the extension asks, the CLI refuses unless told.
 */
export function eventBodiesOfFile(text: string): FileEventBodies {
  const events: unknown[] = [];
  const notJson: string[] = [];
  const invalid: FileEventBodies['invalid'] = [];
  for (const message of importMessages(text)) {
    const decoded = decodeMessageBody(message, Number.POSITIVE_INFINITY);
    if (decoded.decoding !== 'json') {
      notJson.push(message.sequenceNumber);
      continue;
    }
    events.push(decoded.value);
    const parsed = parseMessage(message);
    if (parsed.kind === 'other' || !parsed.event.valid) {
      const problem = parsed.kind === 'other' ? parsed.other.reason : (parsed.event.problems[0] ?? 'It is not a valid CT event.');
      invalid.push({ sequenceNumber: message.sequenceNumber, problem });
    }
  }
  return { events, notJson, invalid };
}

/**
 * Reads an export (CSV or NDJSON), a JSON array, or NDJSON of CT event bodies into messages.
 * Messages without a sequence number are numbered from 1 in file order.
 * Throws an Error with one plain sentence when the text is none of these.
 */
export function importMessages(text: string): PeekedMessage[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') {
    return [];
  }
  let items: unknown[];
  if (trimmed.startsWith('[')) {
    const value = parseJson(trimmed, 'The file');
    if (!Array.isArray(value)) {
      throw new Error('The file is JSON but not an array of events.');
    }
    items = value;
  } else if (trimmed.startsWith('{')) {
    items = objectOrNdjson(trimmed);
  } else if (trimmed.startsWith('sequenceNumber,')) {
    items = readCsvRecords(trimmed);
  } else {
    throw new Error('The file is neither JSON, NDJSON nor a CSV export of CT events.');
  }
  return items.map((item, i) => toPeekedMessage(item, String(i + 1)));
}

/** One JSON object (pretty-printed or not), else NDJSON; problems name the line in the file. */
function objectOrNdjson(text: string): unknown[] {
  try {
    return [JSON.parse(text) as unknown];
  } catch {
    const items: unknown[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() !== '') {
        items.push(parseJson(line, `Line ${i + 1}`));
      }
    });
    return items;
  }
}

function toPeekedMessage(item: unknown, fallbackSequence: string): PeekedMessage {
  if (isExportRecord(item)) {
    const message: PeekedMessage = { sequenceNumber: item.sequenceNumber, bodyType: 'value', body: undefined };
    for (const key of ['enqueuedTime', 'messageId', 'correlationId', 'contentType', 'subject'] as const) {
      if (typeof item[key] === 'string') {
        message[key] = item[key];
      }
    }
    if (item.applicationProperties) {
      message.applicationProperties = item.applicationProperties;
    }
    if (item.body !== undefined) {
      message.body = item.body;
    } else if (item.bodyText !== undefined) {
      message.body = item.bodyText;
    } else if (item.bodyBase64 !== undefined) {
      message.body = fromBase64(item.bodyBase64);
      message.bodyType = 'data';
    }
    return message;
  }
  // A bare CT event body, as CT sends it.
  return { sequenceNumber: fallbackSequence, bodyType: 'value', body: item };
}

function isExportRecord(item: unknown): item is ExportRecord {
  return typeof item === 'object' && item !== null && typeof (item as { sequenceNumber?: unknown }).sequenceNumber === 'string' && !('EventType' in item);
}

function readCsvRecords(text: string): ExportRecord[] {
  const rows = parseCsv(text);
  const header = rows[0] ?? [];
  const at = (name: string): number => header.indexOf(name);
  const seq = at('sequenceNumber');
  const enq = at('enqueuedTime');
  const body = at('body');
  if (seq < 0 || body < 0) {
    throw new Error('The CSV file has no sequenceNumber and body columns, so it is not a CT Events export.');
  }
  return rows.slice(1).filter((row) => row.length > 1 || row[0] !== '').map((row, i) => {
    const record: ExportRecord = { sequenceNumber: row[seq] ?? '' };
    if (enq >= 0 && row[enq]) {
      record.enqueuedTime = row[enq];
    }
    const value = parseJson(row[body] ?? '', `Row ${i + 2}'s body`);
    const wrapper = value as { bodyText?: unknown; bodyBase64?: unknown } | null;
    if (typeof wrapper === 'object' && wrapper !== null && !('EventType' in wrapper) && (typeof wrapper.bodyText === 'string' || typeof wrapper.bodyBase64 === 'string')) {
      if (typeof wrapper.bodyText === 'string') {
        record.bodyText = wrapper.bodyText;
      } else {
        record.bodyBase64 = wrapper.bodyBase64 as string;
      }
    } else {
      record.body = value;
    }
    return record;
  });
}

/** RFC 4180 CSV: quoted cells may hold commas, quotes ("") and line breaks. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') {
        i++;
      }
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else {
      cell += c;
    }
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/**
 * One CSV cell. Text that a spreadsheet would run as a formula (=, +, -, @ first) gets a
 * leading apostrophe, so a hostile name cannot become a formula when the export is opened.
 */
function csvCell(value: unknown): string {
  if (value === undefined || value === null) {
    return '';
  }
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) {
    text = `'${text}`;
  }
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new Error(`${what} is not valid JSON.`);
  }
}

function bigintAsText(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) {
    binary += String.fromCharCode(byte);
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
}
