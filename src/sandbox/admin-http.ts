// The management HTTP side of the sandbox: the ATOM XML feed and entries that
// ServiceBusAdministrationClient reads for the topic and its subscriptions (with runtime counts).
import { createServer, IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Subscription, Topic } from './broker';
import type { PropertyValue, SandboxRule } from './rules';
import { SasKey, verifySasToken } from './sas';
import { TokenTrust, verifyJwt } from './tokens';

export interface AdminAuth {
  key: SasKey;
  /** Bearer tokens accepted besides SAS; they need the Manage right (Data Owner). */
  trust?: TokenTrust;
}

export interface AdminServer {
  port: number;
  close(): Promise<void>;
}

const ATOM_NS = 'http://www.w3.org/2005/Atom';
const SB_NS = 'http://schemas.microsoft.com/netservices/2010/10/servicebus/connect';
const COUNT_NS = 'http://schemas.microsoft.com/netservices/2011/06/servicebus';
const API_VERSION = '2021-05';

function escapeXml(text: string): string {
  const named: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
  return text.replace(/[&<>"]/g, (c) => named[c]);
}

interface Counts {
  active: number;
  deadLetter: number;
  scheduled: number;
  transferDeadLetter: number;
}

/**
 * A subscription's counts as Azure reports them. Scheduled messages wait in the topic until their
 * time, so a subscription's own scheduled count is 0; the topic's entry counts them.
 */
function countsOf(subscription: Subscription): Counts {
  return {
    active: subscription.active.messages.length,
    deadLetter: subscription.deadLetter.messages.length,
    scheduled: 0,
    transferDeadLetter: subscription.transferDeadLetter.messages.length,
  };
}

function countDetails(c: Counts): string {
  const counts: Array<[string, number]> = [
    ['ActiveMessageCount', c.active],
    ['DeadLetterMessageCount', c.deadLetter],
    ['ScheduledMessageCount', c.scheduled],
    ['TransferMessageCount', 0],
    ['TransferDeadLetterMessageCount', c.transferDeadLetter],
  ];
  const inner = counts.map(([name, value]) => `<d2p1:${name}>${value}</d2p1:${name}>`).join('');
  return `<CountDetails xmlns:d2p1="${COUNT_NS}">${inner}</CountDetails>`;
}

function entry(base: string, path: string, title: string, updated: Date, content: string): string {
  const id = `${base}/${path}?api-version=${API_VERSION}`;
  return [
    `<entry xmlns="${ATOM_NS}">`,
    `<id>${escapeXml(id)}</id>`,
    `<title type="text">${escapeXml(title)}</title>`,
    `<published>${updated.toISOString()}</published>`,
    `<updated>${updated.toISOString()}</updated>`,
    `<link rel="self" href="${escapeXml(id)}"/>`,
    `<content type="application/xml">${content}</content>`,
    '</entry>',
  ].join('');
}

function subscriptionEntry(base: string, topic: Topic, subscription: Subscription): string {
  const counts = countsOf(subscription);
  const created = subscription.createdAt.toISOString();
  const description = [
    `<SubscriptionDescription xmlns="${SB_NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">`,
    '<LockDuration>PT1M</LockDuration>',
    `<RequiresSession>${subscription.requiresSession}</RequiresSession>`,
    '<DefaultMessageTimeToLive>P10675199DT2H48M5.4775807S</DefaultMessageTimeToLive>',
    '<DeadLetteringOnMessageExpiration>false</DeadLetteringOnMessageExpiration>',
    '<DeadLetteringOnFilterEvaluationExceptions>true</DeadLetteringOnFilterEvaluationExceptions>',
    `<MessageCount>${counts.active + counts.scheduled + counts.deadLetter + counts.transferDeadLetter}</MessageCount>`,
    '<MaxDeliveryCount>10</MaxDeliveryCount>',
    '<EnableBatchedOperations>true</EnableBatchedOperations>',
    '<Status>Active</Status>',
    `<CreatedAt>${created}</CreatedAt>`,
    `<UpdatedAt>${created}</UpdatedAt>`,
    `<AccessedAt>${new Date().toISOString()}</AccessedAt>`,
    countDetails(counts),
    '<AutoDeleteOnIdle>P10675199DT2H48M5.4775807S</AutoDeleteOnIdle>',
    '<EntityAvailabilityStatus>Available</EntityAvailabilityStatus>',
    '</SubscriptionDescription>',
  ].join('');
  return entry(base, `${topic.name}/Subscriptions/${subscription.name}`, subscription.name, subscription.createdAt, description);
}

function topicEntry(base: string, topic: Topic): string {
  const created = topic.createdAt.toISOString();
  const description = [
    `<TopicDescription xmlns="${SB_NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">`,
    '<DefaultMessageTimeToLive>P10675199DT2H48M5.4775807S</DefaultMessageTimeToLive>',
    '<MaxSizeInMegabytes>1024</MaxSizeInMegabytes>',
    '<RequiresDuplicateDetection>false</RequiresDuplicateDetection>',
    '<DuplicateDetectionHistoryTimeWindow>PT10M</DuplicateDetectionHistoryTimeWindow>',
    '<EnableBatchedOperations>true</EnableBatchedOperations>',
    `<SizeInBytes>${topic.sizeInBytes}</SizeInBytes>`,
    '<Status>Active</Status>',
    `<CreatedAt>${created}</CreatedAt>`,
    `<UpdatedAt>${created}</UpdatedAt>`,
    `<AccessedAt>${new Date().toISOString()}</AccessedAt>`,
    '<SupportOrdering>true</SupportOrdering>',
    countDetails({ active: 0, deadLetter: 0, scheduled: topic.scheduled.messages.length, transferDeadLetter: 0 }),
    `<SubscriptionCount>${topic.subscriptions.size}</SubscriptionCount>`,
    '<EnablePartitioning>false</EnablePartitioning>',
    '<EntityAvailabilityStatus>Available</EntityAvailabilityStatus>',
    '</TopicDescription>',
  ].join('');
  return entry(base, topic.name, topic.name, topic.createdAt, description);
}

/** A KeyValueOfstringanyType entry with the XML Schema type the administration client reads. */
function keyValue(name: string, value: PropertyValue): string {
  const [type, text] = value instanceof Date ? ['dateTime', value.toISOString()]
    : typeof value === 'boolean' ? ['boolean', String(value)]
      : typeof value === 'number' ? [Number.isInteger(value) ? 'int' : 'double', String(value)]
        : ['string', value];
  return `<KeyValueOfstringanyType><Key>${escapeXml(name)}</Key><Value i:type="d6p1:${type}" xmlns:d6p1="http://www.w3.org/2001/XMLSchema">${escapeXml(text)}</Value></KeyValueOfstringanyType>`;
}

function filterXml(rule: SandboxRule): string {
  const { filter } = rule;
  switch (filter.kind) {
    case 'true':
    case 'false':
      return `<Filter i:type="${filter.kind === 'true' ? 'TrueFilter' : 'FalseFilter'}"><SqlExpression>${filter.kind === 'true' ? '1=1' : '1=0'}</SqlExpression><CompatibilityLevel>20</CompatibilityLevel></Filter>`;
    case 'sql':
      return `<Filter i:type="SqlFilter"><SqlExpression>${escapeXml(filter.expression)}</SqlExpression><CompatibilityLevel>20</CompatibilityLevel></Filter>`;
    case 'correlation': {
      const fields: Array<[string, string | undefined]> = [
        ['CorrelationId', filter.correlationId], ['MessageId', filter.messageId], ['To', filter.to], ['ReplyTo', filter.replyTo],
        ['Label', filter.subject], ['SessionId', filter.sessionId], ['ReplyToSessionId', filter.replyToSessionId], ['ContentType', filter.contentType],
      ];
      const system = fields.filter(([, v]) => v !== undefined).map(([k, v]) => `<${k}>${escapeXml(v as string)}</${k}>`).join('');
      const props = Object.entries(filter.applicationProperties ?? {}).map(([k, v]) => keyValue(k, v)).join('');
      return `<Filter i:type="CorrelationFilter">${system}${props === '' ? '' : `<Properties>${props}</Properties>`}</Filter>`;
    }
  }
}

function ruleEntry(base: string, topic: Topic, subscription: Subscription, rule: SandboxRule): string {
  const description = [
    `<RuleDescription xmlns="${SB_NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">`,
    filterXml(rule),
    '<Action i:type="EmptyRuleAction"/>',
    `<CreatedAt>${subscription.createdAt.toISOString()}</CreatedAt>`,
    `<Name>${escapeXml(rule.name)}</Name>`,
    '</RuleDescription>',
  ].join('');
  return entry(base, `${topic.name}/Subscriptions/${subscription.name}/Rules/${rule.name}`, rule.name, subscription.createdAt, description);
}

function rulesFeed(base: string, topic: Topic, subscription: Subscription, page: SandboxRule[]): string {
  const id = `${base}/${topic.name}/Subscriptions/${subscription.name}/Rules?api-version=${API_VERSION}`;
  const entries = page.map((rule) => ruleEntry(base, topic, subscription, rule)).join('');
  return `<feed xmlns="${ATOM_NS}"><title type="text">Rules</title><id>${escapeXml(id)}</id><updated>${new Date().toISOString()}</updated><link rel="self" href="${escapeXml(id)}"/>${entries}</feed>`;
}

function subscriptionsFeed(base: string, topic: Topic, page: Subscription[]): string {
  const id = `${base}/${topic.name}/Subscriptions?api-version=${API_VERSION}`;
  const entries = page.map((s) => subscriptionEntry(base, topic, s)).join('');
  return `<feed xmlns="${ATOM_NS}"><title type="text">Subscriptions</title><id>${escapeXml(id)}</id><updated>${new Date().toISOString()}</updated><link rel="self" href="${escapeXml(id)}"/>${entries}</feed>`;
}

function errorBody(code: number, detail: string): string {
  return `<Error><Code>${code}</Code><Detail>${escapeXml(detail)}</Detail></Error>`;
}

/** Undefined when the request may read the feed, else the refusal Azure would send. */
function refusal(auth: AdminAuth, request: IncomingMessage): { status: number; body: string } | undefined {
  const header = String(request.headers.authorization ?? request.headers.servicebusauthorization ?? '');
  if (header.startsWith('Bearer ')) {
    const verdict = auth.trust ? verifyJwt(header.slice('Bearer '.length), auth.trust) : { ok: false as const, reason: 'This namespace accepts only shared access signatures.' };
    if (!verdict.ok) {
      return { status: 401, body: errorBody(401, `Unauthorized: ${verdict.reason}`) };
    }
    if (!verdict.rights.includes('Manage')) {
      return { status: 401, body: errorBody(401, "Unauthorized access. 'Manage,EntityRead' claim(s) are required to perform this operation.") };
    }
    return undefined;
  }
  const verdict = verifySasToken(header, auth.key);
  return verdict.ok ? undefined : { status: 401, body: errorBody(401, `Unauthorized: ${verdict.reason}`) };
}

/** Answers one request: the topic, the subscriptions feed, one subscription, or an error. */
function answer(topic: Topic, auth: AdminAuth, request: IncomingMessage): { status: number; body: string } {
  const refused = refusal(auth, request);
  if (refused) {
    return refused;
  }
  if (request.method !== 'GET') {
    return { status: 405, body: errorBody(405, 'The sandbox management endpoint is read-only.') };
  }
  const url = new URL(request.url ?? '/', 'http://sandbox');
  const base = `https://${request.headers.host ?? 'localhost'}`;
  const parts = url.pathname.split('/').filter((p) => p !== '').map(decodeURIComponent);
  const sameName = (a: string | undefined, b: string): boolean => a !== undefined && a.toLowerCase() === b.toLowerCase();
  if (!sameName(parts[0], topic.name)) {
    return { status: 404, body: errorBody(404, `The messaging entity ${parts.join('/')} does not exist.`) };
  }
  if (parts.length === 1) {
    return { status: 200, body: topicEntry(base, topic) };
  }
  if (sameName(parts[1], 'Subscriptions') && parts.length === 2) {
    // $skip/$top page the feed; without a "next" link the client stops after this page.
    const skip = Number(url.searchParams.get('$skip') ?? 0) || 0;
    const top = Number(url.searchParams.get('$top') ?? 100) || 100;
    const page = [...topic.subscriptions.values()].slice(skip, skip + top);
    return { status: 200, body: subscriptionsFeed(base, topic, page) };
  }
  const subscription = sameName(parts[1], 'Subscriptions') && parts.length >= 3 ? topic.subscription(parts[2]) : undefined;
  if (subscription && parts.length === 3) {
    return { status: 200, body: subscriptionEntry(base, topic, subscription) };
  }
  if (subscription && parts.length === 4 && sameName(parts[3], 'Rules')) {
    const skip = Number(url.searchParams.get('$skip') ?? 0) || 0;
    const top = Number(url.searchParams.get('$top') ?? 100) || 100;
    return { status: 200, body: rulesFeed(base, topic, subscription, subscription.rules.slice(skip, skip + top)) };
  }
  const rule = subscription && parts.length === 5 && sameName(parts[3], 'Rules') ? subscription.rules.find((r) => sameName(r.name, parts[4])) : undefined;
  if (subscription && rule) {
    return { status: 200, body: ruleEntry(base, topic, subscription, rule) };
  }
  return { status: 404, body: errorBody(404, `The messaging entity ${parts.join('/')} does not exist.`) };
}

/** Plain HTTP like the emulator, or HTTPS (as Azure) when given a key and certificate. */
export async function startAdminServer(
  topic: Topic, auth: AdminAuth, host: string, port: number, tls?: { key: string | Buffer; cert: string | Buffer },
): Promise<AdminServer> {
  const listener: RequestListener = (request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    const { status, body } = answer(topic, auth, request);
    response.writeHead(status, { 'Content-Type': 'application/atom+xml;type=entry;charset=utf-8' });
    response.end(`<?xml version="1.0" encoding="utf-8"?>${body}`);
  };
  const server = tls ? createHttpsServer({ key: tls.key, cert: tls.cert }, listener) : createServer(listener);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) {
          socket.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
