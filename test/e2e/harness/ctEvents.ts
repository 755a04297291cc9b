// The CT Events extension as a user meets it in the workbench. Titles come from the packaged
// manifest (package.json), so a renamed command or view does not leave the tests looking for
// an old label.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame, Locator, Page } from 'playwright-core';
import { REPO_ROOT } from './paths';
import { answerInputBox, openViewContainer, runCommand, treeRow } from './workbench';

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

/** The child row right below a row (rows are absolutely positioned, so order comes from data-index). */
export async function rowBelow(pane: Locator, row: Locator): Promise<Locator> {
  const index = Number(await row.getAttribute('data-index'));
  const below = pane.locator(`.monaco-list-row[data-index="${index + 1}"]`);
  await below.waitFor({ state: 'visible' });
  return below;
}

export interface TimelineRow {
  eventType: string;
  rerender: boolean;
  sequence: string;
}

/** The event rows of one learner's journey, top to bottom. */
export async function learnerRows(frame: Frame, userId: number): Promise<TimelineRow[]> {
  const rows = frame.locator(`[data-testid="learner"][data-user-id="${userId}"] [data-testid="event-row"]`);
  return rows.evaluateAll((elements) =>
    elements.map((e) => ({
      eventType: e.getAttribute('data-event-type') ?? '',
      rerender: e.getAttribute('data-rerender') === 'true',
      sequence: e.getAttribute('data-seq') ?? '',
    })),
  );
}
