// Shapes of the Service Bus layer's API. Only src/core/servicebus imports @azure/*.
import type { PeekedMessage } from '../events/model';

export const DEFAULT_TOPIC = 'CTEvents';

/** A token source shaped like @azure/core-auth's TokenCredential, so callers need not import @azure/*. */
export interface TokenCredentialLike {
  getToken(scopes: string | string[], options?: { abortSignal?: AbortSignal; tenantId?: string }): Promise<{ token: string; expiresOnTimestamp: number } | null>;
}

/** A credential that can say, after a token was obtained, what gave it (for the doctor and logs). */
export interface NamedCredential extends TokenCredentialLike {
  readonly sourceLabel: string | undefined;
}

/** A namespace reached with Microsoft Entra ID. */
export interface NamespaceTarget {
  kind: 'namespace';
  fullyQualifiedNamespace: string;
  /** Default: the @azure/identity chain for the namespace's cloud. */
  credential?: TokenCredentialLike;
  /** Send AMQP elsewhere (e.g. `sb://localhost:5671`) while keeping the host name for TLS and tokens. */
  customEndpointAddress?: string;
  /** Send the management feed elsewhere, e.g. `https://localhost:8443`. */
  managementEndpoint?: string;
  /** AMQP over WebSockets on 443, for networks that block 5671. */
  webSockets?: WebSocketTransport;
}

/** A WebSocket constructor (the `ws` package) and its options, e.g. a proxy agent. */
export interface WebSocketTransport {
  webSocket: unknown;
  webSocketConstructorOptions?: Record<string, unknown>;
}

/** How a connection is made; secrets (connection strings) are only ever in memory or SecretStorage. */
export type ConnectionTarget =
  | { kind: 'connectionString'; connectionString: string; webSockets?: WebSocketTransport }
  | NamespaceTarget;

export interface SubscriptionCounts {
  name: string;
  activeMessageCount: number;
  deadLetterMessageCount: number;
  /** The subscription's own count of scheduled messages, as its CountDetails report it (0 on Azure, which keeps them in the topic). */
  scheduledMessageCount: number;
  /**
   * Scheduled messages waiting in the topic; at their time each goes to the subscriptions whose
   * rules match. Undefined when the namespace did not say.
   */
  topicScheduledMessageCount?: number;
  transferMessageCount: number;
  transferDeadLetterMessageCount: number;
  totalMessageCount: number;
  /** Whether receivers (and peeks) need a session id; undefined when the namespace did not say. */
  requiresSession?: boolean;
  /** ISO-8601 UTC time the counts were read. */
  readAt?: string;
}

/** Which queue of a subscription: its active messages, its dead letters, or the transfer dead letters. */
export type SubQueue = 'active' | 'deadLetter' | 'transferDeadLetter';

export interface PeekOptions {
  topic?: string;
  subscription: string;
  /** Shorthand for queue: 'deadLetter'. */
  deadLetter?: boolean;
  /** Default: active, or deadLetter when deadLetter is set. */
  queue?: SubQueue;
  /** For a session-enabled subscription: the session to peek (Service Bus cannot list sessions). */
  sessionId?: string;
  /** Most messages to return in all. */
  maxMessages: number;
  /** Decimal string; omitted means from the start. */
  fromSequenceNumber?: string;
  signal?: AbortSignal;
  /** Called after each page with the messages read so far. */
  onProgress?: (read: number) => void;
}

/**
 * A peek of the topic's scheduled messages: Service Bus keeps them in the topic until their time,
 * so they belong to no subscription (and no session or dead-letter queue) yet.
 */
export type ScheduledPeekOptions = Pick<PeekOptions, 'topic' | 'maxMessages' | 'fromSequenceNumber' | 'signal' | 'onProgress'>;

export type { PeekedMessage };
