// Turns a message body, as @azure/service-bus hands it over with JSON parsing skipped, into a
// JSON value, text or bytes, choosing by what the bytes are and saying which decoding applied.
// Bodies arrive as:
// - bytes of an AMQP data section (a Buffer, any Uint8Array, an ArrayBuffer, or several data
//   sections as an array of them);
// - a Buffer that went through JSON (postMessage, a saved file): {type: 'Buffer', data: [...]};
// - a value section: a string holding JSON text (what some portals and SDKs send), or a value
//   that is already structured.
// Bytes may be gzip (only when Content-Encoding or the content type says so: guessing from two
// magic bytes would misread binary payloads), a .NET DataContract binary-XML string (older
// .NET SDKs), or UTF-8 text with or without a byte-order mark. No Node-only APIs here, so the
// webview can use this module too.
import { looksLikeBinaryXml, readDataContractString } from './datacontract';
import { GzipError, gunzip, looksLikeGzip } from './gzip';
import type { PeekedMessage } from './model';

/** What was peeled off on the way to the value, outermost first. */
export type BodyLayer = 'amqp-value' | 'amqp-sequence' | 'gzip' | 'datacontract-string';

interface DecodedCommon {
  /** Bytes as the message carried them (before gzip was inflated). */
  size: number;
  /** Which decoding applied, for users: 'json', 'json-in-amqp-value', 'gzip+json', 'datacontract-string+json', 'text', 'binary', ... */
  label: string;
  layers: BodyLayer[];
  /** Something worth knowing that did not stop the decoding. */
  note?: string;
}

export type DecodedBody =
  | ({ decoding: 'json'; value: unknown } & DecodedCommon)
  | ({ decoding: 'text'; text: string; problem: string } & DecodedCommon)
  | ({ decoding: 'binary'; bytes: Uint8Array; problem: string } & DecodedCommon);

/** What the message says about its body besides the bytes. */
export interface BodyHints {
  contentType?: string;
  /** The AMQP content-encoding property. */
  contentEncoding?: string;
  /** Read for a `Content-Encoding` application property (any letter case). */
  applicationProperties?: Record<string, unknown>;
  /** Largest body (and largest inflated gzip) decoded; larger ones are shown as bytes. */
  maxBytes?: number;
}

/** 1 MiB: far above any CT event, small enough that 100,000 peeked messages stay cheap to read. */
export const MAX_DECODED_BYTES = 1024 * 1024;

const BOM = '\uFEFF';

/**
 * Deepest JSON nesting read as a value: System.Text.Json's default, which .NET consumers of the
 * topic apply too. A CT event is 2 levels deep; a body nested 100,000 levels would overflow the
 * stack of every recursive step after parsing (stringify for previews and exports).
 */
export const MAX_JSON_DEPTH = 64;

export function decodeBody(body: unknown, bodyType: 'data' | 'value' | 'sequence' = 'data', hints: BodyHints = {}): DecodedBody {
  const layers: BodyLayer[] = bodyType === 'value' ? ['amqp-value'] : bodyType === 'sequence' ? ['amqp-sequence'] : [];
  const max = hints.maxBytes ?? MAX_DECODED_BYTES;
  if (body === undefined || body === null) {
    return binary(new Uint8Array(0), 0, [], 'The body is empty.');
  }
  const bytes = asBytes(body, bodyType);
  if (bytes) {
    return decodeBytes(bytes, layers, hints, max);
  }
  if (typeof body === 'string') {
    const size = utf8Length(body);
    if (size > max) {
      return tooLarge(new TextEncoder().encode(body), size, max, layers);
    }
    return decodeText(body, size, layers);
  }
  return { decoding: 'json', value: body, size: utf8Length(safeStringify(body)), label: layers[0] ?? 'json', layers };
}

/** decodeBody with the hints the message itself carries. */
export function decodeMessageBody(message: PeekedMessage, maxBytes?: number): DecodedBody {
  return decodeBody(message.body, message.bodyType, {
    contentType: message.contentType,
    contentEncoding: message.contentEncoding,
    applicationProperties: message.applicationProperties,
    maxBytes,
  });
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

function decodeBytes(bytes: Uint8Array, layers: BodyLayer[], hints: BodyHints, max: number): DecodedBody {
  const size = bytes.length;
  if (size === 0) {
    return binary(bytes, 0, layers, 'The body is empty.');
  }
  if (size > max) {
    return tooLarge(bytes, size, max, layers);
  }
  const gzipSource = gzipDeclaredBy(hints);
  if (gzipSource === undefined) {
    return decodeUnpacked(bytes, size, layers);
  }
  if (!looksLikeGzip(bytes)) {
    const note = `${gzipSource.charAt(0).toUpperCase()}${gzipSource.slice(1)} says gzip, but the body does not start with the gzip signature (1f 8b); it was decoded as it is.`;
    return { ...decodeUnpacked(bytes, size, layers), note };
  }
  let inflated: Uint8Array;
  try {
    inflated = gunzip(bytes, max);
  } catch (error) {
    if (error instanceof GzipError) {
      return binary(bytes, size, layers, `The body is ${size} bytes that ${gzipSource} says are gzip, but they cannot be inflated: ${error.message}`);
    }
    throw error;
  }
  const decoded = decodeUnpacked(inflated, size, [...layers, 'gzip']);
  return { ...decoded, note: `gzip: ${size} bytes inflated to ${inflated.length}.` };
}

/** Bytes with any transfer encoding removed: binary XML, UTF-8 text, or neither. */
function decodeUnpacked(bytes: Uint8Array, size: number, layers: BodyLayer[]): DecodedBody {
  if (looksLikeBinaryXml(bytes)) {
    const result = readDataContractString(bytes);
    if (!result.ok) {
      return binary(bytes, size, layers, `The body is ${size} bytes of .NET binary XML (DataContractSerializer) that cannot be unwrapped: ${result.problem}`);
    }
    return decodeText(result.text, size, [...layers, 'datacontract-string']);
  }
  const invalidAt = firstInvalidUtf8(bytes);
  if (invalidAt !== undefined) {
    const looksGzip = looksLikeGzip(bytes) && !layers.includes('gzip') ? ' It starts like gzip data, but no Content-Encoding or content type says so.' : '';
    const at = `byte 0x${bytes[invalidAt].toString(16).padStart(2, '0')} at offset ${invalidAt}`;
    return binary(bytes, size, layers, `The body is ${size} bytes that are not UTF-8 text (${at}).${looksGzip}`);
  }
  return decodeText(new TextDecoder('utf-8').decode(bytes), size, layers);
}

function decodeText(raw: string, size: number, layers: BodyLayer[]): DecodedBody {
  const text = raw.startsWith(BOM) ? raw.slice(BOM.length) : raw;
  if (text.trim() === '') {
    return { decoding: 'text', text, size, label: labelOf(layers, 'text'), layers, problem: 'The body is empty text.' };
  }
  if (nestedDeeperThan(text, MAX_JSON_DEPTH)) {
    const problem = `The body is JSON nested more than ${MAX_JSON_DEPTH} levels deep, which no CT event is; it is shown as text.`;
    return { decoding: 'text', text, size, label: labelOf(layers, 'text'), layers, problem };
  }
  try {
    return { decoding: 'json', value: JSON.parse(text) as unknown, size, label: labelOf(layers, 'json'), layers };
  } catch {
    return { decoding: 'text', text, size, label: labelOf(layers, 'text'), layers, problem: 'The body is text that is not JSON.' };
  }
}

function binary(bytes: Uint8Array, size: number, layers: BodyLayer[], problem: string): DecodedBody {
  return { decoding: 'binary', bytes, size, label: labelOf(layers, 'binary'), layers, problem };
}

/** A body over the limit is not parsed; its start is shown as text when it is UTF-8, else as bytes. */
function tooLarge(bytes: Uint8Array, size: number, max: number, layers: BodyLayer[]): DecodedBody {
  const head = bytes.subarray(0, max);
  const invalidAt = firstInvalidUtf8(head);
  // The cut may fall inside a character: up to 3 bytes of a last, incomplete one are dropped.
  if (invalidAt === undefined || invalidAt >= max - 3) {
    const text = new TextDecoder('utf-8').decode(head.subarray(0, invalidAt ?? max));
    const problem = `The body is ${size} bytes, more than the ${max} bytes this view decodes; the start is shown as text.`;
    return { decoding: 'text', text: text.startsWith(BOM) ? text.slice(BOM.length) : text, size, label: labelOf(layers, 'text'), layers, problem };
  }
  return binary(bytes, size, layers, `The body is ${size} bytes, more than the ${max} bytes this view decodes; it is shown as bytes.`);
}

/** 'gzip+json' for peeled layers; a value section is named last: 'json-in-amqp-value'. */
function labelOf(layers: BodyLayer[], kind: 'json' | 'text' | 'binary'): string {
  const base = [...layers.filter((l) => l !== 'amqp-value' && l !== 'amqp-sequence'), kind].join('+');
  const section = layers.find((l) => l === 'amqp-value' || l === 'amqp-sequence');
  return section ? `${base}-in-${section}` : base;
}

/** Which part of the message says the body is gzip (for the sentence), or undefined. */
function gzipDeclaredBy(hints: BodyHints): string | undefined {
  const saysGzip = (value: unknown): boolean =>
    typeof value === 'string' && value.split(',').some((part) => ['gzip', 'x-gzip'].includes(part.trim().toLowerCase()));
  if (saysGzip(hints.contentEncoding)) {
    return 'the content-encoding property';
  }
  for (const [name, value] of Object.entries(hints.applicationProperties ?? {})) {
    if (['content-encoding', 'contentencoding'].includes(name.toLowerCase()) && saysGzip(value)) {
      return `the ${name} application property`;
    }
  }
  const mediaType = hints.contentType?.split(';')[0].trim().toLowerCase();
  if (mediaType !== undefined && (mediaType === 'application/gzip' || mediaType === 'application/x-gzip' || mediaType.endsWith('+gzip'))) {
    return `the content type ${mediaType}`;
  }
  return undefined;
}

/** Offset of the first byte that breaks UTF-8, or undefined when all of it is well formed. */
function firstInvalidUtf8(bytes: Uint8Array): number | undefined {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    let extra: number;
    let min: number;
    if (b < 0x80) {
      i += 1;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) {
      extra = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      extra = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      extra = 3;
      min = 0x10000;
    } else {
      return i;
    }
    if (i + extra >= bytes.length) {
      return i;
    }
    let code = b & (0x3f >> extra);
    for (let k = 1; k <= extra; k++) {
      const next = bytes[i + k];
      if ((next & 0xc0) !== 0x80) {
        return i;
      }
      code = (code << 6) | (next & 0x3f);
    }
    if (code < min || code > 0x10ffff || (code >= 0xd800 && code <= 0xdfff)) {
      return i;
    }
    i += extra + 1;
  }
  return undefined;
}

/** Whether brackets outside strings nest deeper than `limit`; one pass, no recursion. */
function nestedDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) {
        i++;
      } else if (c === 0x22) {
        inString = false;
      }
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) {
        return true;
      }
    } else if (c === 0x5d || c === 0x7d) {
      depth--;
    }
  }
  return false;
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
    // Too deep to stringify (String() of a nested array recurses the same way).
    return typeof value === 'object' && value !== null ? '[value too deeply nested to show]' : String(value);
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
