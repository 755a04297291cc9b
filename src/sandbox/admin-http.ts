// The management HTTP side of the sandbox: the ATOM XML feed and entries that
// ServiceBusAdministrationClient reads for the topic and its subscriptions (with runtime counts).
import { createServer, IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Subscription, Topic } from './broker';
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

function countDetails(active: number, deadLetter: number): string {
  const counts: Array<[string, number]> = [
    ['ActiveMessageCount', active],
    ['DeadLetterMessageCount', deadLetter],
    ['ScheduledMessageCount', 0],
    ['TransferMessageCount', 0],
    ['TransferDeadLetterMessageCount', 0],
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
  const active = subscription.active.messages.length;
  const deadLetter = subscription.deadLetter.messages.length;
  const created = subscription.createdAt.toISOString();
  const description = [
    `<SubscriptionDescription xmlns="${SB_NS}" xmlns:i="http://www.w3.org/2001/XMLSchema-instance">`,
    '<LockDuration>PT1M</LockDuration>',
    '<RequiresSession>false</RequiresSession>',
    '<DefaultMessageTimeToLive>P10675199DT2H48M5.4775807S</DefaultMessageTimeToLive>',
    '<DeadLetteringOnMessageExpiration>false</DeadLetteringOnMessageExpiration>',
    '<DeadLetteringOnFilterEvaluationExceptions>true</DeadLetteringOnFilterEvaluationExceptions>',
    `<MessageCount>${active + deadLetter}</MessageCount>`,
    '<MaxDeliveryCount>10</MaxDeliveryCount>',
    '<EnableBatchedOperations>true</EnableBatchedOperations>',
    '<Status>Active</Status>',
    `<CreatedAt>${created}</CreatedAt>`,
    `<UpdatedAt>${created}</UpdatedAt>`,
    `<AccessedAt>${new Date().toISOString()}</AccessedAt>`,
    countDetails(active, deadLetter),
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
    countDetails(0, 0),
    `<SubscriptionCount>${topic.subscriptions.size}</SubscriptionCount>`,
    '<EnablePartitioning>false</EnablePartitioning>',
    '<EntityAvailabilityStatus>Available</EntityAvailabilityStatus>',
    '</TopicDescription>',
  ].join('');
  return entry(base, topic.name, topic.name, topic.createdAt, description);
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

/** Answers one request: the topic/** Answers one request: the topic, the subscriptions feed, one subscription, or an error. */
function answer(topic: Topic, auth: AdminAuth, request: IncomingMessage): { status: number; body: string } {
  const refused = refusal(auth, request);
  if (refused) {
    return refused;
  }  if (request.method !== 'GET') {
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
  const subscription = sameName(parts[1], 'Subscriptions') && parts.length === 3 ? topic.subscription(parts[2]) : undefined;
  if (!subscription) {
    return { status: 404, body: errorBody(404, `The messaging entity ${parts.join('/')} does not exist.`) };
  }
  return { status: 200, body: subscriptionEntry(base, topic, subscription) };
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
