// Where the end-to-end run finds the repository and keeps what a failure leaves behind.
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(__dirname, '../../..');
/** Git-ignored: screenshots and code-server logs of failed scenarios, and the latest screenshots of passing ones. */
export const ARTIFACTS_DIR = join(REPO_ROOT, 'test-artifacts');
