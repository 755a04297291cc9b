// npm run demo:vscode (through scripts/demo-vscode.sh): VS Code in the browser (code-server) with
// the packaged extension installed in a fresh profile and a workspace of settings samples.
// The workspace turns on ctEvents.sandbox.startOnOpen, so the extension starts the sandbox inside
// the extension host and connects to it: its connection string never leaves that process.
// Runs until Ctrl-C.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { prepareCodeServer, startCodeServer } from '../test/e2e/harness/codeServer';
import { REPO_ROOT } from '../test/e2e/harness/paths';

async function main(): Promise<void> {
  const root = join(REPO_ROOT, '.cache/demo-vscode');
  await rm(root, { recursive: true, force: true });
  const dirs = await prepareCodeServer(root, { 'ctEvents.sandbox.startOnOpen': true });
  const requestedPort = process.env.CT_EVENTS_DEMO_PORT;
  const server = await startCodeServer(dirs, requestedPort ? Number(requestedPort) : undefined);
  console.log(`
CT Events in VS Code is running at

  ${server.url}

Open it in a browser and click the CT Events icon in the activity bar: the extension has started
its local sandbox and the tree shows its CTEvents topic with subscriptions alpha and beta;
right-click one and choose "Peek Messages" for the learner timeline. The workspace holds app-settings samples
the linter checks. code-server log: ${server.logPath}
Press Ctrl-C to stop.`);
  // Ctrl-C ends this process; the harness stops code-server's whole process group with it.
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
