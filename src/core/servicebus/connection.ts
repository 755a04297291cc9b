// One connection to a Service Bus namespace (Azure, the official emulator or our sandbox):
// subscription counts through the administration client, and peeks through a receiver.
import type { TokenCredential } from '@azure/identity';
import {
  RetryMode, ServiceBusAdministrationClient, ServiceBusClient, ServiceBusClientOptions, ServiceBusReceiver,
} from '@azure/service-bus';
import Long from 'long';
import type { PeekedMessage } from '../events/model';
import { parseConnectionString } from './connection-string';
import { RAW_RECEIVE_OPTIONS, toPeekedMessage as toPeeked } from './message';
import { IdentityChainCredential } from './credentials';
import { ConnectionTarget, DEFAULT_TOPIC, PeekOptions, SubscriptionCounts, TokenCredentialLike, WebSocketTransport } from './types';

/**
 * The administration client always builds https://<namespace>/... URLs and ignores
 * `additionalPolicies`; a policy added after construction sends them to the emulator's port.
 */
function routeManagementTo(admin: ServiceBusAdministrationClient, endpoint: string): void {
  admin.pipeline.addPolicy({
    name: 'ctEventsEmulatorManagementRoute',
    sendRequest: (request, next) => {
      const url = new URL(request.url);
      request.url = `${endpoint}${url.pathname}${url.search}`;
      request.allowInsecureConnection = endpoint.startsWith('http:');
      return next(request);
    },
  });
}

/**
 * The SDK's default waits 30 s between three retries, even when the namespace refused the
 * credentials; a browsing tool should say so within seconds and still ride out a blip.
 */
const CLIENT_OPTIONS: ServiceBusClientOptions = {
  retryOptions: { maxRetries: 2, retryDelayInMs: 500, maxRetryDelayInMs: 4000, mode: RetryMode.Exponential },
};

function clientOptions(webSockets: WebSocketTransport | undefined, customEndpointAddress?: string): ServiceBusClientOptions {
  return {
    ...CLIENT_OPTIONS,
    customEndpointAddress,
    webSocketOptions: webSockets && {
      webSocket: webSockets.webSocket as NonNullable<ServiceBusClientOptions['webSocketOptions']>['webSocket'],
      webSocketConstructorOptions: webSockets.webSocketConstructorOptions,
    },
  };
}

export class ServiceBusConnection {
  private readonly client: ServiceBusClient;
  private readonly admin: ServiceBusAdministrationClient;
  /** For labels and logs: the namespace host, never a secret. */
  readonly host: string;
  /** The credential of a namespace connection (to ask which source gave its token). */
  readonly credential?: TokenCredentialLike;

  constructor(target: ConnectionTarget) {
    if (target.kind === 'connectionString') {
      const info = parseConnectionString(target.connectionString);
      this.host = info.port === undefined ? info.host : `${info.host}:${info.port}`;
      this.client = new ServiceBusClient(target.connectionString, clientOptions(target.webSockets));
      this.admin = new ServiceBusAdministrationClient(target.connectionString);
      if (info.managementEndpoint !== undefined) {
        routeManagementTo(this.admin, info.managementEndpoint);
      }
    } else {
      // Our TokenCredentialLike is @azure/core-auth's TokenCredential without the SDK's type import.
      const credential = (target.credential ?? new IdentityChainCredential({ host: target.fullyQualifiedNamespace })) as TokenCredential;
      this.credential = credential;
      this.host = target.fullyQualifiedNamespace;
      this.client = new ServiceBusClient(target.fullyQualifiedNamespace, credential, clientOptions(target.webSockets, target.customEndpointAddress));
      this.admin = new ServiceBusAdministrationClient(target.fullyQualifiedNamespace, credential);
      if (target.managementEndpoint !== undefined) {
        routeManagementTo(this.admin, target.managementEndpoint);
      }
    }
  }

  /** Every subscription of the topic with its runtime counts, in the namespace's order. */
  async listSubscriptions(topic: string = DEFAULT_TOPIC, signal?: AbortSignal): Promise<SubscriptionCounts[]> {
    const result: SubscriptionCounts[] = [];
    for await (const s of this.admin.listSubscriptionsRuntimeProperties(topic, { abortSignal: signal })) {
      result.push({
        name: s.subscriptionName,
        activeMessageCount: s.activeMessageCount,
        deadLetterMessageCount: s.deadLetterMessageCount,
        scheduledMessageCount: 0, // the administration client reports scheduled counts per topic only
        transferMessageCount: s.transferMessageCount,
        transferDeadLetterMessageCount: s.transferDeadLetterMessageCount,
        totalMessageCount: s.totalMessageCount,
      });
    }
    return result;
  }

  /**
   * Peeks up to maxMessages, page after page: a broker may answer a peek with fewer messages
   * than asked even when more follow, so only an empty page ends the walk.
   */
  async peek(options: PeekOptions): Promise<PeekedMessage[]> {
    const receiver: ServiceBusReceiver = this.client.createReceiver(options.topic ?? DEFAULT_TOPIC, options.subscription, {
      subQueueType: options.deadLetter ? 'deadLetter' : undefined,
      ...RAW_RECEIVE_OPTIONS,
    });
    const messages: PeekedMessage[] = [];
    try {
      let next = options.fromSequenceNumber === undefined ? Long.ONE : Long.fromString(options.fromSequenceNumber);
      while (messages.length < options.maxMessages) {
        options.signal?.throwIfAborted();
        const page = await receiver.peekMessages(options.maxMessages - messages.length, { fromSequenceNumber: next, abortSignal: options.signal });
        const last = page.at(-1)?.sequenceNumber;
        if (page.length === 0 || last === undefined) {
          break;
        }
        messages.push(...page.map(toPeeked));
        next = last.add(1);
        options.onProgress?.(messages.length);
      }
    } finally {
      await receiver.close();
    }
    return messages;
  }

  async close(): Promise<void> {
    await this.client.close();
  }
}
