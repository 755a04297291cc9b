// Connections as a user makes them in the real VS Code (code-server): a connection string added
// through the UI lands in SecretStorage (never in a settings file) and the tree connects; a
// namespace whose host does not exist gets a "Check Connection" report whose DNS step failed;
// and after the run, no log or settings file holds the sandbox's key or connection string.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { addConnectionString, commandTitle, openExplorer } from './harness/ctEvents';
import { type E2eSession, scenario, sessionForFile } from './harness/session';
import { runCommand, treeRow } from './harness/workbench';

const TOPIC = 'CTEvents';
/** Well formed, in the public cloud's suffix, and not registered: the resolver here answers NXDOMAIN at once. */
const MISSING_HOST = 'nonexistent-ct-events-test.servicebus.windows.net';

const current = sessionForFile({ name: 'connections', sandbox: true });
let pane: Locator;

function secretsOf(s: E2eSession): { connectionString: string; key: string } {
  assert.ok(s.sandbox, 'this session runs a sandbox');
  const key = /SharedAccessKey=([^;]+)/.exec(s.sandbox.connectionString)?.[1];
  assert.ok(key, 'the sandbox connection string has a key');
  return { connectionString: s.sandbox.connectionString, key };
}

/** The session's folders: code-server's log sits in the session root beside user-data and the workspace. */
function sessionPaths(s: E2eSession): { root: string; userSettings: string; workspaceSettings: string; logs: string } {
  const root = dirname(s.codeServer.logPath);
  return {
    root,
    userSettings: join(root, 'user-data', 'User', 'settings.json'),
    workspaceSettings: join(root, 'workspace', '.vscode', 'settings.json'),
    logs: join(root, 'user-data', 'logs'),
  };
}

async function filesUnder(dir: string): Promise<string[]> {
  if (!existsSync(dir)) {
    return [];
  }
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** Picks a row of the open quick pick by its text. */
async function pickQuickItem(page: Page, text: string | RegExp): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor({ state: 'visible' });
  await row.click();
}

/** Answers an input box of a multi-step flow once its prompt shows (the widget stays open between steps). */
async function answerPrompt(page: Page, prompt: string, value: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-message', { hasText: prompt }).waitFor({ state: 'visible' });
  await page.locator('.quick-input-widget input.input').fill(value);
  await page.keyboard.press('Enter');
}

/** The text of the active editor (Monaco renders spaces as no-break spaces). */
async function activeEditorText(page: Page, shows: string): Promise<string> {
  const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines');
  await lines.filter({ hasText: shows }).first().waitFor({ state: 'visible' });
  return ((await lines.first().textContent()) ?? '').replace(/\u00a0/g, ' ');
}

scenario('1. a connection string added through the UI goes to SecretStorage, not settings.json, and the tree connects', current, async (s) => {
  const { connectionString, key } = secretsOf(s);
  pane = await openExplorer(s.page);
  await addConnectionString(s.page, connectionString);
  await treeRow(pane, TOPIC).waitFor({ state: 'visible' });
  await treeRow(pane, 'alpha').waitFor({ state: 'visible' });
  // The connection's node says how it signs in and that it is connected.
  const top = pane.locator('.monaco-list-row[aria-level="1"] .label-description', { hasText: 'connection string · connected' });
  await top.waitFor({ state: 'visible' });

  const paths = sessionPaths(s);
  for (const file of [paths.userSettings, paths.workspaceSettings]) {
    if (!existsSync(file)) {
      continue;
    }
    const text = await readFile(file, 'utf8');
    assert.ok(!text.includes('Endpoint='), `${file} holds a connection string`);
    assert.ok(!text.includes(key), `${file} holds the sandbox key`);
  }
});

scenario('2. Check Connection on a namespace that does not exist shows the DNS step failed, with the fix', current, async (s) => {
  await runCommand(s.page, commandTitle('ctEvents.addNamespace'));
  // The workspace's fixtures name namespaces; the flow offers them first, with a way to type another.
  await pickQuickItem(s.page, 'Enter a host name');
  await answerPrompt(s.page, 'Host name of the namespace', MISSING_HOST);
  await pickQuickItem(s.page, 'Azure CLI and other Azure tools');
  await answerPrompt(s.page, 'tenant that holds the namespace', '');
  await s.page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  await treeRow(pane, MISSING_HOST).waitFor({ state: 'visible' });

  await runCommand(s.page, commandTitle('ctEvents.checkConnection'));
  await pickQuickItem(s.page, MISSING_HOST);
  const report = await activeEditorText(s.page, 'DNS resolves the host name');
  assert.match(report, /# Check Connection: nonexistent-ct-events-test\.servicebus\.windows\.net/);
  assert.match(report, /1\. ✅ Passed: The host name is well formed/);
  assert.match(report, /2\. ❌ Failed: DNS resolves the host name/);
  assert.match(report, /does not resolve \(ENOTFOUND\)/);
  assert.match(report, /\*\*Fix:\*\* Check the spelling/);
  assert.match(report, /3\. ⏭️ Skipped: Port 5671 is reachable/);
  // The summary names the failed step and offers the log.
  const toast = s.page.locator('.notification-toast', { hasText: 'DNS resolves the host name' });
  await toast.waitFor({ state: 'visible' });
  assert.equal(await toast.getByRole('button', { name: 'Show Log' }).count(), 1);
});

scenario('3. after the run, no log and no settings file holds the sandbox key or its connection string', current, async (s) => {
  const { connectionString, key } = secretsOf(s);
  const paths = sessionPaths(s);
  const logFiles = await filesUnder(paths.logs);
  // The extension's own log channel is among them, and it did log the connection being added.
  const ours = logFiles.filter((file) => /CT Events\.log$/.test(file));
  assert.ok(ours.length > 0, `no "CT Events" log among ${logFiles.length} log files`);
  assert.ok((await Promise.all(ours.map((f) => readFile(f, 'utf8')))).some((text) => text.includes('added connection-string connection')));
  const searched = [s.codeServer.logPath, paths.userSettings, paths.workspaceSettings, ...logFiles].filter((file) => existsSync(file));
  const leaks: string[] = [];
  for (const file of searched) {
    const text = await readFile(file, 'latin1');
    if (text.includes(key) || text.includes(connectionString)) {
      leaks.push(file);
    }
  }
  assert.deepEqual(leaks, [], `the sandbox key appears in: ${leaks.join(', ')}`);
});
