// Resubmitting dead letters from the tree in a real VS Code (code-server in Chromium) against the
// sandbox: a message dead-lettered with the SDK shows after Refresh; "Resubmit Dead Letters…" on
// the dead-letter node, choosing All, says which subscriptions get the copy before it runs; once
// confirmed, the report says sent 1, completed 1, and the counts follow in the tree and in what
// the administration client reports (the dead-letter queue empty again, the active counts back up).
import assert from 'node:assert/strict';
import type { Locator, Page } from 'playwright-core';
import { administrationCounts, deadLetterOldest, type ReportedCounts } from './harness/bus';
import { addConnectionString, commandLabel, commandTitle, openExplorer, rowBelow, subscriptionCounts, waitForSubscriptionCounts } from './harness/ctEvents';
import { sandboxConnectionString, scenario, sessionForFile } from './harness/session';
import { answerInputBox, contextMenu, runCommand, treeRow } from './harness/workbench';

const TOPIC = 'CTEvents';

const current = sessionForFile({ name: 'replay', sandbox: true });

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
  const cs = sandboxConnectionString(s);
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

scenario('Send Test Event refuses an invalid draft with its problems, then sends the valid one to every subscription', current, async (s) => {
  const cs = sandboxConnectionString(s);
  const pane = await openExplorer(s.page);
  const before = await bothCounts(cs);

  await contextMenu(s.page, treeRow(pane, TOPIC), commandLabel('ctEvents.sendTestEvent'));
  await pickQuickItem(s.page, 'LOGIN');
  const editor = s.page.locator('.editor-instance .monaco-editor').first();
  await editor.locator('.view-line', { hasText: '"EventType": "LOGIN"' }).waitFor({ state: 'visible' });
  const template = await draftText(s.page);

  // A lower-case type and no learner: refused with both problems named, nothing sent.
  await replaceDraft(s.page, '{"EventType": "login", "MessageBody": {}}');
  await runCommand(s.page, commandTitle('ctEvents.sendEditorEvent'));
  const dialog = modalDialog(s.page);
  await dialog.waitFor({ state: 'visible' });
  const refusal = (await dialog.textContent()) ?? '';
  assert.match(refusal, /Not sent/);
  assert.match(refusal, /CT spells it LOGIN/);
  assert.match(refusal, /UserId is missing\./);
  await dialog.getByRole('button', { name: /^(OK|Cancel)$/ }).first().click();
  await dialog.waitFor({ state: 'hidden' });
  assert.deepEqual(await bothCounts(cs), before);

  // Typed back on one line: the editor's auto-indent would re-indent a multi-line paste.
  await replaceDraft(s.page, JSON.stringify(JSON.parse(template)));
  await runCommand(s.page, commandTitle('ctEvents.sendEditorEvent'));
  await s.page.locator('.notifications-toasts .notification-toast', { hasText: 'Test event: Sent 1.' }).waitFor({ state: 'visible' });
  const after = await bothCounts(cs);
  assert.deepEqual(after, {
    alpha: { ...before.alpha, active: before.alpha.active + 1 },
    beta: { ...before.beta, active: before.beta.active + 1 },
  });
});

scenario('Purge Dead-Letter Queue asks for the subscription\'s name and reports the count removed', current, async (s) => {
  const cs = sandboxConnectionString(s);
  const pane = await openExplorer(s.page);
  await deadLetterOldest(cs, TOPIC, 'alpha', 'E2EPurge');
  await deadLetterOldest(cs, TOPIC, 'alpha', 'E2EPurge');
  const deadLettered = await bothCounts(cs);
  assert.equal(deadLettered.alpha.deadLetter, 2);

  await runCommand(s.page, commandTitle('ctEvents.refresh'));
  await waitForSubscriptionCounts(pane, 'alpha', deadLettered.alpha);
  const alpha = treeRow(pane, 'alpha');
  const deadLetterRow = await rowBelow(pane, alpha);
  await contextMenu(s.page, deadLetterRow, commandLabel('ctEvents.purgeDeadLetters'));

  const input = s.page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill('alph');
  await s.page.locator('.quick-input-widget .quick-input-message', { hasText: 'Type alpha exactly to confirm.' }).waitFor({ state: 'visible' });
  await answerInputBox(s.page, 'alpha');

  await s.page.locator('.notifications-toasts .notification-toast', { hasText: 'Removed 2 messages from the dead-letter queue of alpha.' }).waitFor({ state: 'visible' });
  const after = await bothCounts(cs);
  assert.deepEqual(after.alpha, { active: deadLettered.alpha.active, deadLetter: 0 });
  await waitForSubscriptionCounts(pane, 'alpha', after.alpha);
});

/** The text of the active editor, read through the workbench's copy of it (Monaco draws only visible lines). */
async function draftText(page: Page): Promise<string> {
  const lines = await page.locator('.editor-instance .monaco-editor .view-lines .view-line').evaluateAll((rows) =>
    rows.map((row) => ({ top: parseFloat((row as HTMLElement).style.top), text: (row.textContent ?? '').replace(/\u00a0/g, ' ') })),
  );
  return lines.sort((a, b) => a.top - b.top).map((l) => l.text).join('\n');
}

/** Replaces the whole draft with one line of text, inserted as a paste is (no auto-closing of brackets). */
async function replaceDraft(page: Page, text: string): Promise<void> {
  await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  await page.locator('.editor-instance .monaco-editor .view-line', { hasText: text.slice(0, 40) }).first().waitFor({ state: 'visible' });
}

scenario('with ctEvents.refreshInterval set, the counts follow a change on the bus without Refresh', current, async (s) => {
  const cs = sandboxConnectionString(s);
  const pane = await openExplorer(s.page);
  await runCommand(s.page, 'Preferences: Open User Settings');
  const search = s.page.locator('.settings-editor .suggest-input-container .monaco-editor textarea').first();
  await search.waitFor({ state: 'attached' });
  await search.focus();
  await s.page.keyboard.insertText('ctEvents.refreshInterval');
  // The list re-renders once the search has run: wait for its one result before typing into it.
  await s.page.locator('.settings-editor .settings-count-widget', { hasText: '1 Setting Found' }).waitFor({ state: 'visible' });
  const field = s.page.locator('.settings-editor .setting-item-number input').first();
  await field.click();
  await s.page.keyboard.press('Control+A');
  await s.page.keyboard.type('1');
  await s.page.locator('.settings-editor .setting-item-number .setting-item-modified-indicator').first().waitFor({ state: 'attached' });

  await deadLetterOldest(cs, TOPIC, 'beta', 'E2EInterval');
  const changed = (await bothCounts(cs)).beta;
  assert.equal(changed.deadLetter, 1);
  await openExplorer(s.page);
  await waitForSubscriptionCounts(pane, 'beta', changed);
});
