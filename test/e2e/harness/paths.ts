// Where the end-to-end run finds the repository and keeps what a failure leaves behind.
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');
/** Git-ignored: screenshots and code-server logs of failed scenarios. */
export const ARTIFACTS_DIR = join(REPO_ROOT, 'test-artifacts');
/** The README's screenshots, refreshed by passing scenarios. */
export const DOCS_IMAGES_DIR = join(REPO_ROOT, 'docs/images');
