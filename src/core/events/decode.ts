// Turns a message body, as @azure/service-bus hands it over with JSON parsing skipped, into a
// JSON value, text or bytes. Bodies arrive as:
// - bytes of an AMQP data section (a Buffer, any Uint8Array, an ArrayBuffer, or several data
//   sections as an array of them);
// - a Buffer that went through JSON (postMessage, a saved file): {type: 'Buffer', data: [...]};
// - a value section: a string holding JSON text, or a value that is already structured.
// Text may start with a UTF-8 byte-order mark, which JSON.parse would reject. No Node-only APIs
// here, so the webview can use this module too.

export type DecodedBody =
  | { decoding: 'json'; value: unknown; size: number }
  | { decoding: 'text'; text: string; size: number; problem: string }
  | { decoding: 'binary'; bytes: Uint8Array; size: number; problem: string };

const BOM = '\uFEFF';

export function decodeBody(body: unknown, bodyType: 'data' | 'value' | 'sequence' = 'data'): DecodedBody {
  if (body === undefined || body === null) {
    return { decoding: 'binary', bytes: new Uint8Array(0), size: 0, problem: 'The body is empty.' };
  }
  const bytes = asBytes(body, bodyType);
  if (bytes) {
    return decodeBytes(bytes);
  }
  if (typeof body === 'string') {
    return decodeText(body, utf8Length(body));
  }
  return { decoding: 'json', value: body, size: utf8Length(safeStringify(body)) };
}

function asBytes(body: unknown, bodyType: string): Uint8Array | undefined {
  if (body instanceof Uint8Array) {
    return body;
  }
  if (body instanceof ArrayBuffer) {
    return new Uint8Array(body);
  }
  if (isSerialisedBuffer(body)) {
    return Uint8Array.from(body.data);
  }
  if (bodyType === 'data' && Array.isArray(body) && body.length > 0 && body.every((part) => part instanceof Uint8Array)) {
    return concat(body as Uint8Array[]);
  }
  return undefined;
}

function isSerialisedBuffer(body: unknown): body is { type: 'Buffer'; data: number[] } {
  if (typeof body !== 'object' || body === null) {
    return false;
  }
  const candidate = body as { type?: unknown; data?: unknown };
  return (
    candidate.type === 'Buffer' &&
    Array.isArray(candidate.data) &&
    candidate.data.every((b) => Number.isInteger(b) && (b as number) >= 0 && (b as number) <= 255)
  );
}

function concat(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    all.set(part, at);
    at += part.length;
  }
  return all;
}

function decodeBytes(bytes: Uint8Array): DecodedBody {
  if (bytes.length === 0) {
    return { decoding: 'binary', bytes, size: 0, problem: 'The body is empty.' };
  }
  let text: string;
  try {
    // fatal: invalid UTF-8 is binary, not text with replacement characters.
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { decoding: 'binary', bytes, size: bytes.length, problem: `The body is ${bytes.length} bytes that are not UTF-8 text.` };
  }
  return decodeText(text, bytes.length);
}

function decodeText(raw: string, size: number): DecodedBody {
  const text = raw.startsWith(BOM) ? raw.slice(BOM.length) : raw;
  if (text.trim() === '') {
    return { decoding: 'text', text, size, problem: 'The body is empty text.' };
  }
  try {
    return { decoding: 'json', value: JSON.parse(text) as unknown, size };
  } catch {
    return { decoding: 'text', text, size, problem: 'The body is text that is not JSON.' };
  }
}

function utf8Length(text: string): number {
  return new TextEncoder().encode(text).length;
}

/** JSON.stringify that survives what AMQP values may hold (bigint longs, cycles). */
function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  try {
    return (
      JSON.stringify(value, (_key, v: unknown) => {
        if (typeof v === 'bigint') {
          return v.toString();
        }
        if (typeof v === 'object' && v !== null) {
          if (seen.has(v)) {
            return '[circular]';
          }
          seen.add(v);
        }
        return v;
      }) ?? String(value)
    );
  } catch {
    return String(value);
  }
}

/** The start of a decoded body as plain text (never HTML), for lists of non-CT messages. */
export function previewBody(decoded: DecodedBody, maxChars = 200): string {
  let text: string;
  switch (decoded.decoding) {
    case 'json':
      text = safeStringify(decoded.value);
      break;
    case 'text':
      text = decoded.text;
      break;
    case 'binary':
      text = Array.from(decoded.bytes.subarray(0, Math.ceil(maxChars / 3)), (b) => b.toString(16).padStart(2, '0')).join(' ');
      break;
  }
  return text.length > maxChars ? `${text.slice(0, maxChars)}…` : text;
}
