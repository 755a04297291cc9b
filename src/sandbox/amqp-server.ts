// The AMQP 1.0 side of the sandbox, on rhea: CBS put-token, sends to the topic (single and
// batched), peek-lock and receive-and-delete consumers with settlement, and the `$management`
// operations: peek (of a subscription's queues, or of the scheduled messages the topic holds),
// schedule and cancel. Replies go back on the link whose target equals the request's reply_to.
import { randomBytes } from 'node:crypto';
import type { AddressInfo, Server, Socket } from 'node:net';
import { EventEmitter } from 'node:events';
import { create_container, message as rheaMessage, types } from 'rhea';
import type { Connection, Delivery, EventContext, Message, Receiver, Sender } from 'rhea';
import { BrokerStamp, encodeForDelivery, encodeMessage, unpackBatch } from './amqp-codec';
import { LOCK_DURATION_MS, MAX_DELIVERY_COUNT, MessageQueue, QueueRef, StoredMessage, Topic, isTopicAddress, resolveQueue } from './broker';
import type { SandboxFaults } from './faults';
import { SasKey, resourcePath, verifySasToken } from './sas';
import { captureReceivedBytes, receivedBytesOf } from './received-bytes';
import { ALL_RIGHTS, Right, TokenTrust, missingRightDescription, verifyJwt } from './tokens';

/** What the sandbox reports of each CBS put-token it answers (for tests; never the token itself). */
export interface PutTokenEvent {
  type: 'sas' | 'jwt';
  resource: string;
  accepted: boolean;
  reason?: string;
  /** When an accepted bearer token's grant ends (Date.now() terms). */
  expiresAtMs?: number;
}

/** An optional second listener speaking AMQP over TLS, as Azure does on 5671. */
export interface TlsListener {
  port: number;
  key: string | Buffer;
  cert: string | Buffer;
}

export interface AmqpServerOptions {
  host: string;
  port: number;
  topic: Topic;
  key: SasKey;
  /** Most messages one peek answer carries; Service Bus also answers large peeks in parts. */
  peekPageCap: number;
  faults: SandboxFaults;
  /** Bearer tokens (CBS type 'jwt') this sandbox accepts besides SAS; none when undefined. */
  trust?: TokenTrust;
  tls?: TlsListener;
  /** Emits 'put-token' with a PutTokenEvent. */
  events?: EventEmitter;
}

export interface AmqpServer {
  port: number;
  tlsPort?: number;
  close(): Promise<void>;
}

const BATCH_FORMAT = 0x80013700;
const CBS_ADDRESS = '$cbs';
const MANAGEMENT_SUFFIX = '/$management';
const PEEK_OPERATION = 'com.microsoft:peek-message';
const SCHEDULE_OPERATION = 'com.microsoft:schedule-message';
const CANCEL_SCHEDULED_OPERATION = 'com.microsoft:cancel-scheduled-message';
const UPDATE_DISPOSITION_OPERATION = 'com.microsoft:update-disposition';
const SESSION_FILTER = 'com.microsoft:session-filter';
const DEAD_LETTER_CONDITION = 'com.microsoft:dead-letter';

interface Consumer {
  sender: Sender;
  ref: QueueRef;
  /** Set for a session receiver: it only gets that session's messages. */
  sessionId?: string;
  receiveAndDelete: boolean;
  pump: () => void;
}

interface Grant {
  path: string;
  rights: readonly Right[];
  /** A bearer token's expiry; a SAS grant lasts as long as the connection here. */
  expiresAtMs?: number;
}

interface ConnectionState {
  /** What accepted put-token requests granted. */
  granted: Grant[];
  /** Broker-side sending links by their target address (or link name), for replies. */
  replyLinks: Map<string, Sender>;
  consumers: Set<Consumer>;
}

interface Outcomes {
  accepted(): { described(): unknown };
  released(): { described(): unknown };
  rejected(fields: { error?: AmqpError }): { described(): unknown };
}
const outcomes = rheaMessage as unknown as Outcomes;
interface AmqpError {
  condition: string;
  description: string;
}

function linkError(condition: string, description: string): AmqpError {
  return { condition, description };
}

function toBigInt(value: unknown): bigint {
  if (Buffer.isBuffer(value)) {
    return value.readBigInt64BE(0);
  }
  if (typeof value === 'number' || typeof value === 'bigint') {
    return BigInt(value);
  }
  return 0n;
}

/**
 * Ends a client's connection at once, as a network failure would. The error matters: rhea learns
 * that its socket is gone only from 'error' or 'end', not from 'close', so after a plain destroy()
 * its connection kept its heartbeat timer (which kept the process alive after stop()) and its
 * receivers' locks.
 */
function drop(socket: Socket): void {
  socket.destroy(new Error('The sandbox dropped the connection.'));
}

function dropConnection(connection: Connection): void {
  const socket = (connection as unknown as { socket?: Socket }).socket;
  if (socket) {
    drop(socket);
  }
}

function track(set: Set<Socket>, socket: Socket): void {
  set.add(socket);
  socket.on('close', () => set.delete(socket));
}

export async function startAmqpServer(options: AmqpServerOptions): Promise<AmqpServer> {
  const { topic, key, faults } = options;
  captureReceivedBytes();
  const container = create_container({ id: 'ct-events-sandbox' });
  (container.sasl_server_mechanisms as { enable_anonymous(): void }).enable_anonymous();
  const states = new WeakMap<Connection, ConnectionState>();
  const lockedDeliveries = new WeakMap<Delivery, { message: StoredMessage; consumer: Consumer }>();

  function stateOf(connection: Connection): ConnectionState {
    let state = states.get(connection);
    if (!state) {
      state = { granted: [], replyLinks: new Map(), consumers: new Set() };
      states.set(connection, state);
    }
    return state;
  }

  /** Undefined when a live grant covers the address with the right, else Azure's refusal text. */
  function refusal(connection: Connection, address: string, right: Right): string | undefined {
    const path = resourcePath(address);
    const now = Date.now();
    const covering = stateOf(connection).granted.filter(
      (g) => (g.expiresAtMs === undefined || g.expiresAtMs > now) && (g.path === '' || path === g.path || path.startsWith(`${g.path}/`)),
    );
    if (covering.length === 0) {
      return `Unauthorized access to ${address}: no accepted put-token covers it.`;
    }
    return covering.some((g) => g.rights.includes(right)) ? undefined : missingRightDescription(right, address);
  }

  /** rhea echoes an attach with empty termini; mirror the peer's so its link opens normally. */
  function mirrorAttach(link: Sender | Receiver): void {
    const local = (link as unknown as { local: { attach: Record<string, unknown> } }).local.attach;
    const remote = (link as unknown as { remote: { attach: Record<string, unknown> } }).remote.attach;
    local.source = remote.source;
    local.target = remote.target;
    local.snd_settle_mode = remote.snd_settle_mode;
    local.rcv_settle_mode = remote.rcv_settle_mode;
  }

  /** Runs an answer now, or after the delay a test switched on. */
  function answer(work: () => void): void {
    const delay = faults.answerDelayMs;
    if (delay > 0) {
      setTimeout(work, delay);
    } else {
      work();
    }
  }

  function reply(connection: Connection, request: Message, properties: Record<string, unknown>, body?: unknown): void {
    const replyTo = request.reply_to as string | undefined;
    const link = replyTo === undefined ? undefined : stateOf(connection).replyLinks.get(replyTo);
    if (!link) {
      return; // nobody to answer: the client gave no reply link
    }
    answer(() => link.send({ correlation_id: request.message_id, to: replyTo, application_properties: properties, body }));
  }

  function handleCbs(context: EventContext): void {
    const request = context.message as Message;
    const props = (request.application_properties ?? {}) as Record<string, unknown>;
    if (props.operation !== 'put-token') {
      reply(context.connection, request, { 'status-code': 400, 'status-description': `Unsupported CBS operation ${String(props.operation)}.` });
      return;
    }
    const token = String(request.body ?? '');
    const isJwt = props.type === 'jwt';
    const resource = String(props.name ?? '');
    const report = (event: Omit<PutTokenEvent, 'type' | 'resource'>): void => {
      options.events?.emit('put-token', { type: isJwt ? 'jwt' : 'sas', resource, ...event } satisfies PutTokenEvent);
    };
    let grant: Grant;
    if (isJwt) {
      const verdict = options.trust ? verifyJwt(token, options.trust) : { ok: false as const, reason: 'This namespace accepts only shared access signatures.' };
      if (!verdict.ok) {
        report({ accepted: false, reason: verdict.reason });
        reply(context.connection, request, { 'status-code': 401, 'status-description': `Unauthorized: ${verdict.reason}` });
        return;
      }
      grant = { path: resourcePath(resource), rights: verdict.rights, expiresAtMs: verdict.expiresAtMs };
    } else {
      const verdict = verifySasToken(token, key);
      if (!verdict.ok) {
        report({ accepted: false, reason: verdict.reason });
        reply(context.connection, request, { 'status-code': 401, 'status-description': `Unauthorized: ${verdict.reason}` });
        return;
      }
      grant = { path: resourcePath(verdict.resource), rights: ALL_RIGHTS };
    }
    stateOf(context.connection).granted.push(grant);
    report({ accepted: true, expiresAtMs: grant.expiresAtMs });
    reply(context.connection, request, { 'status-code': 202, 'status-description': 'Accepted' });
  }

  function handleManagement(context: EventContext, entityAddress: string): void {
    const delay = options.faults.delayPeek?.(entityAddress);
    if (delay) {
      // A held request is checked when it is answered, as a slow broker would.
      void delay.then(() => handleManagementNow(context, entityAddress));
      return;
    }
    handleManagementNow(context, entityAddress);
  }

  function handleManagementNow(context: EventContext, entityAddress: string): void {
    const request = context.message as Message;
    const props = (request.application_properties ?? {}) as Record<string, unknown>;
    const fail = (statusCode: number, errorCondition: string, statusDescription: string): void =>
      reply(context.connection, request, { statusCode, errorCondition, statusDescription });
    // Scheduling and cancelling are sends to the topic; everything else (peeks) reads.
    const sends = props.operation === SCHEDULE_OPERATION || props.operation === CANCEL_SCHEDULED_OPERATION;
    const refused = refusal(context.connection, `${entityAddress}${MANAGEMENT_SUFFIX}`, sends ? 'Send' : 'Listen');
    if (refused !== undefined) {
      fail(401, 'com.microsoft:unauthorized-access', refused);
      return;
    }
    if (isTopicAddress(topic, entityAddress)) {
      handleTopicManagement(context, request, String(props.operation));
      return;
    }
    const ref = resolveQueue(topic, entityAddress);
    if (!ref) {
      fail(404, 'com.microsoft:entity-not-found', `The messaging entity '${entityAddress}' could not be found.`);
      return;
    }
    if (props.operation === UPDATE_DISPOSITION_OPERATION) {
      // Settling through $management is the SDK's fallback when the receiving link is gone; the
      // sandbox's locks die with their link, as Azure's do for messages outside sessions.
      fail(410, 'com.microsoft:message-lock-lost', 'The lock supplied is invalid. Either the lock expired, or the message has already been removed from the queue.');
      return;
    }
    if (props.operation !== PEEK_OPERATION) {
      fail(501, 'amqp:not-implemented', `The sandbox does not implement ${String(props.operation)}.`);
      return;
    }
    answerPeek(context, request, ref.queue, (m) => stampOf(m, ref));
  }

  /**
   * The topic's own $management node: scheduleMessages, cancelScheduledMessages, and a peek, which
   * on Azure shows the scheduled messages the topic still holds (a receive link on a topic is
   * refused, a peek by sequence number is not).
   */
  function handleTopicManagement(context: EventContext, request: Message, operation: string): void {
    if (operation === SCHEDULE_OPERATION) {
      handleSchedule(context, request);
    } else if (operation === CANCEL_SCHEDULED_OPERATION) {
      const sequenceNumbers = (((request.body ?? {}) as Record<string, unknown>)['sequence-numbers'] ?? []) as unknown[];
      topic.cancelScheduled(sequenceNumbers.map(toBigInt));
      reply(context.connection, request, { statusCode: 200, statusDescription: 'OK' });
    } else if (operation === PEEK_OPERATION) {
      answerPeek(context, request, topic.scheduled, (m) => ({ scheduled: true, sequenceNumber: m.sequenceNumber, enqueuedTime: m.enqueuedTime, deliveryCount: 0 }));
    } else {
      reply(context.connection, request, { statusCode: 501, errorCondition: 'amqp:not-implemented', statusDescription: `The sandbox does not implement ${operation} on a topic.` });
    }
  }

  /** A peek page from a queue: 200 with the messages, or 204 when none is at or after from-sequence-number. */
  function answerPeek(context: EventContext, request: Message, queue: MessageQueue, stamp: (message: StoredMessage) => BrokerStamp): void {
    if (faults.onPeek()) {
      dropConnection(context.connection);
      return;
    }
    const body = (request.body ?? {}) as Record<string, unknown>;
    const from = toBigInt(body['from-sequence-number']);
    const count = Math.min(Number(body['message-count'] ?? 1), options.peekPageCap);
    const sessionId = body['session-id'] === undefined || body['session-id'] === null ? undefined : String(body['session-id']);
    const page = queue.peek(from, count, sessionId);
    if (page.length === 0) {
      reply(context.connection, request, { statusCode: 204, statusDescription: 'No messages' });
      return;
    }
    const messages = page.map((m) => ({ message: encodeForDelivery(m.sections, stamp(m)) }));
    reply(context.connection, request, { statusCode: 200, statusDescription: 'OK' }, { messages });
  }

  /** scheduleMessages: each entry carries an encoded message whose annotations hold its time; the answer is the topic's sequence numbers. */
  function handleSchedule(context: EventContext, request: Message): void {
    const entries = (((request.body ?? {}) as Record<string, unknown>).messages ?? []) as Array<{ message?: Buffer }>;
    const sequenceNumbers = entries.map((entry) => Number(topic.publish(Buffer.from(entry.message ?? Buffer.alloc(0)))));
    reply(context.connection, request, { statusCode: 200, statusDescription: 'OK' }, { 'sequence-numbers': types.wrap_array(sequenceNumbers, 0x81, undefined) });
  }

  function stampOf(message: StoredMessage, ref: QueueRef, lockedUntil?: Date): BrokerStamp {
    return {
      sequenceNumber: message.sequenceNumber,
      enqueuedTime: message.enqueuedTime,
      deliveryCount: message.deliveryCount,
      lockedUntil,
      deadLetterSource: ref.isDeadLetter ? message.deadLetter?.source : undefined,
      deadLetter: message.deadLetter,
    };
  }

  function handleSend(context: EventContext): void {
    const delivery = context.delivery as Delivery;
    const verdict = faults.onSend();
    if (verdict.kind === 'drop') {
      dropConnection(context.connection);
      return;
    }
    if (verdict.kind === 'fail') {
      answer(() => delivery.reject(linkError(verdict.error.condition, verdict.error.description)));
      return;
    }
    const encoded = (context as { format?: number }).format === BATCH_FORMAT
      ? unpackBatch(context.message as unknown as Buffer)
      : [receivedBytesOf(context.message as object) ?? encodeMessage(context.message as unknown as Record<string, unknown>)];
    const enqueuedTime = new Date();
    for (const message of encoded) {
      topic.publish(message, enqueuedTime);
    }
    answer(() => delivery.accept());
  }

  /**
   * Credit the peer gave that no delivery has claimed yet. rhea lowers a link's credit only when
   * it writes the transfer, so deliveries still queued in the session count against it too.
   */
  function unclaimedCredit(sender: Sender): number {
    const outgoing = (sender.session as unknown as { outgoing: { next_delivery_id: number; next_pending_delivery: number } }).outgoing;
    return (sender as unknown as { credit: number }).credit - (outgoing.next_delivery_id - outgoing.next_pending_delivery);
  }

  function pump(consumer: Consumer): void {
    const { sender, ref, receiveAndDelete } = consumer;
    while (sender.sendable() && unclaimedCredit(sender) > 0) {
      const now = Date.now();
      const message = ref.queue.nextAvailable(now, consumer.sessionId);
      if (!message) {
        return;
      }
      if (receiveAndDelete) {
        ref.queue.remove(message);
        message.deliveryCount += 1;
        sender.send(encodeForDelivery(message.sections, stampOf(message, ref)) as unknown as Message, randomBytes(16), 0);
        continue;
      }
      if (!ref.isDeadLetter && message.deliveryCount >= MAX_DELIVERY_COUNT) {
        ref.subscription.moveToDeadLetter(message, 'MaxDeliveryCountExceeded', `Message could not be consumed after ${MAX_DELIVERY_COUNT} delivery attempts.`);
        continue;
      }
      ref.queue.lock(message, consumer, now);
      const lockedUntil = new Date(message.lock?.until ?? now);
      const delivery = sender.send(encodeForDelivery(message.sections, stampOf(message, ref, lockedUntil)) as unknown as Message, randomBytes(16), 0);
      lockedDeliveries.set(delivery, { message, consumer });
    }
  }

  function settle(context: EventContext, outcome: 'complete' | 'abandon' | 'deadLetter'): void {
    const delivery = context.delivery as Delivery;
    const held = lockedDeliveries.get(delivery);
    if (!held) {
      return; // a reply or a receive-and-delete delivery: nothing to settle
    }
    lockedDeliveries.delete(delivery);
    const { message, consumer } = held;
    const queue: MessageQueue = consumer.ref.queue;
    const refused = faults.onSettle(outcome);
    const lockHeld = queue.holdsLock(message, consumer, Date.now());
    if (refused !== undefined || !lockHeld) {
      const error = refused !== undefined
        ? linkError(refused.condition, refused.description)
        : linkError('com.microsoft:message-lock-lost', 'The lock on the message was lost (it expired or the message was settled).');
      answer(() => settleFor(delivery, outcomes.rejected({ error }).described()));
      return;
    }
    if (outcome === 'complete') {
      queue.remove(message);
    } else if (outcome === 'abandon') {
      queue.unlock(message);
    } else if (consumer.ref.isDeadLetter) {
      queue.unlock(message); // dead-lettering from the dead-letter queue leaves the message where it is
    } else {
      const info = ((delivery.remote_state as { error?: { info?: Record<string, unknown> } } | undefined)?.error?.info ?? {});
      const text = (v: unknown): string | undefined => (v === undefined || v === null ? undefined : String(v));
      consumer.ref.subscription.moveToDeadLetter(message, text(info.DeadLetterReason), text(info.DeadLetterErrorDescription));
    }
    // Settle with the outcome applied; a rejected state without an error tells the SDK it worked.
    const applied = outcome === 'complete' ? outcomes.accepted() : outcome === 'abandon' ? outcomes.released() : outcomes.rejected({});
    answer(() => settleFor(delivery, applied.described()));
  }

  /**
   * Settles a locked delivery with its outcome, and forgets it. The SDK receives in settle mode
   * "second": its disposition carries the outcome unsettled, and once the broker settles, the
   * delivery is done at both ends (the client sends nothing more). rhea keeps a sent delivery in
   * its session's 2,048-slot buffer until the peer settles too, so after 2,048 locked deliveries a
   * receiver's session could send no more: it got empty receives while thousands of messages waited.
   */
  function settleFor(delivery: Delivery, state: Parameters<Delivery['update']>[1]): void {
    delivery.update(true, state);
    (delivery as unknown as { remote_settled: boolean }).remote_settled = true;
  }

  function releaseConsumer(connection: Connection, consumer: Consumer): void {
    const state = stateOf(connection);
    if (!state.consumers.delete(consumer)) {
      return;
    }
    consumer.ref.queue.off('available', consumer.pump);
    for (const message of consumer.ref.queue.messages) {
      if (message.lock?.owner === consumer) {
        consumer.ref.queue.unlock(message);
      }
    }
  }

  /**
   * The session a receiver asked for through its source filter, answered in the attach as Service
   * Bus does; for "any session" the first one with a message waiting. An error when there is none,
   * or when a receiver without sessions attaches to a session-enabled subscription.
   */
  function sessionOf(sender: Sender, ref: QueueRef): string | undefined | AmqpError {
    const filter = (sender.source as { filter?: Record<string, unknown> } | undefined)?.filter;
    if (!ref.subscription.requiresSession || ref.isDeadLetter) {
      return undefined;
    }
    if (filter === undefined || !(SESSION_FILTER in filter)) {
      return linkError('amqp:not-allowed', `It is not possible for an entity that requires sessions to create a non-sessionful message receiver (${ref.queue.path}).`);
    }
    const wanted = filter[SESSION_FILTER];
    const sessionId = wanted === undefined || wanted === null ? ref.queue.nextAvailable(Date.now())?.sessionId : String(wanted);
    if (sessionId === undefined) {
      return linkError('com.microsoft:timeout', 'No session with messages is available.');
    }
    // The SDK reads the locked session from the attach's echoed source filter; a mirrored plain
    // object would not be encoded as a source, so set it as one.
    (sender as unknown as { set_source(fields: Record<string, unknown>): void }).set_source({ ...(sender.source as object), filter: { [SESSION_FILTER]: sessionId } });
    // ...and the session lock's end from the attach properties, in .NET ticks as a long.
    const ticks = BigInt(Date.now() + LOCK_DURATION_MS) * 10_000n + 621_355_968_000_000_000n;
    const bytes = Buffer.alloc(8);
    bytes.writeBigInt64BE(ticks);
    (sender as unknown as { local: { attach: { properties?: Record<string, unknown> } } }).local.attach.properties = {
      'com.microsoft:locked-until-utc': types.wrap_long(bytes),
    };
    return sessionId;
  }

  container.on('sender_open', (context: EventContext) => {
    const sender = context.sender as Sender;
    mirrorAttach(sender);
    const source = String(sender.source?.address ?? '');
    const target = String((sender.target as { address?: string } | undefined)?.address ?? '');
    const state = stateOf(context.connection);
    if (source === CBS_ADDRESS || source.endsWith(MANAGEMENT_SUFFIX)) {
      // The SDK names its CBS reply link after reply_to and leaves the target empty; its
      // $management reply link carries reply_to as the target. Either finds the link.
      state.replyLinks.set(target === '' ? sender.name : target, sender);
      return;
    }
    const refused = refusal(context.connection, source, 'Listen');
    if (refused !== undefined) {
      sender.close(linkError('com.microsoft:unauthorized-access', refused));
      return;
    }
    const ref = resolveQueue(topic, source);
    if (!ref) {
      // Azure refuses a receiver on a topic as on an unknown entity (a topic is read through its
      // subscriptions; only its $management peek and cancel reach the scheduled messages it holds).
      const why = isTopicAddress(topic, source) ? ' A topic cannot be received from: receive from one of its subscriptions.' : '';
      sender.close(linkError('amqp:not-found', `The messaging entity '${source}' could not be found.${why}`));
      return;
    }
    const remoteAttach = (sender as unknown as { remote: { attach: { snd_settle_mode?: number } } }).remote.attach;
    const session = sessionOf(sender, ref);
    if (typeof session === 'object') {
      sender.close(session);
      return;
    }
    const consumer: Consumer = { sender, ref, sessionId: session, receiveAndDelete: remoteAttach.snd_settle_mode === 1, pump: () => pump(consumer) };
    state.consumers.add(consumer);
    ref.queue.on('available', consumer.pump);
    sender.on('sendable', consumer.pump);
    sender.on('sender_draining', () => {
      pump(consumer);
      sender.set_drained(true);
    });
    sender.on('accepted', (c: EventContext) => settle(c, 'complete'));
    sender.on('released', (c: EventContext) => settle(c, 'abandon')); // modified arrives as released too
    sender.on('rejected', (c: EventContext) => {
      const condition = (c.delivery?.remote_state as { error?: { condition?: string } } | undefined)?.error?.condition;
      settle(c, condition === DEAD_LETTER_CONDITION ? 'deadLetter' : 'abandon');
    });
    sender.on('sender_close', () => releaseConsumer(context.connection, consumer));
  });

  container.on('receiver_open', (context: EventContext) => {
    const receiver = context.receiver as Receiver;
    mirrorAttach(receiver);
    const target = String((receiver.target as { address?: string } | undefined)?.address ?? '');
    if (target === CBS_ADDRESS) {
      return;
    }
    const entity = target.endsWith(MANAGEMENT_SUFFIX) ? target.slice(0, -MANAGEMENT_SUFFIX.length) : target;
    const refused = target.endsWith(MANAGEMENT_SUFFIX) ? undefined : refusal(context.connection, target, 'Send');
    if (refused !== undefined) {
      receiver.close(linkError('com.microsoft:unauthorized-access', refused));
      return;
    }
    if (!isTopicAddress(topic, entity) && !resolveQueue(topic, entity)) {
      receiver.close(linkError('amqp:not-found', `The messaging entity '${entity}' could not be found.`));
    }
  });

  container.on('message', (context: EventContext) => {
    const receiver = context.receiver as Receiver;
    const target = String((receiver.target as { address?: string } | undefined)?.address ?? '');
    try {
      if (target === CBS_ADDRESS) {
        handleCbs(context);
      } else if (target.endsWith(MANAGEMENT_SUFFIX)) {
        handleManagement(context, target.slice(0, -MANAGEMENT_SUFFIX.length));
      } else {
        handleSend(context);
      }
    } catch (error) {
      context.delivery?.reject(linkError('amqp:internal-error', error instanceof Error ? error.message : String(error)));
    }
  });

  const forgetConnection = (context: EventContext): void => {
    const state = states.get(context.connection);
    for (const consumer of state ? [...state.consumers] : []) {
      releaseConsumer(context.connection, consumer);
    }
  };
  container.on('connection_close', forgetConnection);
  container.on('disconnected', forgetConnection);
  // A peer that detaches with an error must not become an unhandled 'error' event.
  container.on('error', () => undefined);

  /** Every TCP socket, so close() can end those still in their TLS handshake too. */
  const sockets = new Set<Socket>();
  /** The sockets rhea reads AMQP from: the TCP socket, or the TLS socket over it. */
  const amqpSockets = new Set<Socket>();
  const dropAll = (): void => {
    for (const socket of amqpSockets) {
      drop(socket);
    }
  };
  faults.setDropper(dropAll);
  const listen = async (listenOptions: Record<string, unknown>): Promise<Server> => {
    const server = container.listen({ host: options.host, ...listenOptions }) as unknown as Server;
    // A TLS server reports its TCP sockets as 'connection' too, so close() can end them all.
    server.on('connection', (socket: Socket) => {
      // Without this, Nagle's algorithm holds small answers back for a delayed ACK (about 20 ms each).
      socket.setNoDelay(true);
      track(sockets, socket);
      if (listenOptions.transport !== 'tls') {
        track(amqpSockets, socket);
      }
    });
    server.on('secureConnection', (socket: Socket) => track(amqpSockets, socket));
    await new Promise<void>((resolve, reject) => {
      if (server.listening) {
        resolve();
        return;
      }
      server.once('listening', () => resolve());
      server.once('error', reject);
    });
    return server;
  };
  const servers = [await listen({ port: options.port })];
  if (options.tls) {
    const { port, key, cert } = options.tls;
    servers.push(await listen({ port, key, cert, transport: 'tls' }));
  }
  return {
    port: (servers[0].address() as AddressInfo).port,
    tlsPort: servers[1] && (servers[1].address() as AddressInfo).port,
    close: async () => {
      dropAll();
      for (const socket of sockets) {
        socket.destroy();
      }
      await Promise.all(servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve()))));
    },
  };
}
