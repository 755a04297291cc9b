// The VS Code account adapter with a fake session provider.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SessionTokenCredential, sessionScopes } from '../../src/core/servicebus/credentials-session';

const jwt = (claims: object): string => `e30.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.sig`;

test('scopes are normalised and carry the chosen tenant', () => {
  assert.deepEqual(sessionScopes('https://servicebus.azure.net//.default'), ['https://servicebus.azure.net/.default']);
  assert.deepEqual(sessionScopes(['https://servicebus.azure.net/.default'], 'tid-1'), ['https://servicebus.azure.net/.default', 'VSCODE_TENANT:tid-1']);
});

test('the token and its expiry come from the session', async () => {
  const asked: string[][] = [];
  const credential = new SessionTokenCredential(async (scopes) => {
    asked.push(scopes);
    return { accessToken: jwt({ exp: 2_000_000_000 }) };
  }, 'tid-2');
  const token = await credential.getToken('https://servicebus.azure.net//.default');
  assert.equal(token.expiresOnTimestamp, 2_000_000_000_000);
  assert.deepEqual(asked, [['https://servicebus.azure.net/.default', 'VSCODE_TENANT:tid-2']]);
  assert.equal(credential.sourceLabel, 'the VS Code Microsoft account');
});

test('no session is "not signed in", as an unavailable credential', async () => {
  const credential = new SessionTokenCredential(async () => undefined);
  await assert.rejects(credential.getToken('x'), (error: Error) => error.name === 'CredentialUnavailableError' && /Not signed in/.test(error.message));
});
