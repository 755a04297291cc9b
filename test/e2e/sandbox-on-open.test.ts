// A workspace with ctEvents.sandbox.startOnOpen (what npm run demo:vscode serves): the extension
// starts its sandbox by itself and the tree shows both subscriptions with their counts, with no
// click and no error notification.
import assert from 'node:assert/strict';
import { seedEvents } from '../../src/sandbox/seed';
import { openExplorer, waitForSubscriptionCounts } from './harness/ctEvents';
import { scenario, sessionForFile } from './harness/session';
import { treeRow } from './harness/workbench';

const current = sessionForFile({ name: 'sandbox-on-open', sandbox: false, workspaceSettings: { 'ctEvents.sandbox.startOnOpen': true } });

scenario('with ctEvents.sandbox.startOnOpen the tree is connected to the sandbox without a click', current, async (s) => {
  const pane = await openExplorer(s.page);
  await treeRow(pane, 'CTEvents').waitFor({ state: 'visible' });
  const seeded = { active: seedEvents().length, deadLetter: 0 };
  await waitForSubscriptionCounts(pane, 'alpha', seeded);
  await waitForSubscriptionCounts(pane, 'beta', seeded);
  assert.equal(await s.page.locator('.notification-toast', { hasText: 'already registered' }).count(), 0);
});
