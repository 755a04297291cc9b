// One connection to a Service Bus namespace (Azure, the official emulator or our sandbox):
// subscription counts through the administration client, and peeks through a receiver.
import type { TokenCredential } from '@azure/identity';
import {
  CorrelationRuleFilter, RetryMode, RetryOptions, ServiceBusAdministrationClient, ServiceBusClient, ServiceBusClientOptions, ServiceBusReceivedMessage,
  ServiceBusReceiver, SqlRuleFilter,
} from '@azure/service-bus';
import Long from 'long';
import type { PeekedMessage } from '../events/model';
import { amqpEndpointOf, parseConnectionString } from './connection-string';
import { ConnectionDroppedError, watchConnectionDrop } from './connection-drops';
import { scheduledCountsOfFeed } from './count-details';
import { RAW_RECEIVE_OPTIONS, toPeekedMessage as toPeeked } from './message';
import {
  DeadLetterSelection, PurgeOptions, ReplayReport, ResubmitOptions, SendEventsOptions, factsOfMessage, purgeDeadLetters, resubmitDeadLetters, sendEvents,
} from './replay';
import { ReplayAudience, RuleFilter, SubscriptionRules, normaliseFilter, replayAudience } from './rules';
import { IdentityChainCredential } from './credentials';
import { sharedAccessSignatureOf, signManagementWithSignature } from './credentials-sas';
import { NO_ANSWER_TIMEOUT_MS, OpenDeadline, boundConnectionOpens, isNoAnswer, managementAnswerDeadline, openConnection } from './no-answer';
import {
  ConnectionTarget, DEFAULT_TOPIC, PeekOptions, ScheduledPeekOptions, SubscriptionCounts, TokenCredentialLike, WebSocketTransport,
} from './types';

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
 * credentials; a browsing tool should say so within seconds and still ride out a blip. Each
 * attempt gets 30 s, not the SDK's 60: a request in flight on a connection that goes silent
 * (no close, no reset) is only given up at its timeout. A connection that is seen to drop is
 * handled at once for peeks (peekPage) and for replay's receives, sends and settlements (replay.ts).
 */
const RETRY_OPTIONS: RetryOptions = { maxRetries: 2, retryDelayInMs: 500, maxRetryDelayInMs: 4000, mode: RetryMode.Exponential, timeoutInMs: 30_000 };

/** Consecutive dropped connections one peek page rides out (each retried at once on a new connection) before the peek fails. */
const PEEK_DROP_RETRIES = 3;

/** How the layer talks to the namespace; the defaults suit a browsing tool, tests shorten them. */
export interface ConnectionOptions {
  /** Per-attempt timeout and retries of AMQP operations (default: 30 s, 2 retries). */
  retry?: Pick<RetryOptions, 'timeoutInMs' | 'maxRetries' | 'retryDelayInMs'>;
  /** How long the broker may stay silent when a connection opens or a management request is made (default 15 s). */
  noAnswerTimeoutMs?: number;
}

function clientOptions(options: ConnectionOptions, webSockets: WebSocketTransport | undefined, customEndpointAddress?: string): ServiceBusClientOptions {
  return {
    retryOptions: { ...RETRY_OPTIONS, ...options.retry },
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
  private readonly openDeadline: OpenDeadline;

  constructor(target: ConnectionTarget, options: ConnectionOptions = {}) {
    if (target.kind === 'connectionString') {
      const info = parseConnectionString(target.connectionString);
      this.host = info.port === undefined ? info.host : `${info.host}:${info.port}`;
      this.client = new ServiceBusClient(target.connectionString, clientOptions(options, target.webSockets));
      this.admin = new ServiceBusAdministrationClient(target.connectionString);
      const signature = sharedAccessSignatureOf(target.connectionString);
      if (signature !== undefined) {
        signManagementWithSignature(this.admin, signature);
      }
      if (info.managementEndpoint !== undefined) {
        routeManagementTo(this.admin, info.managementEndpoint);
      }
    } else {
      // Our TokenCredentialLike is @azure/core-auth's TokenCredential without the SDK's type import.
      const credential = (target.credential ?? new IdentityChainCredential({ host: target.fullyQualifiedNamespace })) as TokenCredential;
      this.credential = credential;
      this.host = target.fullyQualifiedNamespace;
      this.client = new ServiceBusClient(target.fullyQualifiedNamespace, credential, clientOptions(options, target.webSockets, target.customEndpointAddress));
      this.admin = new ServiceBusAdministrationClient(target.fullyQualifiedNamespace, credential);
      if (target.managementEndpoint !== undefined) {
        routeManagementTo(this.admin, target.managementEndpoint);
      }
    }
    const noAnswerTimeoutMs = options.noAnswerTimeoutMs ?? NO_ANSWER_TIMEOUT_MS;
    this.admin.pipeline.addPolicy(managementAnswerDeadline(noAnswerTimeoutMs));
    const amqp = amqpEndpointOf(target);
    this.openDeadline = boundConnectionOpens(this.client, `${amqp.host}:${amqp.port}`, noAnswerTimeoutMs);
  }

  /**
   * Every subscription of the topic with its runtime counts, in the namespace's order. Scheduled
   * messages wait in the topic until their time, so Azure counts them there: each subscription
   * carries the topic's figure too (its own, from the feed's CountDetails, is 0 on Azure).
   */
  async listSubscriptions(topic: string = DEFAULT_TOPIC, signal?: AbortSignal): Promise<SubscriptionCounts[]> {
    const topicScheduled = this.topicScheduledCount(topic, signal);
    const result: SubscriptionCounts[] = [];
    const sessions = new Map<string, boolean>();
    for await (const s of this.admin.listSubscriptions(topic, { abortSignal: signal })) {
      sessions.set(s.subscriptionName, s.requiresSession);
    }
    const readAt = new Date().toISOString();
    for await (const page of this.admin.listSubscriptionsRuntimeProperties(topic, { abortSignal: signal }).byPage()) {
      // The SDK drops CountDetails' ScheduledMessageCount; the page's raw feed still has it.
      const scheduled = scheduledCountsOfFeed((page as { _response?: { bodyAsText?: string } })._response?.bodyAsText ?? '');
      for (const s of page) {
        result.push({
          requiresSession: sessions.get(s.subscriptionName),
          readAt,
          name: s.subscriptionName,
          activeMessageCount: s.activeMessageCount,
          deadLetterMessageCount: s.deadLetterMessageCount,
          scheduledMessageCount: scheduled.get(s.subscriptionName) ?? 0,
          transferMessageCount: s.transferMessageCount,
          transferDeadLetterMessageCount: s.transferDeadLetterMessageCount,
          totalMessageCount: s.totalMessageCount,
        });
      }
    }
    const topicScheduledMessageCount = await topicScheduled;
    return topicScheduledMessageCount === undefined ? result : result.map((s) => ({ ...s, topicScheduledMessageCount }));
  }

  /** Undefined when the namespace will not say (e.g. the caller may list subscriptions but not read the topic). */
  private async topicScheduledCount(topic: string, signal?: AbortSignal): Promise<number | undefined> {
    try {
      return (await this.admin.getTopicRuntimeProperties(topic, { abortSignal: signal })).scheduledMessageCount;
    } catch {
      return undefined;
    }
  }

  /**
   * Peeks up to maxMessages, page after page: a broker may answer a peek with fewer messages
   * than asked even when more follow, so only an empty page ends the walk.
   */
  async peek(options: PeekOptions): Promise<PeekedMessage[]> {
    return this.peekThrough(await this.peekReceiver(options), options);
  }

  /**
   * The scheduled messages the topic holds until their time (state 'scheduled', with their
   * scheduled enqueue time): no subscription has them yet. Azure refuses a receive link on a topic
   * but answers a peek of the topic's $management node, which is what the SDK's receiver for the
   * topic's own path sends (it opens no receive link to peek).
   */
  async peekScheduled(options: ScheduledPeekOptions): Promise<PeekedMessage[]> {
    return this.peekThrough(this.client.createReceiver(options.topic ?? DEFAULT_TOPIC, RAW_RECEIVE_OPTIONS), options);
  }

  /** The paging loop of both peeks; closes the receiver. */
  private async peekThrough(receiver: ServiceBusReceiver, options: ScheduledPeekOptions): Promise<PeekedMessage[]> {
    const messages: PeekedMessage[] = [];
    try {
      let next = options.fromSequenceNumber === undefined ? Long.ONE : Long.fromString(options.fromSequenceNumber);
      while (messages.length < options.maxMessages) {
        options.signal?.throwIfAborted();
        const page = await this.peekPage(receiver, options.maxMessages - messages.length, next, options.signal, messages.length);
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

  /**
   * One page, asked again at once when the connection drops while it is in flight (a peek reads
   * nothing, so asking again from the same sequence number returns exactly what was missed). The
   * SDK alone would wait out its per-try timeout first.
   */
  private async peekPage(receiver: ServiceBusReceiver, count: number, from: Long, signal: AbortSignal | undefined, readSoFar: number): Promise<ServiceBusReceivedMessage[]> {
    for (let drops = 0; ; ) {
      const drop = await watchConnectionDrop(this.client);
      try {
        return await receiver.peekMessages(count, { fromSequenceNumber: from, abortSignal: signal ? AbortSignal.any([signal, drop.signal]) : drop.signal });
      } catch (error) {
        if (!drop.signal.aborted || signal?.aborted) {
          throw error;
        }
        drops += 1;
        if (drops > PEEK_DROP_RETRIES) {
          throw new ConnectionDroppedError(this.host, drops, readSoFar, drop.reason);
        }
      } finally {
        drop.dispose();
      }
    }
  }

  /**
   * The receiver a peek reads through. A session-enabled subscription's active queue can only be
   * read for one session at a time, and Service Bus has no operation that lists sessions, so
   * without a session id this says so instead of waiting for a session that may never come.
   */
  private async peekReceiver(options: PeekOptions): Promise<ServiceBusReceiver> {
    const topic = options.topic ?? DEFAULT_TOPIC;
    const queue = options.queue ?? (options.deadLetter ? 'deadLetter' : 'active');
    const subQueueType = queue === 'active' ? undefined : queue;
    if (queue === 'active' && options.sessionId !== undefined) {
      // Accepting a session that another receiver holds waits; a bounded wait keeps the tree responsive.
      const timeout = AbortSignal.timeout(SESSION_ACCEPT_TIMEOUT_MS);
      return this.client.acceptSession(topic, options.subscription, options.sessionId, {
        ...RAW_RECEIVE_OPTIONS,
        abortSignal: options.signal ? AbortSignal.any([options.signal, timeout]) : timeout,
      });
    }
    if (queue === 'active' && (await this.requiresSession(topic, options.subscription, options.signal))) {
      throw new SessionIdRequiredError(options.subscription);
    }
    return this.client.createReceiver(topic, options.subscription, { subQueueType, ...RAW_RECEIVE_OPTIONS });
  }

  /** False when the namespace will not say (e.g. the caller may peek but not read entity descriptions). */
  private async requiresSession(topic: string, subscription: string, signal?: AbortSignal): Promise<boolean> {
    return unlessRefused(async () => (await this.admin.getSubscription(topic, subscription, { abortSignal: signal })).requiresSession, false);
  }

  /** Each subscription's rules, read through the administration client. */
  async subscriptionRules(topic: string = DEFAULT_TOPIC, signal?: AbortSignal): Promise<SubscriptionRules[]> {
    const result: SubscriptionRules[] = [];
    for await (const s of this.admin.listSubscriptions(topic, { abortSignal: signal })) {
      const rules: SubscriptionRules['rules'] = [];
      for await (const rule of this.admin.listRules(topic, s.subscriptionName, { abortSignal: signal })) {
        rules.push({ name: rule.name, filter: toRuleFilter(rule.filter) });
      }
      result.push({ subscription: s.subscriptionName, rules });
    }
    return result;
  }

  /**
   * Which subscriptions will receive copies of these dead letters, before anything is sent.
   * The dead letters are peeked (at most maxMessages) only when some rule depends on a message's properties.
   */
  async replayPreview(
    options: { topic?: string; subscription: string; selection: DeadLetterSelection; signal?: AbortSignal; maxMessages?: number },
  ): Promise<{ audience: ReplayAudience[]; messagesJudged: number; estimated: boolean }> {
    const topic = options.topic ?? DEFAULT_TOPIC;
    const rules = await this.subscriptionRules(topic, options.signal);
    const max = options.maxMessages ?? 5000;
    const receiver = this.client.createReceiver(topic, options.subscription, { subQueueType: 'deadLetter', ...RAW_RECEIVE_OPTIONS });
    const wanted = 'sequenceNumbers' in options.selection ? new Set(options.selection.sequenceNumbers) : undefined;
    const facts = [];
    let estimated = false;
    try {
      let next = Long.ONE;
      for (;;) {
        const page = await receiver.peekMessages(250, { fromSequenceNumber: next, abortSignal: options.signal });
        const last = page.at(-1)?.sequenceNumber;
        if (page.length === 0 || last === undefined) {
          break;
        }
        facts.push(...page.filter((m) => wanted === undefined || wanted.has(m.sequenceNumber?.toString() ?? '')).map(factsOfMessage));
        if (facts.length >= max) {
          estimated = true;
          break;
        }
        next = last.add(1);
      }
    } finally {
      await receiver.close();
    }
    return { audience: replayAudience(rules, facts), messagesJudged: facts.length, estimated };
  }

  /**
   * See resubmitDeadLetters in replay.ts: send each copy, then complete its original. The
   * dead-letter count read first lets the run end once it has them all, without an idle wait.
   */
  async resubmitDeadLetters(options: ResubmitOptions): Promise<ReplayReport> {
    const topic = options.topic ?? DEFAULT_TOPIC;
    const deadLetterCount = options.deadLetterCount ?? (await this.deadLetterCount(topic, options.subscription, options.signal));
    return resubmitDeadLetters(this.client, { ...options, deadLetterCount });
  }

  /** Undefined when the namespace will not say (e.g. rights to send and receive but not to read entity descriptions). */
  private async deadLetterCount(topic: string, subscription: string, signal?: AbortSignal): Promise<number | undefined> {
    return unlessRefused(async () => (await this.admin.getSubscriptionRuntimeProperties(topic, subscription, { abortSignal: signal })).deadLetterMessageCount, undefined);
  }

  /** Sends CT events (e.g. from a saved file) to the topic at a rate. */
  async sendEvents(events: readonly unknown[], options: SendEventsOptions = {}): Promise<ReplayReport> {
    await openConnection(this.client, options.signal);
    return sendEvents(this.client, events, options);
  }

  /**
   * Empties a subscription's dead-letter queue; returns how many messages were removed. The
   * dead-letter count read first lets it end once they are gone, without an idle wait.
   */
  async purgeDeadLetters(options: Omit<PurgeOptions, 'deadLetterCount' | 'idleWaitMs'>): Promise<number> {
    const topic = options.topic ?? DEFAULT_TOPIC;
    const deadLetterCount = await this.deadLetterCount(topic, options.subscription, options.signal);
    return purgeDeadLetters(this.client, { ...options, deadLetterCount });
  }

  async close(): Promise<void> {
    this.openDeadline.dispose();
    await this.client.close();
  }
}

const SESSION_ACCEPT_TIMEOUT_MS = 10_000;

/** Thrown by peek for a session-enabled subscription when no session id was given. */
export class SessionIdRequiredError extends Error {
  constructor(readonly subscription: string) {
    super(`Subscription ${subscription} requires sessions: give a session id to peek it (Service Bus has no operation that lists the sessions of a subscription).`);
    this.name = 'SessionIdRequiredError';
  }
}

/** The SDK's rule filter in our terms; the service stores true and false filters as SQL 1=1 and 1=0. */
function toRuleFilter(filter: SqlRuleFilter | CorrelationRuleFilter): RuleFilter {
  if ('sqlExpression' in filter && filter.sqlExpression !== undefined) {
    return normaliseFilter({ kind: 'sql', expression: filter.sqlExpression });
  }
  const c = filter as CorrelationRuleFilter;
  const props = c.applicationProperties as Record<string, string | number | boolean | Date> | undefined;
  return {
    kind: 'correlation', correlationId: c.correlationId, messageId: c.messageId, to: c.to, replyTo: c.replyTo, subject: c.subject,
    sessionId: c.sessionId, replyToSessionId: c.replyToSessionId, contentType: c.contentType, applicationProperties: props,
  };
}

/**
 * An optional fact read from the namespace, or `fallback` when it refuses (missing rights, say).
 * A namespace that does not answer is still an error: whatever comes next would only wait for it again.
 */
async function unlessRefused<T>(read: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (isNoAnswer(error)) {
      throw error;
    }
    return fallback;
  }
}
