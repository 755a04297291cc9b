// Shapes of the Service Bus layer's API. Only src/core/servicebus imports @azure/*.
import type { PeekedMessage } from '../events/model';

export const DEFAULT_TOPIC = 'CTEvents';

/** How a connection is made; secrets (connection strings) are only ever in memory or SecretStorage. */
export type ConnectionTarget =
  | { kind: 'connectionString'; connectionString: string }
  | { kind: 'namespace'; fullyQualifiedNamespace: string };

export interface SubscriptionCounts {
  name: string;
  activeMessageCount: number;
  deadLetterMessageCount: number;
  scheduledMessageCount: number;
  transferMessageCount: number;
  transferDeadLetterMessageCount: number;
  totalMessageCount: number;
}

export interface PeekOptions {
  topic?: string;
  subscription: string;
  deadLetter?: boolean;
  /** Most messages to return in all. */
  maxMessages: number;
  /** Decimal string; omitted means from the start. */
  fromSequenceNumber?: string;
  signal?: AbortSignal;
  /** Called after each page with the messages read so far. */
  onProgress?: (read: number) => void;
}

export type { PeekedMessage };
