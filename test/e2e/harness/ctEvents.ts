// The CT Events extension as a user meets it in the workbench. Titles come from the packaged
// manifest (package.json), so a renamed command or view does not leave the tests looking for
// an old label.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { REPO_ROOT } from './paths';
import { answerInputBox, openViewContainer, runCommand, treeRow, webviewFrame } from './workbench';

interface Manifest {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    viewsContainers: { activitybar: { id: string; title: string }[] };
    views: Record<string, { id: string; name: string }[]>;
  };
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as Manifest;
const EXPLORER_VIEW_ID = 'ctEvents.explorer';

/** The palette title of a command: "Category: Title". */
export function commandTitle(id: string): string {
  const command = manifest.contributes.commands.find((c) => c.command === id);
  if (!command) {
    throw new Error(`package.json contributes no command ${id}.`);
  }
  return command.category ? `${command.category}: ${command.title}` : command.title;
}

/** The bare title, as context menus and welcome-view buttons show it. */
export function commandLabel(id: string): string {
  const command = manifest.contributes.commands.find((c) => c.command === id);
  if (!command) {
    throw new Error(`package.json contributes no command ${id}.`);
  }
  return command.title;
}

function explorerContainerTitle(): string {
  const containerId = Object.entries(manifest.contributes.views).find(([, views]) => views.some((v) => v.id === EXPLORER_VIEW_ID))?.[0];
  const container = manifest.contributes.viewsContainers.activitybar.find((c) => c.id === containerId);
  if (!container) {
    throw new Error(`package.json puts ${EXPLORER_VIEW_ID} in no activity-bar container.`);
  }
  return container.title;
}

/** Opens the CT Events view from the activity bar; returns the side bar that holds it. */
export function openExplorer(page: Page): Promise<Locator> {
  return openViewContainer(page, explorerContainerTitle());
}

/** Adds a connection the way a user does: the palette command, then the connection string in the input box. */
export async function addConnectionString(page: Page, connectionString: string): Promise<void> {
  await runCommand(page, commandTitle('ctEvents.addConnectionString'));
  await answerInputBox(page, connectionString);
}

export interface ShownCounts {
  active: number;
  deadLetter: number;
}

/** A subscription row's description reads "N active · M dead-letter". */
export async function subscriptionCounts(pane: Locator, subscription: string): Promise<ShownCounts> {
  const row = treeRow(pane, subscription);
  await row.waitFor({ state: 'visible' });
  const text = (await row.locator('.label-description').textContent()) ?? '';
  const match = /(\d+) active · (\d+) dead-letter/.exec(text);
  if (!match) {
    throw new Error(`The row of ${subscription} reads "${text}", not "N active · M dead-letter".`);
  }
  return { active: Number(match[1]), deadLetter: Number(match[2]) };
}

/** Waits until a subscription row shows the expected counts (a refresh re-renders asynchronously). */
export async function waitForSubscriptionCounts(pane: Locator, subscription: string, counts: ShownCounts): Promise<void> {
  const description = `${counts.active} active · ${counts.deadLetter} dead-letter`;
  await treeRow(pane, subscription).locator('.label-description', { hasText: description }).waitFor({ state: 'visible' });
}

/**
 * The first child row of an expandable row, which is expanded first when it is not (a click toggles
 * it, so callers never click it themselves). Rows are absolutely positioned, so order comes from
 * data-index.
 */
export async function rowBelow(pane: Locator, row: Locator): Promise<Locator> {
  if ((await row.getAttribute('aria-expanded')) !== 'true') {
    await row.click();
  }
  await row.and(pane.locator('.monaco-list-row[aria-expanded="true"]')).waitFor({ state: 'visible' });
  const index = Number(await row.getAttribute('data-index'));
  const below = pane.locator(`.monaco-list-row[data-index="${index + 1}"]`);
  await below.waitFor({ state: 'visible' });
  return below;
}

/** A row of the timeline's list view, read from what it shows. */
export interface TimelineRow {
  sequence: string;
  eventType: string;
  /** "T. T. · 13273" while names are masked, "Test test · 13273" once revealed (the name between U+2068 and U+2069). */
  learner: string;
  flags: string;
  /** The row is drawn apart as a re-render (its own class, besides "re-render" in Flags). */
  rerender: boolean;
}

const STATUS = '[data-testid="status"]';

/**
 * The frame of the timeline panel whose title holds `title` (e.g. "alpha ·" or
 * "beta (dead-letter)"), once it has finished reading: its status no longer says it is loading.
 */
export async function openedTimeline(page: Page, title: string): Promise<Frame> {
  const frame = await webviewFrame(page, `[data-testid="title"]:has-text(${JSON.stringify(title)})`);
  await frame.locator(`${STATUS}[data-kind]:not([data-kind="loading"])`).waitFor({ state: 'attached' });
  const kind = await frame.locator(STATUS).getAttribute('data-kind');
  if (kind !== 'none') {
    throw new Error(`The timeline of ${title} stopped with ${kind}: ${await frame.locator(STATUS).textContent()}`);
  }
  return frame;
}

/** Switches the timeline from the swimlanes to the list view unless it already shows the list. */
export async function showListView(frame: Frame): Promise<void> {
  const mode = frame.locator('[data-testid="mode"]');
  if ((await mode.getAttribute('aria-pressed')) !== 'true') {
    await mode.click();
  }
  await frame.locator('[data-testid="mode"][aria-pressed="true"]').waitFor({ state: 'attached' });
  await frame.locator('[data-testid="list"]').waitFor({ state: 'visible' });
}

/** Ticks or clears a toolbar or filter checkbox (a toolkit checkbox mirrors its state in aria-checked). */
export async function setCheckbox(frame: Frame, testId: string, checked: boolean): Promise<void> {
  const box = frame.locator(`[data-testid="${testId}"]`);
  if ((await box.getAttribute('aria-checked')) !== String(checked)) {
    await box.click();
  }
  await frame.locator(`[data-testid="${testId}"][aria-checked="${checked}"]`).waitFor({ state: 'attached' });
}

/** Types into a filter text field (a toolkit text field wraps a real input). */
export async function fillFilter(frame: Frame, testId: string, text: string): Promise<void> {
  await frame.locator(`[data-testid="${testId}"] input`).fill(text);
}

/**
 * Waits until the counts line says `shown` messages are shown and the list has drawn them (the
 * list draws on the next animation frame, and only the rows in view: keep `shown` to a screenful).
 */
export async function waitForShown(frame: Frame, shown: number): Promise<void> {
  await frame.locator('[data-testid="counts"]', { hasText: new RegExp(`^${shown} of \\d+ messages shown`) }).waitFor({ state: 'attached' });
  // Locators, not waitForFunction: the webview's CSP forbids the eval a string predicate needs.
  const rows = frame.locator('[data-testid="list-row"]');
  if (shown > 0) {
    await rows.nth(shown - 1).waitFor({ state: 'attached' });
  }
  await rows.nth(shown).waitFor({ state: 'detached' });
}

/** The list view's rows, top to bottom, read through its column headers. */
export async function listRows(frame: Frame): Promise<TimelineRow[]> {
  const headers = await frame.locator('[data-testid="list"] [role="columnheader"]').allTextContents();
  const column = (name: string): number => {
    const index = headers.indexOf(name);
    if (index < 0) {
      throw new Error(`The list has no column ${name} (it has ${headers.join(', ')}).`);
    }
    return index;
  };
  const [seq, event, learner, flags] = [column('Seq'), column('Event'), column('Learner'), column('Flags')];
  const rows: { index: number; row: TimelineRow }[] = [];
  for (const row of await frame.locator('[data-testid="list-row"]').all()) {
    const cells = await row.locator('[role="gridcell"]').allTextContents();
    rows.push({
      index: Number(await row.getAttribute('aria-rowindex')),
      row: {
        sequence: cells[seq] ?? '',
        eventType: cells[event] ?? '',
        learner: cells[learner] ?? '',
        flags: cells[flags] ?? '',
        rerender: ((await row.getAttribute('class')) ?? '').split(/\s+/).includes('rerender'),
      },
    });
  }
  // Rows are positioned absolutely and drawn in any order; aria-rowindex is their place in the grid.
  return rows.sort((a, b) => a.index - b.index).map(({ row }) => row);
}

/** The list rows of one learner (the Learner column ends with "· <UserId>"). */
export async function learnerRows(frame: Frame, userId: number): Promise<TimelineRow[]> {
  return (await listRows(frame)).filter((row) => row.learner.endsWith(`· ${userId}`));
}
