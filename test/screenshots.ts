// Screenshots taken by passing browser and end-to-end tests. They always land in the git-ignored
// test-artifacts/screenshots/; with CT_EVENTS_README_SCREENSHOTS=1 they also replace the README's
// copy in docs/images/ (opt-in, so that a test run leaves the work tree clean).
import { copyFile, mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';

const REPO_ROOT = resolve(__dirname, '..');
const SCREENSHOTS_DIR = join(REPO_ROOT, 'test-artifacts', 'screenshots');
const DOCS_IMAGES_DIR = join(REPO_ROOT, 'docs', 'images');

/** Where a test writes the screenshot fileName (the folder exists on return). */
export async function screenshotPath(fileName: string): Promise<string> {
  await mkdir(SCREENSHOTS_DIR, { recursive: true });
  return join(SCREENSHOTS_DIR, fileName);
}

/** Copies a screenshot taken at screenshotPath(fileName) into docs/images when asked to. */
export async function publishForReadme(fileName: string): Promise<void> {
  if (process.env.CT_EVENTS_README_SCREENSHOTS === '1') {
    await mkdir(DOCS_IMAGES_DIR, { recursive: true });
    await copyFile(join(SCREENSHOTS_DIR, fileName), join(DOCS_IMAGES_DIR, fileName));
  }
}
