// The packaged extension in a real VS Code (code-server) driven in Chromium, connected to a
// sandbox with the seed data through "Add Connection String": the tree and its counts, the
// timeline of a peek, a dead-lettered message, and the timeline restored after a reload.
// The scenarios run in order on one workbench; each builds on the state the previous one left.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Locator } from 'playwright-core';
import { administrationCounts, deadLetterOldest } from './harness/bus';
import { addConnectionString, commandLabel, commandTitle, learnerRows, openExplorer, rowBelow, subscriptionCounts, waitForSubscriptionCounts } from './harness/ctEvents';
import { E2eSession, scenario } from './harness/session';
import { contextMenu, runCommand, treeRow, webviewFrame } from './harness/workbench';

const TOPIC = 'CTEvents';
/** The seed learner of test/fixtures/seed-journey.json. */
const SEED_USER_ID = 13273;
/** The documented order of the seed journey; the last two COURSE_STARTs are page re-renders. */
const SEED_JOURNEY = [
  { eventType: 'LOGIN', rerender: false },
  { eventType: 'COURSE_START', rerender: false },
  { eventType: 'MODULE_COMPLETION', rerender: false },
  { eventType: 'MODULE_COMPLETION', rerender: false },
  { eventType: 'COURSE_COMPLETION', rerender: false },
  { eventType: 'COURSE_START', rerender: true },
  { eventType: 'COURSE_START', rerender: true },
];
const SEED_LEARNER_ROWS = `[data-testid="learner"][data-user-id="${SEED_USER_ID}"] [data-testid="event-row"]`;

let session: E2eSession | undefined;
const current = (): E2eSession => {
  assert.ok(session, 'the workbench did not start');
  return session;
};
let pane: Locator;

before(async () => {
  session = await E2eSession.start({ name: 'explorer', sandbox: true });
}, { timeout: 240_000 });

after(async () => {
  await session?.stop();
});

function connectionString(s: E2eSession): string {
  assert.ok(s.sandbox, 'this session runs a sandbox');
  return s.sandbox.connectionString;
}

async function assertSeedJourney(s: E2eSession): Promise<void> {
  const frame = await webviewFrame(s.page, SEED_LEARNER_ROWS);
  const rows = await learnerRows(frame, SEED_USER_ID);
  assert.deepEqual(rows.map(({ eventType, rerender }) => ({ eventType, rerender })), SEED_JOURNEY);
  // Sequence numbers rise down the page: the broker's order breaks the COURSE_COMPLETION tie.
  const sequences = rows.map((r) => BigInt(r.sequence));
  assert.deepEqual([...sequences].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)), sequences);
  // The re-renders are labelled as such, not shown as new starts.
  const rerenderRows = frame.locator(`${SEED_LEARNER_ROWS}[data-rerender="true"]`);
  assert.equal(await rerenderRows.filter({ hasText: 're-render' }).count(), 2);
}

scenario('1. the tree shows the connection, CTEvents and both subscriptions with the administration client\'s counts', current, async (s) => {
  pane = await openExplorer(s.page);
  await addConnectionString(s.page, connectionString(s));
  await treeRow(pane, TOPIC).waitFor({ state: 'visible' });
  const reported = await administrationCounts(connectionString(s), TOPIC);
  assert.deepEqual([...reported.keys()].sort(), ['alpha', 'beta']);
  for (const [name, counts] of reported) {
    assert.deepEqual(await subscriptionCounts(pane, name), counts, `counts of ${name}`);
  }
  assert.equal(await pane.locator('.monaco-list-row[aria-level="1"] .label-description', { hasText: 'connection string' }).count(), 1);
  // The activity bar and the side bar down to the last subscription: the tree without an empty editor beside it.
  const sidebar = await s.page.locator('.part.sidebar').boundingBox();
  const lastRow = await treeRow(pane, 'beta').boundingBox();
  assert.ok(sidebar && lastRow);
  await s.screenshotForDocs('tree.png', { x: 0, y: 0, width: sidebar.x + sidebar.width, height: lastRow.y + lastRow.height + 16 });
});

scenario('2. Peek Messages on a subscription opens the timeline with the seed journey in order, re-renders set apart', current, async (s) => {
  await contextMenu(s.page, treeRow(pane, 'alpha'), commandLabel('ctEvents.peekMessages'));
  await assertSeedJourney(s);
  await s.screenshotForDocs('timeline.png');
});

scenario('4. reloading the window restores the timeline', current, async (s) => {
  await s.reload();
  await assertSeedJourney(s);
});

scenario('3. a message dead-lettered through the SDK shows in the dead-letter count after Refresh, and Peek on the dead-letter node shows it', current, async (s) => {
  pane = await openExplorer(s.page);
  const sequence = await deadLetterOldest(connectionString(s), TOPIC, 'beta', 'E2ETest');
  const reported = (await administrationCounts(connectionString(s), TOPIC)).get('beta');
  assert.ok(reported);
  assert.equal(reported.deadLetter, 1);

  await runCommand(s.page, commandTitle('ctEvents.refresh'));
  await waitForSubscriptionCounts(pane, 'beta', reported);

  const beta = treeRow(pane, 'beta');
  await beta.click();
  const deadLetterRow = await rowBelow(pane, beta);
  assert.match((await deadLetterRow.textContent()) ?? '', /Dead-letter queue\s*1/);
  await contextMenu(s.page, deadLetterRow, commandLabel('ctEvents.peekMessages'));

  const frame = await webviewFrame(s.page, '[data-testid="summary"]:has-text("1 message peeked")');
  const rows = frame.locator('[data-testid="event-row"]');
  assert.equal(await rows.count(), 1);
  assert.equal(await rows.first().getAttribute('data-seq'), sequence);
});
