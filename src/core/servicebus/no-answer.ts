// A broker that accepts the connection and then says nothing (a frozen host, a firewall or proxy
// that swallows the traffic) made every command wait for ever: the management HTTP requests have
// no timeout at all, and @azure/service-bus (7.9.5) gives an AMQP connection that never opens 60 s
// per attempt, retries, and leaves the silent socket open after the client is closed, so the
// process never ended. Both paths get a deadline for the broker's first answer, ending in one
// sentence that names the host and port that went silent.
import type { ServiceBusAdministrationClient, ServiceBusClient } from '@azure/service-bus';

type PipelinePolicy = Parameters<ServiceBusAdministrationClient['pipeline']['addPolicy']>[0];

/** How long the broker may take to answer a management request or open an AMQP connection. */
export const NO_ANSWER_TIMEOUT_MS = 15_000;

export class NoAnswerError extends Error {
  constructor(
    /** host:port that went silent. */
    readonly endpoint: string,
    readonly timeoutMs: number,
    options?: ErrorOptions,
  ) {
    super(
      `No answer from ${endpoint} within ${timeoutMs / 1000} s: something accepts connections there but says nothing ` +
        '(a frozen or overloaded broker, or a firewall or proxy that swallows the traffic). Check that the broker is running and answering, and that the network lets the port through.',
      options,
    );
    this.name = 'NoAnswerError';
  }
}

export function isNoAnswer(error: unknown): error is NoAnswerError {
  return error instanceof Error && error.name === 'NoAnswerError';
}

/**
 * A policy for the administration client's pipeline: each request gets a timeout (the SDK sets
 * none), and the AbortError it ends with becomes a NoAnswerError unless the caller cancelled.
 * The SDK's retry policy does not retry an abort, so one silent request fails the call.
 */
export function managementAnswerDeadline(timeoutMs: number): PipelinePolicy {
  return {
    name: 'ctEventsManagementAnswerDeadline',
    sendRequest: async (request, next) => {
      if (request.timeout === 0 || request.timeout > timeoutMs) {
        request.timeout = timeoutMs;
      }
      try {
        return await next(request);
      } catch (error) {
        if (error instanceof Error && error.name === 'AbortError' && request.abortSignal?.aborted !== true) {
          throw new NoAnswerError(hostAndPort(request.url), timeoutMs, { cause: error });
        }
        throw error;
      }
    },
  };
}

function hostAndPort(url: string): string {
  const parsed = new URL(url);
  return parsed.port === '' ? `${parsed.hostname}:${parsed.protocol === 'http:' ? 80 : 443}` : parsed.host;
}

/** The parts of rhea's connection a give-up needs. */
interface RheaConnection {
  socket?: { destroy?(): void; end(): void };
  on_error(error: unknown): void;
}

/** The SDK's rhea-promise connection, as far as this module needs it. */
interface AmqpConnection {
  open(options?: unknown): Promise<unknown>;
  isOpen(): boolean;
  _connection?: RheaConnection;
}

interface ConnectionContext {
  connection?: AmqpConnection;
}

export interface OpenDeadline {
  /** Gives up an open still waiting (its socket would keep the process alive), and stops watching. */
  dispose(): void;
}

/**
 * Bounds each AMQP connection open of the client, including the ones after a drop (the SDK then
 * replaces its connection object, so the context's property is watched). An open that has no
 * answer in time is ended as a socket error, which rejects the SDK's open with a NoAnswerError
 * (not retried: the SDK retries only errors it marks retryable) and closes the silent socket.
 * The connection is an internal of the SDK; should a later version move it, nothing is bounded
 * and the SDK's own timeouts apply.
 */
export function boundConnectionOpens(client: ServiceBusClient, endpoint: string, timeoutMs: number): OpenDeadline {
  const context = (client as unknown as { _connectionContext?: ConnectionContext })._connectionContext;
  if (context?.connection === undefined) {
    return { dispose: () => undefined };
  }
  const waiting = new Set<RheaConnection>();
  const giveUp = (rhea: RheaConnection, error: Error): void => {
    waiting.delete(rhea);
    if (rhea.socket?.destroy) {
      rhea.socket.destroy();
    } else {
      rhea.socket?.end();
    }
    rhea.on_error(error);
  };
  const bound = (connection: AmqpConnection): AmqpConnection => {
    const open = connection.open.bind(connection);
    connection.open = async (options?: unknown) => {
      const rhea = connection._connection;
      if (connection.isOpen() || rhea === undefined) {
        return open(options);
      }
      waiting.add(rhea);
      const timer = setTimeout(() => giveUp(rhea, new NoAnswerError(endpoint, timeoutMs)), timeoutMs);
      try {
        return await open(options);
      } finally {
        clearTimeout(timer);
        waiting.delete(rhea);
      }
    };
    return connection;
  };
  let current = bound(context.connection);
  Object.defineProperty(context, 'connection', {
    configurable: true,
    enumerable: true,
    get: () => current,
    set: (connection: AmqpConnection) => {
      current = bound(connection);
    },
  });
  return {
    dispose: () => {
      for (const rhea of [...waiting]) {
        giveUp(rhea, new Error('The connection was closed before the broker answered.'));
      }
    },
  };
}

/**
 * Opens the client's AMQP connection (and its $cbs links) now, as the SDK does before its first
 * link: a run of many operations (sending a file) then fails once when the broker is silent,
 * instead of once per operation. Without the SDK's internals it does nothing.
 */
export async function openConnection(client: ServiceBusClient, signal?: AbortSignal): Promise<void> {
  const context = (client as unknown as { _connectionContext?: { cbsSession?: { init(options: { abortSignal?: AbortSignal }): Promise<void> } } })._connectionContext;
  await context?.cbsSession?.init({ abortSignal: signal });
}
