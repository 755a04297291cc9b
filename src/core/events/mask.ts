// Personal data masking (setting ctEvents.maskPersonalData, on by default): names become their
// initials and a contact becomes a stable short hash, so a masked learner can still be told
// apart and followed across views and exports without showing who they are. The hash is
// FNV-1a (32 bit): synchronous, dependency-free and the same in Node and the browser; it is
// a pseudonym for display, not a cryptographic protection against someone guessing contacts.

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Eight hex digits, the same for the same text everywhere. */
export function shortHash(text: string): string {
  let hash = FNV_OFFSET;
  const bytes = new TextEncoder().encode(text);
  for (const byte of bytes) {
    hash ^= byte;
    hash = Math.imul(hash, FNV_PRIME) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/** "Ada" -> "A."; empty or missing stays as it is. */
export function maskName(name: string | undefined): string | undefined {
  if (name === undefined) {
    return undefined;
  }
  const first = [...name.trim()][0];
  return first === undefined ? name : `${first.toUpperCase()}.`;
}

/** A contact (e-mail, phone, Entra ID) -> "contact-1a2b3c4d"; the same contact gives the same text. */
export function maskContact(contact: string | undefined): string | undefined {
  if (contact === undefined) {
    return undefined;
  }
  return `contact-${shortHash(contact.trim().toLowerCase())}`;
}

export interface PersonalFields {
  firstName?: string;
  lastName?: string;
  contact?: string;
}

/** A copy of the fields with names and contact masked. */
export function maskPersonal<T extends PersonalFields>(value: T): T {
  const copy = { ...value };
  if (copy.firstName !== undefined) {
    copy.firstName = maskName(copy.firstName);
  }
  if (copy.lastName !== undefined) {
    copy.lastName = maskName(copy.lastName);
  }
  if (copy.contact !== undefined) {
    copy.contact = maskContact(copy.contact);
  }
  return copy;
}

/** A CT event body ({EventType, MessageBody}) with FirstName, LastName and Contact masked; other JSON unchanged. */
export function maskEventBody(body: unknown): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return body;
  }
  const envelope = body as Record<string, unknown>;
  const inner = envelope.MessageBody;
  if (typeof inner !== 'object' || inner === null || Array.isArray(inner)) {
    return body;
  }
  const masked: Record<string, unknown> = { ...(inner as Record<string, unknown>) };
  for (const field of ['FirstName', 'LastName'] as const) {
    if (typeof masked[field] === 'string') {
      masked[field] = maskName(masked[field]);
    }
  }
  if (typeof masked.Contact === 'string') {
    masked.Contact = maskContact(masked.Contact);
  }
  return { ...envelope, MessageBody: masked };
}

/** The text of a body with personal fields masked, when it is a JSON CT event; other text unchanged. */
export function maskBodyText(text: string): string {
  try {
    const value: unknown = JSON.parse(text);
    const masked = maskEventBody(value);
    return masked === value ? text : JSON.stringify(masked);
  } catch {
    return text;
  }
}
