// The packaged extension in a real VS Code (code-server) driven in Chromium, connected to a
// sandbox with the seed data through "Add Connection String": the tree and its counts, the
// timeline of a peek, a dead-lettered message, and the timeline restored after a reload.
// The scenarios run in order on one workbench; each builds on the state the previous one left.
import assert from 'node:assert/strict';
import type { Locator } from 'playwright-core';
import { administrationCounts, deadLetterOldest } from './harness/bus';
import { seedEvents } from '../../src/sandbox/seed';
import {
  addConnectionString, commandLabel, commandTitle, learnerRows, listRows, openExplorer, openedTimeline, rowBelow, setCheckbox, showListView,
  subscriptionCounts, waitForShown, waitForSubscriptionCounts,
} from './harness/ctEvents';
import { type E2eSession, sandboxConnectionString, scenario, sessionForFile } from './harness/session';
import { contextMenu, runCommand, treeRow } from './harness/workbench';

const TOPIC = 'CTEvents';
/** The seed learner of test/fixtures/seed-journey.json. */
const SEED_USER_ID = 13273;
/**
 * The documented order of the seed journey (sequence numbers as the subscription assigns them); the
 * last two COURSE_STARTs are page re-renders, which the timeline collapses until its toggle shows them.
 */
const SEED_JOURNEY = [
  { sequence: '1', eventType: 'LOGIN', rerender: false },
  { sequence: '2', eventType: 'COURSE_START', rerender: false },
  { sequence: '3', eventType: 'MODULE_COMPLETION', rerender: false },
  { sequence: '4', eventType: 'MODULE_COMPLETION', rerender: false },
  { sequence: '5', eventType: 'COURSE_COMPLETION', rerender: false },
  { sequence: '6', eventType: 'COURSE_START', rerender: true },
  { sequence: '7', eventType: 'COURSE_START', rerender: true },
];
const ALL_SEEDED = seedEvents().length;
const RERENDERS = SEED_JOURNEY.filter((e) => e.rerender).length;

const current = sessionForFile({ name: 'explorer', sandbox: true });
let pane: Locator;

/** In alpha's timeline (list view): the journey without re-renders, then with them, after the rest and marked. */
async function assertSeedJourney(s: E2eSession): Promise<void> {
  const frame = await openedTimeline(s.page, 'alpha ·');
  await showListView(frame);
  const journey = async () => (await learnerRows(frame, SEED_USER_ID)).map(({ sequence, eventType, rerender }) => ({ sequence, eventType, rerender }));

  await setCheckbox(frame, 'rerender-toggle', false);
  await waitForShown(frame, ALL_SEEDED - RERENDERS);
  assert.deepEqual(await journey(), SEED_JOURNEY.filter((e) => !e.rerender));

  await setCheckbox(frame, 'rerender-toggle', true);
  await waitForShown(frame, ALL_SEEDED);
  assert.deepEqual(await journey(), SEED_JOURNEY);
  // The re-renders are labelled as such, not shown as new starts.
  const rerenderRows = (await learnerRows(frame, SEED_USER_ID)).filter((r) => r.rerender);
  assert.deepEqual(rerenderRows.map((r) => r.flags.split(', ')[0]), ['re-render', 're-render']);
}

scenario('1. the tree shows the connection, CTEvents and both subscriptions with the administration client\'s counts', current, async (s) => {
  pane = await openExplorer(s.page);
  await addConnectionString(s.page, sandboxConnectionString(s));
  await treeRow(pane, TOPIC).waitFor({ state: 'visible' });
  const reported = await administrationCounts(sandboxConnectionString(s), TOPIC);
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
  const sequence = await deadLetterOldest(sandboxConnectionString(s), TOPIC, 'beta', 'E2ETest');
  const reported = (await administrationCounts(sandboxConnectionString(s), TOPIC)).get('beta');
  assert.ok(reported);
  assert.equal(reported.deadLetter, 1);

  await runCommand(s.page, commandTitle('ctEvents.refresh'));
  await waitForSubscriptionCounts(pane, 'beta', reported);

  const beta = treeRow(pane, 'beta');
  const deadLetterRow = await rowBelow(pane, beta);
  assert.match((await deadLetterRow.textContent()) ?? '', /Dead-letter queue\s*1/);
  await contextMenu(s.page, deadLetterRow, commandLabel('ctEvents.peekMessages'));

  const frame = await openedTimeline(s.page, 'beta (dead-letter)');
  await showListView(frame);
  await waitForShown(frame, 1);
  assert.deepEqual((await listRows(frame)).map((r) => r.sequence), [sequence]);
});
