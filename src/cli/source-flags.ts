// The flags that say where messages come from, shared by subscriptions, peek and timeline (peek
// also reads the topic's scheduled messages),
// checked before anything connects. A connection string carries a key: it is never echoed.
import { DEFAULT_TOPIC, type ConnectionTarget } from '../core/servicebus/types';
import type { Flags, FlagSpecs } from './args';
import { UsageError } from './io';

export const CONNECTION_FLAGS = {
  'connection-string': { kind: 'value', valueName: 'CS', description: 'Service Bus connection string (sandbox, emulator or Azure)' },
  namespace: { kind: 'value', valueName: 'FQDN', description: 'namespace host name, signed in with Microsoft Entra ID instead of a key' },
  topic: { kind: 'value', valueName: 'NAME', description: `topic (default ${DEFAULT_TOPIC})` },
} as const satisfies FlagSpecs;

export const DEFAULT_MAX_MESSAGES = 100;
/** The most --max takes: every peeked message is held in memory until it is printed. */
export const MAX_PEEK_MESSAGES = 1_000_000;

/** Where peek and timeline read messages from. */
export const MESSAGE_SOURCE_FLAGS = {
  ...CONNECTION_FLAGS,
  subscription: { kind: 'value', valueName: 'NAME', description: 'subscription to peek', required: true },
  'dead-letter': { kind: 'switch', description: "peek the subscription's dead-letter queue" },
  max: { kind: 'value', valueName: 'N', description: `most messages to peek (default ${DEFAULT_MAX_MESSAGES}, at most ${MAX_PEEK_MESSAGES})` },
  'from-sequence': { kind: 'value', valueName: 'N', description: 'first sequence number to peek' },
} as const satisfies FlagSpecs;

/** peek's sources: a subscription (or its dead-letter queue), or the topic's scheduled messages. */
export const PEEK_SOURCE_FLAGS = {
  ...MESSAGE_SOURCE_FLAGS,
  subscription: { kind: 'value', valueName: 'NAME', description: 'subscription to peek (required unless --scheduled)' },
  scheduled: { kind: 'switch', description: "peek the topic's scheduled messages (Service Bus keeps them in the topic until their time)" },
} as const satisfies FlagSpecs;

/** What a peek reads: a subscription's queue, or the scheduled messages the topic holds. */
export type PeekedEntity = { kind: 'subscription'; subscription: string; deadLetter: boolean } | { kind: 'scheduled' };

/** --subscription (with --dead-letter or not) or --scheduled, never both, checked before anything connects. */
export function peekedEntityFrom(flags: Flags<typeof PEEK_SOURCE_FLAGS>): PeekedEntity {
  if (flags.scheduled === true) {
    if (flags.subscription !== undefined) {
      throw new UsageError('give either --subscription or --scheduled, not both: scheduled messages wait in the topic, not in a subscription.');
    }
    if (flags['dead-letter'] === true) {
      throw new UsageError('--scheduled peeks the topic, which has no dead-letter queue; leave out --dead-letter.');
    }
    return { kind: 'scheduled' };
  }
  if (flags.subscription === undefined) {
    throw new UsageError('give --subscription NAME, or --scheduled for the topic\'s scheduled messages.');
  }
  return { kind: 'subscription', subscription: flags.subscription, deadLetter: flags['dead-letter'] === true };
}

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+$/i;

/** Exactly one of --connection-string and --namespace, checked before anything connects. */
export function connectionTargetFrom(flags: Flags<typeof CONNECTION_FLAGS>): ConnectionTarget {
  const connectionString = flags['connection-string'];
  const namespace = flags.namespace;
  if (connectionString !== undefined && namespace !== undefined) {
    throw new UsageError('give either --connection-string or --namespace, not both.');
  }
  if (connectionString !== undefined) {
    if (!/(^|;)\s*Endpoint\s*=/i.test(connectionString)) {
      throw new UsageError('--connection-string must be a Service Bus connection string (Endpoint=sb://...;SharedAccessKeyName=...;SharedAccessKey=...).');
    }
    return { kind: 'connectionString', connectionString };
  }
  if (namespace !== undefined) {
    if (/[=;]/.test(namespace)) {
      throw new UsageError('--namespace takes a host name; pass a connection string with --connection-string.');
    }
    if (!HOST_NAME.test(namespace)) {
      throw new UsageError('--namespace must be the namespace host name alone, such as contoso-ct.servicebus.windows.net (no scheme, path or port).');
    }
    return { kind: 'namespace', fullyQualifiedNamespace: namespace.toLowerCase() };
  }
  throw new UsageError('give --connection-string CS or --namespace FQDN.');
}
