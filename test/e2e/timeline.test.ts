// The learner timeline in a real VS Code (code-server) with the packaged extension, on the
// sandbox's seed data: a learner filter and an event-type filter narrow the list, names are
// masked by default (ctEvents.maskPersonalData) and the toolbar toggle reveals them, and the
// timeline follows a change to the high-contrast theme and comes back after a window reload.
// The scenarios run in order on one workbench; each builds on the state the previous one left.
import assert from 'node:assert/strict';
import type { Frame, Page } from 'playwright-core';
import {
  addConnectionString, commandLabel, fillFilter, learnerRows, listRows, openExplorer, openedTimeline, setCheckbox, showListView, waitForShown,
} from './harness/ctEvents';
import { scenario, sessionForFile } from './harness/session';
import { contextMenu, runCommand, treeRow } from './harness/workbench';

const SEED_USER_ID = 13273;
/** The seed learner ("Test test") as the list shows it: masked to initials, and revealed; the name isolated (U+2068 ... U+2069) from the id. */
const MASKED = `\u2068T. T.\u2069 · ${SEED_USER_ID}`;
const REVEALED = `\u2068Test test\u2069 · ${SEED_USER_ID}`;
/** The seed learner's journey without its two re-render COURSE_STARTs (collapsed by default). */
const SEED_JOURNEY_SEQUENCES = ['1', '2', '3', '4', '5'];
const MODULE_COMPLETIONS = ['3', '4'];
/** VS Code's own high-contrast theme (id "Default High Contrast") as the theme picker lists it. */
const HIGH_CONTRAST_THEME = 'Dark High Contrast';
const TIMELINE_TITLE = 'alpha ·';

const current = sessionForFile({ name: 'timeline', sandbox: true });

/** The learner column of every row shown, and their sequence numbers. */
async function shown(frame: Frame): Promise<{ sequences: string[]; learners: string[] }> {
  const rows = await listRows(frame);
  return { sequences: rows.map((r) => r.sequence), learners: [...new Set(rows.map((r) => r.learner))] };
}

/** The webview document's computed background (an evaluation over CDP, which the page's CSP does not govern). */
function background(frame: Frame): Promise<string> {
  return frame.evaluate<string>('getComputedStyle(document.body).backgroundColor');
}

/** Picks a colour theme the way a user does: "Preferences: Color Theme", then the theme's name. */
async function pickColorTheme(page: Page, label: string): Promise<void> {
  await runCommand(page, 'Preferences: Color Theme');
  // The palette's input stays on screen while the picker replaces it: wait for the picker's own prompt.
  const input = page.locator('.quick-input-widget input.input[placeholder*="Color Theme"]');
  await input.waitFor({ state: 'visible' });
  await input.fill(label);
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: new RegExp(`^${label}`) }).waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

scenario('1. a learner filter and an event-type filter narrow the timeline to what they name', current, async (s) => {
  const pane = await openExplorer(s.page);
  assert.ok(s.sandbox, 'this session runs a sandbox');
  await addConnectionString(s.page, s.sandbox.connectionString);
  await contextMenu(s.page, treeRow(pane, 'alpha'), commandLabel('ctEvents.peekMessages'));
  const frame = await openedTimeline(s.page, TIMELINE_TITLE);
  await showListView(frame);
  // Several learners before the filter.
  assert.ok((await shown(frame)).learners.length > 1);

  await fillFilter(frame, 'filter-learner', String(SEED_USER_ID));
  await waitForShown(frame, SEED_JOURNEY_SEQUENCES.length);
  assert.deepEqual(await shown(frame), { sequences: SEED_JOURNEY_SEQUENCES, learners: [MASKED] });

  await setCheckbox(frame, 'filter-type-MODULE_COMPLETION', true);
  await waitForShown(frame, MODULE_COMPLETIONS.length);
  assert.deepEqual((await listRows(frame)).map((r) => [r.sequence, r.eventType]), MODULE_COMPLETIONS.map((seq) => [seq, 'MODULE_COMPLETION']));
  // The type's checkbox counts what the other filters leave: this learner's two module completions.
  assert.match((await frame.locator('[data-testid="filter-type-MODULE_COMPLETION"]').textContent()) ?? '', /\(2\)/);

  await setCheckbox(frame, 'filter-type-MODULE_COMPLETION', false);
  await waitForShown(frame, SEED_JOURNEY_SEQUENCES.length);
});

scenario('2. names are masked by default and the toolbar toggle reveals them, then masks them again', current, async (s) => {
  const frame = await openedTimeline(s.page, TIMELINE_TITLE);
  const learnerCells = async () => [...new Set((await learnerRows(frame, SEED_USER_ID)).map((r) => r.learner))];
  assert.deepEqual(await learnerCells(), [MASKED]);
  assert.doesNotMatch(await frame.locator('[data-testid="list"]').innerText(), /Test test/);

  await setCheckbox(frame, 'mask-toggle', true);
  await frame.locator('[data-testid="list-row"]', { hasText: REVEALED }).first().waitFor({ state: 'visible' });
  assert.deepEqual(await learnerCells(), [REVEALED]);

  await setCheckbox(frame, 'mask-toggle', false);
  await frame.locator('[data-testid="list-row"]', { hasText: REVEALED }).first().waitFor({ state: 'detached' });
  assert.deepEqual(await learnerCells(), [MASKED]);
});

scenario('3. the timeline follows a change to the high-contrast theme and keeps its rows', current, async (s) => {
  let frame = await openedTimeline(s.page, TIMELINE_TITLE);
  assert.equal(await frame.locator('body.vscode-high-contrast').count(), 0);
  const before = await background(frame);

  await pickColorTheme(s.page, HIGH_CONTRAST_THEME);
  await s.page.locator('.monaco-workbench.hc-black').waitFor({ state: 'attached' });
  // The workbench may load the webview's theme into a fresh frame: find it again by what it shows.
  frame = await openedTimeline(s.page, TIMELINE_TITLE);
  // VS Code sets the body's class and the --vscode-* variables together; the page's styles follow
  // the variables, so the background is high contrast's black as soon as the class is there.
  await frame.locator('body.vscode-high-contrast').waitFor({ state: 'attached' });
  assert.equal(await background(frame), 'rgb(0, 0, 0)');
  assert.notEqual(before, 'rgb(0, 0, 0)');

  await waitForShown(frame, SEED_JOURNEY_SEQUENCES.length);
  assert.deepEqual(await shown(frame), { sequences: SEED_JOURNEY_SEQUENCES, learners: [MASKED] });
  // The swimlanes repaint with the new colours and still draw this learner's marks.
  await frame.locator('[data-testid="mode"]').click();
  await frame.locator('[data-testid="mode"][aria-pressed="false"]').waitFor({ state: 'attached' });
  await frame.locator(`[data-testid="lanes"][data-marks-drawn="${SEED_JOURNEY_SEQUENCES.length}"]`).waitFor({ state: 'visible' });
  await s.screenshotForDocs('timeline-high-contrast.png');
});

scenario('4. after a window reload the timeline comes back with its filter, in high contrast, masked again', current, async (s) => {
  await s.reload();
  const frame = await openedTimeline(s.page, TIMELINE_TITLE);
  await frame.locator('body.vscode-high-contrast').waitFor({ state: 'attached' });
  assert.equal(await frame.locator('[data-testid="filter-learner"] input').inputValue(), String(SEED_USER_ID));
  await showListView(frame);
  await waitForShown(frame, SEED_JOURNEY_SEQUENCES.length);
  // Revealing lasts for the page's session only: the restored page masks names again.
  assert.deepEqual(await shown(frame), { sequences: SEED_JOURNEY_SEQUENCES, learners: [MASKED] });
});
