/**
 * The CT Events sandbox: a local broker that @azure/service-bus talks to as it talks to Azure
 * Service Bus, for the operations this product uses (CBS auth with SAS tokens, send to a topic
 * with a copy per subscription, peek, peek-lock receive with complete/abandon/dead-letter, the
 * dead-letter sub-queue, and the management HTTP feed of counts).
 *
 * It is a development tool, not a production broker: everything lives in memory, one topic,
 * subscription rules (true and correlation filters; SQL filters let everything through), sessions,
 * scheduled messages, fault switches for tests. TLS and bearer tokens only when asked for (see SandboxOptions).
 *
 * Connection string (emulator conventions plus one key the SDK ignores):
 * `Endpoint=sb://localhost:AMQP;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=KEY;UseDevelopmentEmulator=true;ManagementPort=ADMIN`
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { startAdminServer } from './admin-http';
import { applicationPropertiesAsEncoded, splitSections } from './amqp-codec';
import { startAmqpServer } from './amqp-server';
import { SubscriptionSpec, Topic } from './broker';
import { SandboxFaults } from './faults';
import { deadLetterSeed, publishSeed, scheduleSeed } from './seed';

import type { TokenTrust } from './tokens';

export type { PutTokenEvent } from './amqp-server';
export { SandboxFaults } from './faults';
export type { FaultOptions, SettleOutcome } from './faults';
export type { SubscriptionSpec } from './broker';
export type { CorrelationRuleFilter, SandboxRule, SandboxRuleFilter } from './rules';
export type { Right, TokenTrust } from './tokens';
export { ROLE_RIGHTS, SERVICE_BUS_AUDIENCE, signHs256Jwt } from './tokens';

export const SANDBOX_KEY_NAME = 'RootManageSharedAccessKey';

export interface SandboxOptions {
  /** 0 (the default) picks a free port. */
  amqpPort?: number;
  adminPort?: number;
  /** Interface to listen on; default 127.0.0.1. */
  host?: string;
  /** Shared access key; default a random key per run. */
  key?: string;
  topic?: string;
  /** Names, or specs with rules (default: a true filter) and sessions; default alpha and beta. */
  subscriptions?: Array<string | SubscriptionSpec>;
  /** 'journey' (default): the seed journey plus generated learners; 'none': an empty topic. */
  seed?: 'journey' | 'none';
  /**
   * After seeding, moves the first N messages of the first subscription to its dead-letter queue
   * (reason SandboxSeed), so that replay can be tried; default 0. With `seed: 'none'` there is nothing to move.
   */
  deadLetters?: number;
  /** Schedules N copies of the seed events in the topic for one hour after start, as Azure holds them; default 0. */
  scheduled?: number;
  /** Most messages one peek answer carries (default 250). */
  peekPageCap?: number;
  /** Accept bearer tokens (Microsoft Entra ID style, with a `roles` claim) signed with these keys. */
  trust?: TokenTrust;
  /**
   * Also listen with TLS, as Azure does: AMQP on `tls.amqpPort` (0 picks one) and the management
   * feed over HTTPS instead of HTTP, with this key and certificate.
   */
  tls?: { key: string | Buffer; cert: string | Buffer; amqpPort?: number };
}

export interface EntityCounts {
  active: number;
  deadLetter: number;
}

export interface RunningSandbox {
  /** Emulator-style connection string, with `ManagementPort=<adminPort>` for the admin HTTP port. */
  connectionString: string;
  amqpPort: number;
  adminPort: number;
  topic: string;
  subscriptions: string[];
  /** Counts of one subscription, for tests; undefined for an unknown name. */
  counts(subscription: string): EntityCounts | undefined;
  /** Sends one message through the broker's own path (no AMQP client), e.g. to seed tests. */
  publish(encodedMessage: Buffer): void;
  /** Moves every active message of a subscription to its dead-letter queue (as MaxDeliveryCountExceeded would); returns how many. */
  deadLetterActive(subscription: string, reason: string): number;
  /** Puts a message straight into a subscription's transfer dead-letter queue (Service Bus does this when auto-forwarding fails). */
  putInTransferDeadLetter(subscription: string, encodedMessage: Buffer, reason: string): void;
  /**
   * The application properties of each message stored in a subscription's queue, in queue order,
   * as the sender encoded them: each value with its AMQP type code (e.g. 0x81 long, 0x98 uuid).
   */
  storedApplicationProperties(subscription: string, queue: 'active' | 'deadLetter'): Array<Record<string, { typecode: number; value: unknown }>>;
  /** Fault switches: fail the Nth send or settle, drop connections, delay answers. */
  faults: SandboxFaults;
  /** The AMQP-over-TLS port when started with `tls`. */
  amqpTlsPort?: number;
  /** Emits 'put-token' (a PutTokenEvent) for each CBS put-token answered. */
  events: EventEmitter;
  stop(): Promise<void>;
}

export const DEFAULT_SANDBOX_SUBSCRIPTIONS = ['alpha', 'beta'];
const DEFAULT_PEEK_PAGE_CAP = 250;
/** How far ahead `scheduled` puts its messages: long enough to peek them in the topic before they are released. */
const SEED_SCHEDULED_DELAY_MS = 3_600_000;

export async function startSandbox(options: SandboxOptions = {}): Promise<RunningSandbox> {
  const host = options.host ?? '127.0.0.1';
  const sas = { keyName: SANDBOX_KEY_NAME, key: options.key ?? randomBytes(32).toString('base64') };
  const specs = (options.subscriptions ?? DEFAULT_SANDBOX_SUBSCRIPTIONS).map((s): SubscriptionSpec => (typeof s === 'string' ? { name: s } : s));
  const topic = new Topic(options.topic ?? 'CTEvents', specs);
  const faults = new SandboxFaults();
  const events = new EventEmitter();
  const tls = options.tls && { port: options.tls.amqpPort ?? 0, key: options.tls.key, cert: options.tls.cert };
  const amqp = await startAmqpServer({
    host, port: options.amqpPort ?? 0, topic, key: sas, peekPageCap: options.peekPageCap ?? DEFAULT_PEEK_PAGE_CAP, faults,
    trust: options.trust, tls, events,
  });
  let admin;
  try {
    admin = await startAdminServer(topic, { key: sas, trust: options.trust }, host, options.adminPort ?? 0, options.tls);
  } catch (error) {
    await amqp.close();
    throw error;
  }
  if ((options.seed ?? 'journey') === 'journey') {
    publishSeed(topic);
  }
  const firstSubscription = specs.length > 0 ? topic.subscription(specs[0].name) : undefined;
  if (firstSubscription) {
    deadLetterSeed(firstSubscription, options.deadLetters ?? 0);
  }
  scheduleSeed(topic, options.scheduled ?? 0, new Date(Date.now() + SEED_SCHEDULED_DELAY_MS));
  const endpointHost = host === '127.0.0.1' || host === '0.0.0.0' ? 'localhost' : host;
  const adminServer = admin;
  return {
    connectionString:
      `Endpoint=sb://${endpointHost}:${amqp.port};SharedAccessKeyName=${SANDBOX_KEY_NAME};SharedAccessKey=${sas.key};` +
      `UseDevelopmentEmulator=true;ManagementPort=${adminServer.port}`,
    amqpPort: amqp.port,
    adminPort: adminServer.port,
    topic: topic.name,
    subscriptions: specs.map((s) => s.name),
    counts: (name) => {
      const subscription = topic.subscription(name);
      return subscription && { active: subscription.active.messages.length, deadLetter: subscription.deadLetter.messages.length };
    },
    publish: (encoded) => topic.publish(encoded),
    deadLetterActive: (name, reason) => {
      const subscription = topic.subscription(name);
      const messages = subscription ? [...subscription.active.messages] : [];
      for (const message of messages) {
        subscription?.moveToDeadLetter(message, reason, 'Moved by the sandbox for a test.');
      }
      return messages.length;
    },
    putInTransferDeadLetter: (name, encoded, reason) => {
      const subscription = topic.subscription(name);
      if (!subscription) {
        throw new Error(`The sandbox has no subscription ${name}.`);
      }
      subscription.acceptTransferDeadLetter(splitSections(encoded), new Date(), reason);
    },
    storedApplicationProperties: (name, queue) => {
      const subscription = topic.subscription(name);
      return subscription ? subscription[queue].messages.map((m) => applicationPropertiesAsEncoded(m.sections)) : [];
    },
    faults,
    amqpTlsPort: amqp.tlsPort,
    events,
    stop: async () => {
      topic.dispose();
      await Promise.all([amqp.close(), adminServer.close()]);
    },
  };
}
