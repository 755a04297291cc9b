// Noticing a dropped AMQP connection while a request is in flight. @azure/service-bus (7.9.5)
// reconnects for the next operation, but a management request (a peek) already sent on the lost
// connection is only given up when its per-try timeout ends: a blip cost 30 s. The client's
// connection announces the drop, so the caller can cancel the request then and ask again.
import type { ServiceBusClient } from '@azure/service-bus';
import { isNoAnswer } from './no-answer';

interface DisconnectContext {
  error?: unknown;
  connection?: { error?: unknown };
}

/** The SDK's rhea-promise connection, as far as this module needs it. */
interface ConnectionEvents {
  once(event: 'disconnected', listener: (context: DisconnectContext) => void): unknown;
  removeListener(event: 'disconnected', listener: (context: DisconnectContext) => void): unknown;
}

/** The SDK's connection context: its current connection, replaced by a new one after a drop. */
interface ConnectionContext {
  connection?: ConnectionEvents;
  /** Resolves once a dropped connection has been replaced (operations wait for it too). */
  readyToOpenLink?(): Promise<void>;
}

export interface DropWatch {
  /** Aborts when the connection drops. */
  readonly signal: AbortSignal;
  /** What the connection said when it dropped (a socket error, or undefined for a plain close). */
  readonly reason: unknown;
  dispose(): void;
}

/**
 * Watches the connection the client's next operation will use: after a drop, the SDK's new one
 * (watching the old one, a second drop went unnoticed). The connection is an internal of the
 * SDK; should a later version move it, nothing is watched and the SDK's own timeouts apply.
 */
export async function watchConnectionDrop(client: ServiceBusClient): Promise<DropWatch> {
  const context = (client as unknown as { _connectionContext?: ConnectionContext })._connectionContext;
  await context?.readyToOpenLink?.();
  const connection = context?.connection;
  const controller = new AbortController();
  let reason: unknown;
  const onDisconnected = (context: DisconnectContext): void => {
    reason = context.error ?? context.connection?.error;
    // A connection that never opened did not drop: the operation waiting on it fails with the
    // NoAnswerError itself (no-answer.ts), and must not be asked again on a new connection.
    if (!isNoAnswer(reason)) {
      controller.abort(new ConnectionDropSignal());
    }
  };
  connection?.once('disconnected', onDisconnected);
  return {
    signal: controller.signal,
    get reason() {
      return reason;
    },
    dispose: () => {
      connection?.removeListener('disconnected', onDisconnected);
    },
  };
}

/** The abort reason of a DropWatch's signal (never shown: the caller retries or throws ConnectionDroppedError). */
class ConnectionDropSignal extends Error {
  constructor() {
    super('The connection dropped.');
    this.name = 'ConnectionDropSignal';
  }
}

/** A peek whose connection kept dropping; it says how far it got, so the caller can go on from there. */
export class ConnectionDroppedError extends Error {
  constructor(
    readonly host: string,
    readonly drops: number,
    /** Messages read before the drops (the caller keeps them). */
    readonly messagesRead: number,
    cause: unknown,
  ) {
    super(
      `The connection to ${host} dropped ${drops} times in a row while peeking, after ${messagesRead} messages` +
        `${reasonText(cause)}; check the network (or the namespace's status) and try again.`,
      { cause },
    );
    this.name = 'ConnectionDroppedError';
  }
}

function reasonText(cause: unknown): string {
  const message = cause instanceof Error ? cause.message : typeof cause === 'string' ? cause : undefined;
  return message === undefined || message.trim() === '' ? '' : ` (${message.split('\n')[0].trim().replace(/[.\s]+$/, '')})`;
}
