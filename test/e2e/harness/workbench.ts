// Driving the VS Code workbench in Debian's Chromium the way a user does: the command palette,
// the activity bar, tree rows, context menus, and the timeline inside its webview frame.
// Every wait is on something the page shows, with a bounded timeout.
import { chromium, type Browser, type Frame, type Locator, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';
/** The workbench loaded in about 8 s on a 2-core machine; activation and first peeks add a few more. */
export const UI_TIMEOUT_MS = 45_000;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    // Root in a container has no user namespaces for Chromium's sandbox; the rest keeps it quiet and offline.
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export async function openWorkbench(page: Page, url: string): Promise<void> {
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  await page.goto(url);
  await waitForWorkbench(page);
}

/** The workbench is interactive once its activity bar has rendered. */
export async function waitForWorkbench(page: Page): Promise<void> {
  await page.locator('.monaco-workbench .activitybar').waitFor({ state: 'visible', timeout: 90_000 });
}

/** Runs a command from the palette (F1) by its full title, e.g. "CT Events: Refresh". */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', {
    has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
  }).first();
  await row.waitFor({ state: 'visible' });
  // The fuzzy match may rank another command first ("Preferences: Browse Color Themes in Marketplace"
  // above "Preferences: Color Theme"): Enter only when the focused row is the one asked for.
  if (((await row.getAttribute('class')) ?? '').split(/\s+/).includes('focused')) {
    await page.keyboard.press('Enter');
  } else {
    await row.click();
  }
}

/** Answers an input box the extension opened (showInputBox) and submits it. */
export async function answerInputBox(page: Page, value: string): Promise<void> {
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ state: 'visible' });
  await input.fill(value);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/** Opens a view container from the activity bar by its title; returns its side bar pane. */
export async function openViewContainer(page: Page, title: string): Promise<Locator> {
  const sidebar = page.locator('.part.sidebar');
  const header = sidebar.locator('.composite.title', { hasText: title });
  if (!(await header.isVisible())) {
    await page.locator(`.activitybar .action-item a[aria-label^="${title}"]`).first().click();
  }
  await header.waitFor({ state: 'visible' });
  return sidebar;
}

/** A tree row by its label; rows read "label description" in their text. */
export function treeRow(pane: Locator, label: string): Locator {
  return pane.locator('.monaco-list-row', { has: pane.page().locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(label)}$`) }) }).first();
}

export async function rowDescription(row: Locator): Promise<string> {
  return (await row.locator('.label-description').first().textContent())?.trim() ?? '';
}

/** Right-clicks a tree row and picks an entry of its context menu. */
export async function contextMenu(page: Page, row: Locator, entry: string): Promise<void> {
  await row.click({ button: 'right' });
  const item = page.getByRole('menuitem', { name: entry, exact: true });
  await item.waitFor({ state: 'visible' });
  // The workbench menu ignores a synthetic click that arrives right after the right-click's mouseup;
  // pointing at the item and pressing Enter is how a keyboard user picks it, and it always lands.
  await item.hover();
  await page.keyboard.press('Enter');
  await item.waitFor({ state: 'hidden' });
}

/** The innermost frame of a webview whose document shows selector (webviews are nested iframes). */
export async function webviewFrame(page: Page, selector: string, timeoutMs = UI_TIMEOUT_MS): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const frame of page.frames()) {
      if (frame !== page.mainFrame() && !frame.isDetached() && (await frame.locator(selector).count().catch(() => 0)) > 0) {
        return frame;
      }
    }
    if (Date.now() > deadline) {
      throw new Error(`No webview frame showed ${selector} within ${timeoutMs} ms.`);
    }
    // Frames appear asynchronously; wait for the next one to attach or navigate, bounded by the deadline.
    await Promise.race([
      page.waitForEvent('framenavigated', { timeout: deadline - Date.now() }).catch(() => undefined),
      page.waitForTimeout(250),
    ]);
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
