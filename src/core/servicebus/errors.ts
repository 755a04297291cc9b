// Turns errors from the Azure SDK (AMQP and management HTTP) into one plain sentence for the
// tree, the timeline and the CLI.

interface ErrorLike {
  name?: string;
  code?: string;
  statusCode?: number;
  message?: string;
  cause?: unknown;
}

const UNREACHABLE_CODES = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ServiceCommunicationProblem'];

/** The error, its causes, and (for the SDK's retries, an AggregateError) each attempt's error. */
function chain(error: unknown): ErrorLike[] {
  const result: ErrorLike[] = [];
  const pending: unknown[] = [error];
  while (pending.length > 0 && result.length < 10) {
    const current = pending.shift();
    if (current === null || typeof current !== 'object') {
      continue;
    }
    const attempts = (current as { errors?: unknown }).errors;
    if (Array.isArray(attempts) && attempts.length > 0) {
      pending.unshift(attempts[attempts.length - 1]);
      continue;
    }
    result.push(current as ErrorLike);
    pending.push((current as ErrorLike).cause);
  }
  return result;
}

/** The first line of the SDK's message, without any secret and with a single final period. */
function detail(error: ErrorLike | undefined): string {
  const text = (error?.message ?? String(error ?? '')).split('\n')[0];
  const clean = text
    .replace(/(SharedAccessKey|SharedAccessSignature|sig)=[^;&\s]+/gi, '$1=***')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[.\s]+$/, '');
  return clean === '' ? 'no details given' : clean;
}

function isUnreachable(e: ErrorLike): boolean {
  return (e.code !== undefined && UNREACHABLE_CODES.includes(e.code)) || /ECONNREFUSED|ENOTFOUND|EAI_AGAIN/.test(e.message ?? '');
}

/** A peek whose connection kept dropping: either the namespace could not be reached again, or the drops themselves. */
function droppedSentence(error: ErrorLike & { messagesRead?: number }): string {
  const cause = error.cause as ErrorLike | undefined;
  if (cause === undefined || cause === null || !isUnreachable(cause)) {
    return `${detail(error)}.`;
  }
  const read = error.messagesRead ?? 0;
  return `Could not reach the namespace again after the connection dropped while peeking (${read} ${read === 1 ? 'message' : 'messages'} read): ${detail(cause)}.`;
}

/** The role that carries a missing claim, as Azure names claims in its refusals. */
const ROLE_FOR_CLAIM: ReadonlyArray<[RegExp, string]> = [
  [/\bManage\b/, 'Reading counts and subscriptions needs the "Azure Service Bus Data Owner" role'],
  [/\bListen\b/, 'Peeking needs the "Azure Service Bus Data Receiver" role (or Data Owner)'],
  [/\bSend\b/, 'Sending needs the "Azure Service Bus Data Sender" role (or Data Owner)'],
];

/** For a refusal naming a missing claim: which role to assign, and where. */
export function missingRoleSentence(message: string): string | undefined {
  if (!/claim/i.test(message)) {
    return undefined;
  }
  const need = ROLE_FOR_CLAIM.find(([claim]) => claim.test(message))?.[1];
  return need && `${need}: assign it to you on the namespace's Access control (IAM) page in the Azure portal.`;
}

/**
 * A shared access key or signature the namespace refused for what it is, not for a missing right:
 * a key that does not match its key name (or a key name it does not know), or an expired
 * signature. Azure says "InvalidSignature: The token has an invalid signature" / "ExpiredToken".
 */
export function keyRefusal(error: unknown): 'mismatch' | 'expired' | undefined {
  for (const e of chain(error)) {
    const text = e.message ?? '';
    if (/expired/i.test(text) && /token|signature/i.test(text)) {
      return 'expired';
    }
    if (/signature|key name/i.test(text) && /invalid|does not match|not known|unknown/i.test(text)) {
      return 'mismatch';
    }
  }
  return undefined;
}

export function describeServiceBusError(error: unknown): string {
  const errors = chain(error);
  const first = errors[0];
  const has = (test: (e: ErrorLike) => boolean): ErrorLike | undefined => errors.find(test);
  // Before the cancellation check: a silent broker's request ends as an abort, caused by the deadline.
  const silent = has((e) => e.name === 'NoAnswerError');
  if (silent) {
    return `${detail(silent)}.`;
  }
  const aborted = has((e) => e.name === 'AbortError');
  if (aborted) {
    return 'The operation was cancelled.';
  }
  if (first?.name === 'ConnectionDroppedError') {
    return droppedSentence(first as ErrorLike & { messagesRead?: number });
  }
  const unauthorized = has((e) => e.code === 'UnauthorizedAccess' || e.name === 'UnauthorizedError' || e.statusCode === 401 || e.statusCode === 403);
  const role = errors.map((e) => missingRoleSentence(e.message ?? '')).find((sentence) => sentence !== undefined);
  if (role !== undefined) {
    return role;
  }
  if (errors.some((e) => /InvalidIssuer/.test(e.message ?? ''))) {
    return 'The token comes from another Microsoft Entra tenant than the namespace\'s: sign in to the namespace\'s tenant (choose it for a VS Code account connection, or run "az login --tenant <tenant id>").';
  }
  if (unauthorized) {
    return `The namespace refused the credentials: ${detail(unauthorized)}.`;
  }
  const credential = has((e) => e.name === 'CredentialUnavailableError' || e.name === 'AuthenticationError' || e.name === 'AggregateAuthenticationError');
  if (credential) {
    return `No Azure credential could sign in (try "az login"): ${detail(credential)}.`;
  }
  const missing = has((e) => e.code === 'MessagingEntityNotFound' || e.statusCode === 404);
  if (missing) {
    return `The topic or subscription does not exist: ${detail(missing)}.`;
  }
  const unreachable = has(isUnreachable);
  if (unreachable) {
    return `Could not reach the namespace: ${detail(unreachable)}.`;
  }
  return `${detail(first)}.`;
}
