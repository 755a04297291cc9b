// The message details pane as data: ordered rows of plain text, so the timeline, the tree's
// tooltips and the CLI show the same thing and no view formats a timestamp or a long itself.
import { decodeMessageBody, type DecodedBody } from './decode';
import type { DetailRow, PeekedMessage, TypedValue } from './model';
import { typeValue } from './typed-value';

/** Service Bus's "never expires" (TimeSpan.MaxValue) arrives as a huge millisecond count. */
const NO_EXPIRY_MS = 10_675_199 * 24 * 3_600_000;

/**
 * Every system property the message has (absent ones are left out), then the body's decoding,
 * then the application properties in the order the message carried them.
 */
export function messageDetails(message: PeekedMessage, decoded: DecodedBody = decodeMessageBody(message)): DetailRow[] {
  const rows: DetailRow[] = [];
  const system = (label: string, value: string | number | undefined, kind: DetailRow['kind'] = 'string'): void => {
    if (value !== undefined && value !== '') {
      rows.push({ section: 'system', label, value: String(value), kind });
    }
  };
  system('Message ID', message.messageId);
  system('Correlation ID', message.correlationId);
  system('Content type', message.contentType);
  system('Content encoding', message.contentEncoding);
  system('Subject', message.subject);
  system('To', message.to);
  system('Reply to', message.replyTo);
  system('Reply to session ID', message.replyToSessionId);
  system('Session ID', message.sessionId);
  system('Partition key', message.partitionKey);
  system('Sequence number', message.sequenceNumber, 'long');
  system('Enqueued time', message.enqueuedTime, 'timestamp');
  system('Scheduled enqueue time', message.scheduledEnqueueTime, 'timestamp');
  system('Time to live', message.timeToLive === undefined ? undefined : formatDuration(message.timeToLive), 'duration');
  system('Expires at', message.expiresAt, 'timestamp');
  system('State', message.state === 'active' ? undefined : message.state, 'text');
  system('Delivery count', message.deliveryCount, 'int');
  system('Locked until', message.lockedUntil, 'timestamp');
  system('Dead-letter reason', message.deadLetterReason);
  system('Dead-letter description', message.deadLetterErrorDescription);
  system('Dead-letter error source', message.deadLetterSource);

  rows.push({ section: 'body', label: 'Body section', value: message.bodyType, kind: 'text' });
  rows.push({ section: 'body', label: 'Decoding', value: decoded.label, kind: 'text' });
  rows.push({ section: 'body', label: 'Size', value: `${decoded.size} bytes`, kind: 'int' });
  if (decoded.decoding !== 'json') {
    rows.push({ section: 'body', label: 'Problem', value: decoded.problem, kind: 'text' });
  }
  if (decoded.note !== undefined) {
    rows.push({ section: 'body', label: 'Note', value: decoded.note, kind: 'text' });
  }

  for (const [name, typed] of Object.entries(typedProperties(message))) {
    rows.push({ section: 'application', label: name, value: typed.display, kind: typed.type, ...(typed.note === undefined ? {} : { note: typed.note }) });
  }
  return rows;
}

/** The typed properties the Service Bus layer read, or a typing of the raw values (saved files, tests). */
export function typedProperties(message: PeekedMessage): Record<string, TypedValue> {
  if (message.typedApplicationProperties) {
    return message.typedApplicationProperties;
  }
  const typed: Record<string, TypedValue> = {};
  for (const [name, value] of Object.entries(message.applicationProperties ?? {})) {
    typed[name] = typeValue(value);
  }
  return typed;
}

/** "14 d", "1 h 30 min 5 s", "250 ms"; "never expires" for Service Bus's maximum. */
export function formatDuration(ms: number): string {
  if (ms >= NO_EXPIRY_MS) {
    return 'never expires';
  }
  const parts: string[] = [];
  let rest = Math.round(ms);
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['min', 60_000], ['s', 1000], ['ms', 1]] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) {
      parts.push(`${count} ${unit}`);
      rest -= count * size;
    }
  }
  return parts.length === 0 ? '0 s' : parts.join(' ');
}

/**
 * Classic hex view: offset, 16 bytes in hex, the printable ASCII beside them; at most `max` bytes,
 * then one line saying how many were left out.
 */
export function hexDump(bytes: Uint8Array, max = 4096): string {
  const lines: string[] = [];
  const shown = Math.min(bytes.length, max);
  for (let at = 0; at < shown; at += 16) {
    const row = bytes.subarray(at, Math.min(at + 16, shown));
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, '0'));
    const left = hex.slice(0, 8).join(' ');
    const right = hex.slice(8).join(' ');
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : '.')).join('');
    lines.push(`${at.toString(16).padStart(8, '0')}  ${left.padEnd(23)}  ${right.padEnd(23)}  |${ascii}|`);
  }
  if (bytes.length > shown) {
    lines.push(`… ${bytes.length - shown} more bytes`);
  }
  return lines.join('\n');
}
