// The token path end to end: the real @azure/identity AzureCliCredential (through our chain)
// runs a test `az`, the real SDK speaks AMQP over TLS to the sandbox under a namespace host
// name, and the sandbox checks the JWT's signature, audience, expiry and role like Azure.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { PutTokenEvent } from '../../src/sandbox';
import { encodeJsonEvent } from '../../src/sandbox/seed';
import type { ClientReport, ClientRequest } from './auth/client';
import { NAMESPACE_HOST, type TokenWorld, startTokenWorld } from './auth/harness';

const CLIENT = join(__dirname, 'auth/client.ts');

async function runClient(world: TokenWorld, operations: ClientRequest['operations'], env: Record<string, string>): Promise<ClientReport> {
  const request: ClientRequest = {
    host: NAMESPACE_HOST, amqpTlsPort: world.sandbox.amqpTlsPort ?? 0, adminTlsPort: world.sandbox.adminPort, operations,
  };
  const run = await runChildOk(world, CLIENT, [JSON.stringify(request)], env);
  return JSON.parse(run) as ClientReport;
}

async function runChildOk(world: TokenWorld, script: string, args: string[], env: Record<string, string>): Promise<string> {
  const run = await world.runChild(script, args, env);
  assert.equal(run.code, 0, run.err);
  return run.out;
}

function publish(world: TokenWorld, count: number): void {
  for (let i = 0; i < count; i++) {
    world.sandbox.publish(encodeJsonEvent({ EventType: 'LOGIN', UserId: i }));
  }
}

describe('bearer tokens from the Azure CLI against the TLS sandbox', () => {
  let world: TokenWorld;
  before(async () => {
    world = await startTokenWorld();
    publish(world, 3);
  });
  after(async () => world.close());

  test('Data Owner: counts and peek work, and the chain says the Azure CLI gave the token', async () => {
    const report = await runClient(world, ['counts', 'peek'], { CT_TEST_ROLES: 'Azure Service Bus Data Owner' });
    assert.deepEqual(report.results.counts, { ok: true, value: [['alpha', 3], ['beta', 3]] });
    assert.deepEqual(report.results.peek, { ok: true, value: ['1', '2', '3'] });
    assert.equal(report.source, 'Azure CLI (az login)');
  });

  test('Data Receiver: peek works, counts are refused naming Data Owner and the IAM page', async () => {
    const report = await runClient(world, ['peek', 'counts'], { CT_TEST_ROLES: 'Azure Service Bus Data Receiver' });
    assert.deepEqual(report.results.peek, { ok: true, value: ['1', '2', '3'] });
    assert.equal(report.results.counts.ok, false);
    const message = (report.results.counts as { message: string }).message;
    assert.match(message, /"Azure Service Bus Data Owner" role/);
    assert.match(message, /Access control \(IAM\)/);
  });

  test('Data Sender: peek is refused naming Data Receiver', async () => {
    const report = await runClient(world, ['peek'], { CT_TEST_ROLES: 'Azure Service Bus Data Sender' });
    assert.equal(report.results.peek.ok, false);
    assert.match((report.results.peek as { message: string }).message, /^Peeking needs the "Azure Service Bus Data Receiver" role/);
  });

  test('a token for another tenant: the sentence says so and how to sign in to the right one', async () => {
    const report = await runClient(world, ['peek'], { CT_TEST_ROLES: 'Azure Service Bus Data Owner', CT_TEST_TENANT: 'another-tenant' });
    assert.equal(report.results.peek.ok, false);
    assert.match((report.results.peek as { message: string }).message, /^The token comes from another Microsoft Entra tenant than the namespace's: .*az login --tenant/);
  });

  test('not signed in: the sentence says no credential could sign in and suggests az login', async () => {
    const report = await runClient(world, ['peek'], { CT_TEST_AZ_LOGGED_OUT: '1' });
    assert.equal(report.results.peek.ok, false);
    assert.match((report.results.peek as { message: string }).message, /az login/);
    assert.equal(report.source, undefined);
  });
});

describe('a token that expires during a long peek', () => {
  // Tokens live 123 s; the SDK renews a bearer token 2 minutes before it expires, so after about
  // 3 s. The sandbox's clock runs 119 s ahead, so the first token expires here after about 4 s.
  const LIFETIME_S = 123;
  const CLOCK_AHEAD_MS = 119_000;
  let world: TokenWorld;
  before(async () => {
    world = await startTokenWorld({ peekPageCap: 2, trust: { clockAheadMs: CLOCK_AHEAD_MS } });
    publish(world, 6);
  });
  after(async () => world.close());

  test('is renewed and the peek goes on: the second page is answered only after the first token expired', async () => {
    const managementTokens: PutTokenEvent[] = [];
    let renewedAfterExpiry: () => void = () => undefined;
    const renewedAndExpired = new Promise<void>((resolve) => {
      renewedAfterExpiry = resolve;
    });
    world.sandbox.events.on('put-token', (event: PutTokenEvent) => {
      if (event.accepted && event.type === 'jwt' && event.resource.endsWith('/$management')) {
        managementTokens.push(event);
        if (managementTokens.length === 2) {
          // Hold the page until the first token has run out, then let the peek go on.
          const firstExpiry = managementTokens[0].expiresAtMs ?? 0;
          setTimeout(renewedAfterExpiry, Math.max(0, firstExpiry - Date.now() + 1));
        }
      }
    });
    let requests = 0;
    world.sandbox.faults.delayPeek = () => (++requests === 2 ? renewedAndExpired : undefined);
    const report = await runClient(world, ['peek'], {
      CT_TEST_ROLES: 'Azure Service Bus Data Receiver', CT_TEST_TOKEN_LIFETIME_S: String(LIFETIME_S),
    });
    assert.deepEqual(report.results.peek, { ok: true, value: ['1', '2', '3', '4', '5', '6'] });
    assert.ok(managementTokens.length >= 2, 'the token was renewed');
    assert.ok(requests >= 3, 'the peek read page after page');
  });
});
