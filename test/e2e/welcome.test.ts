// A first run with no connection: the CT Events view shows its welcome content, offers the
// namespace the workspace's app settings name, and its "Start Local Sandbox" button leads to a
// working tree (the sandbox runs in the extension host).
import assert from 'node:assert/strict';
import { seedEvents } from '../../src/sandbox/seed';
import { commandLabel, openExplorer, waitForSubscriptionCounts } from './harness/ctEvents';
import { scenario, sessionForFile } from './harness/session';
import { treeRow } from './harness/workbench';

const current = sessionForFile({ name: 'welcome', sandbox: false });

scenario('5. with no connection, the welcome view offers the namespace the app settings name, and its "Start Local Sandbox" leads to a working tree', current, async (s) => {
  const pane = await openExplorer(s.page);
  // The workspace's appsettings.valid.json names a namespace: the welcome view offers it.
  await pane.getByRole('button', { name: 'Add Namespace from App Settings', exact: true }).click();
  await s.page.locator('.quick-input-widget .monaco-list-row', { hasText: 'contoso-learning.servicebus.windows.net' }).waitFor({ state: 'visible' });
  await s.page.keyboard.press('Escape');
  await s.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });

  await pane.getByRole('button', { name: commandLabel('ctEvents.startSandbox'), exact: true }).click();
  await treeRow(pane, 'CTEvents').waitFor({ state: 'visible' });
  // Every subscription gets its own copy of each seed event.
  const seeded = { active: seedEvents().length, deadLetter: 0 };
  await waitForSubscriptionCounts(pane, 'alpha', seeded);
  await waitForSubscriptionCounts(pane, 'beta', seeded);
  assert.equal(await pane.locator('.monaco-list-row[aria-level="1"] .label-description', { hasText: 'local sandbox' }).count(), 1);
});
