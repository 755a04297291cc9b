// A peeked message reduced to what the timeline shows: the event (or why it is not one), the
// broker's system and application properties as text, and the start of the body for search and
// the details pane. Built in the extension host so the webview never receives a huge body; the
// host keeps the originals for "Open Raw Message" and exports. No Node-only APIs.
import { decodeBody, previewBody } from './decode';
import type { EventEntry, OtherMessage, PeekedMessage } from './model';
import { parseMessage } from './parse';

/** Bodies over this size are flagged as huge (CT events are a few hundred bytes). */
export const HUGE_BODY_BYTES = 1024 * 1024;
/** How much of a body the webview keeps for free-text search and the details pane. */
export const BODY_TEXT_MAX_CHARS = 4096;

export interface TimelineMessage {
  sequenceNumber: string;
  enqueuedTime?: string;
  /** System properties that were set (messageId, contentType...), as text. */
  properties: Record<string, string>;
  applicationProperties: Record<string, string>;
  bodySize: number;
  bodyDecoding: 'json' | 'text' | 'binary';
  /** The start of the body as text (hex for binary), at most BODY_TEXT_MAX_CHARS. */
  bodyText: string;
  bodyTruncated: boolean;
  /** Set when the body is a CT event (valid or not). */
  event?: EventEntry;
  /** Set when the body is not a CT event. */
  other?: OtherMessage;
}

const SYSTEM_PROPERTIES = [
  'messageId', 'correlationId', 'contentType', 'subject', 'enqueuedTime', 'scheduledEnqueueTime', 'state', 'deliveryCount', 'deadLetterReason', 'deadLetterErrorDescription',
] as const;

export function toTimelineMessage(message: PeekedMessage): TimelineMessage {
  const decoded = decodeBody(message.body, message.bodyType);
  const parsed = parseMessage(message);
  const full = previewBody(decoded, BODY_TEXT_MAX_CHARS + 1);
  const truncated = full.length > BODY_TEXT_MAX_CHARS;
  const properties: Record<string, string> = { sequenceNumber: message.sequenceNumber };
  for (const name of SYSTEM_PROPERTIES) {
    const value = message[name];
    // Every received message is active; the state is worth a line only when it is not (scheduled, deferred).
    if (value !== undefined && !(name === 'state' && value === 'active')) {
      properties[name] = propertyText(value);
    }
  }
  const applicationProperties: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.applicationProperties ?? {})) {
    applicationProperties[name] = propertyText(value);
  }
  const result: TimelineMessage = {
    sequenceNumber: message.sequenceNumber,
    properties,
    applicationProperties,
    bodySize: decoded.size,
    bodyDecoding: decoded.decoding,
    bodyText: truncated ? full.slice(0, BODY_TEXT_MAX_CHARS) : full,
    bodyTruncated: truncated,
  };
  if (message.enqueuedTime !== undefined) {
    result.enqueuedTime = message.enqueuedTime;
  }
  if (parsed.kind === 'event') {
    result.event = parsed.event;
  } else {
    result.other = parsed.other;
  }
  return result;
}

/** Any AMQP property value as one line of text (numbers, longs, dates, bytes, objects). */
export function propertyText(value: unknown): string {
  if (value instanceof Date) {
    return value.toISOString();
  }
  if (value instanceof Uint8Array) {
    return `${value.length} bytes`;
  }
  if (typeof value === 'object' && value !== null) {
    try {
      return JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)) ?? String(value);
    } catch {
      return String(value);
    }
  }
  return String(value);
}

/** "512 B", "1.2 MB": sizes as people read them. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) {
    return `${bytes} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${(bytes / 1024).toFixed(1)} KB`;
  }
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}
