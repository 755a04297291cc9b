// Resubmitting dead letters from the tree in a real VS Code (code-server in Chromium) against the
// sandbox: a message dead-lettered with the SDK shows after Refresh; "Resubmit Dead Letters…" on
// the dead-letter node, choosing All, says which subscriptions get the copy before it runs; once
// confirmed, the report says sent 1, completed 1, and the counts follow in the tree and in what
// the administration client reports (the dead-letter queue empty again, the active counts back up).
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Locator, Page } from 'playwright-core';
import { administrationCounts, deadLetterOldest, type ReportedCounts } from './harness/bus';
import { addConnectionString, commandLabel, commandTitle, openExplorer, rowBelow, subscriptionCounts, waitForSubscriptionCounts } from './harness/ctEvents';
import { E2eSession, scenario } from './harness/session';
import { contextMenu, runCommand, treeRow } from './harness/workbench';

const TOPIC = 'CTEvents';

let session: E2eSession | undefined;
const current = (): E2eSession => {
  assert.ok(session, 'the workbench did not start');
  return session;
};

before(async () => {
  session = await E2eSession.start({ name: 'replay', sandbox: true });
}, { timeout: 240_000 });

after(async () => {
  await session?.stop();
});

function connectionString(s: E2eSession): string {
  assert.ok(s.sandbox, 'this session runs a sandbox');
  return s.sandbox.connectionString;
}

/** Picks the entry of the open quick pick whose label starts with `label`. */
async function pickQuickItem(page: Page, label: string): Promise<void> {
  const row = page.locator('.quick-input-widget .quick-input-list .monaco-list-row', {
    has: page.locator('.label-name', { hasText: label }),
  }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
  await row.waitFor({ state: 'hidden' });
}

/** The modal dialog the workbench draws for showWarningMessage({ modal: true }). */
function modalDialog(page: Page): Locator {
  return page.locator('.monaco-dialog-box');
}

async function bothCounts(cs: string): Promise<{ alpha: ReportedCounts; beta: ReportedCounts }> {
  const counts = await administrationCounts(cs, TOPIC);
  const alpha = counts.get('alpha');
  const beta = counts.get('beta');
  assert.ok(alpha && beta, 'the sandbox has alpha and beta');
  return { alpha, beta };
}

scenario('resubmitting a dead letter from the tree moves it back, and the counts follow', current, async (s) => {
  const cs = connectionString(s);
  const pane = await openExplorer(s.page);
  await addConnectionString(s.page, cs);
  await treeRow(pane, TOPIC).waitFor({ state: 'visible' });
  const start = await bothCounts(cs);
  assert.equal(start.beta.deadLetter, 0);

  await deadLetterOldest(cs, TOPIC, 'beta', 'E2EReplay');
  const deadLettered = await bothCounts(cs);
  assert.deepEqual(deadLettered.beta, { active: start.beta.active - 1, deadLetter: 1 });

  await runCommand(s.page, commandTitle('ctEvents.refresh'));
  await waitForSubscriptionCounts(pane, 'beta', deadLettered.beta);
  const beta = treeRow(pane, 'beta');
  await beta.click();
  const deadLetterRow = await rowBelow(pane, beta);
  assert.match((await deadLetterRow.textContent()) ?? '', /Dead-letter queue\s*1/);

  await contextMenu(s.page, deadLetterRow, commandLabel('ctEvents.resubmitDeadLetters'));
  await pickQuickItem(s.page, 'All dead letters');
  await pickQuickItem(s.page, 'Keep each message id');

  // Before anything is sent: which subscriptions get the copy (both have the true filter).
  const dialog = modalDialog(s.page);
  await dialog.waitFor({ state: 'visible' });
  const asked = (await dialog.textContent()) ?? '';
  assert.match(asked, /Resubmit 1 dead letter of beta to CTEvents\?/);
  assert.match(asked, /alpha: receives 1/);
  assert.match(asked, /beta: receives 1/);
  await dialog.getByRole('button', { name: 'Resubmit', exact: true }).click();
  await dialog.waitFor({ state: 'hidden' });

  await s.page.locator('.notifications-toasts .notification-toast', { hasText: 'Resubmit from beta: Sent 1, completed 1.' }).waitFor({ state: 'visible' });

  // The copy went to the topic: beta has its message back in its active queue, alpha got one more.
  const after = await bothCounts(cs);
  assert.deepEqual(after.beta, { active: start.beta.active, deadLetter: 0 });
  assert.deepEqual(after.alpha, { active: start.alpha.active + 1, deadLetter: start.alpha.deadLetter });
  await waitForSubscriptionCounts(pane, 'beta', after.beta);
  await waitForSubscriptionCounts(pane, 'alpha', after.alpha);
  assert.deepEqual(await subscriptionCounts(pane, 'beta'), after.beta);
  const deadLetterAfter = await rowBelow(pane, treeRow(pane, 'beta'));
  await deadLetterAfter.locator('.label-description', { hasText: /^0$/ }).waitFor({ state: 'visible' });
});
