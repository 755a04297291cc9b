// A workspace with ctEvents.sandbox.startOnOpen (what npm run demo:vscode serves): the extension
// starts its sandbox by itself and the tree shows both subscriptions with their counts, with no
// click and no error notification.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { seedEvents } from '../../src/sandbox/seed';
import { openExplorer, waitForSubscriptionCounts } from './harness/ctEvents';
import { E2eSession, scenario } from './harness/session';
import { treeRow } from './harness/workbench';

let session: E2eSession | undefined;

before(async () => {
  session = await E2eSession.start({ name: 'sandbox-on-open', sandbox: false, workspaceSettings: { 'ctEvents.sandbox.startOnOpen': true } });
}, { timeout: 240_000 });

after(async () => {
  await session?.stop();
});

scenario('with ctEvents.sandbox.startOnOpen the tree is connected to the sandbox without a click', () => {
  assert.ok(session, 'the workbench did not start');
  return session;
}, async (s) => {
  const pane = await openExplorer(s.page);
  await treeRow(pane, 'CTEvents').waitFor({ state: 'visible' });
  const seeded = { active: seedEvents().length, deadLetter: 0 };
  await waitForSubscriptionCounts(pane, 'alpha', seeded);
  await waitForSubscriptionCounts(pane, 'beta', seeded);
  assert.equal(await s.page.locator('.notification-toast', { hasText: 'already registered' }).count(), 0);
});
