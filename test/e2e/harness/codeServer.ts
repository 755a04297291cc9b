// code-server 4.100.3 (VS Code 1.100 in the browser) from the cache that scripts/setup-e2e.sh fills:
// a fresh user-data and extensions folder per run, the packaged .vsix installed into it, and a
// workspace holding copies of the settings fixtures.
import { cp, mkdir, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, runLogged, spawnLogged, type LoggedProcess } from './processes';
import { REPO_ROOT } from './paths';

const CODE_SERVER_ENTRY = join(REPO_ROOT, '.cache/code-server/node_modules/code-server/out/node/entry.js');
export const VSIX_PATH = join(REPO_ROOT, 'dist-vsix/ct-events.vsix');
const SETTINGS_FIXTURES = join(REPO_ROOT, 'test/fixtures/settings');

const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
};

export interface CodeServerDirs {
  userDataDir: string;
  extensionsDir: string;
  workspaceDir: string;
  configPath: string;
  logPath: string;
}

/**
 * Lays out a fresh VS Code profile under root and installs the packaged extension into it;
 * workspaceSettings, when given, become the workspace folder's .vscode/settings.json.
 */
export async function prepareCodeServer(root: string, workspaceSettings?: Record<string, unknown>): Promise<CodeServerDirs> {
  if (!existsSync(CODE_SERVER_ENTRY)) {
    throw new Error('code-server is not installed; run scripts/setup-e2e.sh (npm run test:e2e does).');
  }
  if (!existsSync(VSIX_PATH)) {
    throw new Error('dist-vsix/ct-events.vsix is missing; run npm run package (npm run test:e2e does).');
  }
  const dirs: CodeServerDirs = {
    userDataDir: join(root, 'user-data'),
    extensionsDir: join(root, 'extensions'),
    workspaceDir: join(root, 'workspace'),
    // Our own config file, so code-server never writes one into the user's home.
    configPath: join(root, 'code-server.yaml'),
    logPath: join(root, 'code-server.log'),
  };
  await mkdir(join(dirs.userDataDir, 'User'), { recursive: true });
  await mkdir(dirs.extensionsDir, { recursive: true });
  await writeFile(dirs.configPath, 'auth: none\n');
  await writeFile(join(dirs.userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  await cp(SETTINGS_FIXTURES, dirs.workspaceDir, { recursive: true });
  if (workspaceSettings) {
    await mkdir(join(dirs.workspaceDir, '.vscode'), { recursive: true });
    await writeFile(join(dirs.workspaceDir, '.vscode', 'settings.json'), JSON.stringify(workspaceSettings, null, 2));
  }
  await runLogged(process.execPath, [CODE_SERVER_ENTRY, ...profileArgs(dirs), '--install-extension', VSIX_PATH], {
    logPath: dirs.logPath,
    timeoutMs: 60_000,
  });
  return dirs;
}

function profileArgs(dirs: CodeServerDirs): string[] {
  return ['--config', dirs.configPath, '--user-data-dir', dirs.userDataDir, '--extensions-dir', dirs.extensionsDir];
}

export interface RunningCodeServer {
  /** The workbench with the workspace folder open. */
  url: string;
  logPath: string;
  stop(): Promise<void>;
}

/** Starts code-server on a loopback port (a free one unless given), without authentication, and waits until it listens. */
export async function startCodeServer(dirs: CodeServerDirs, port?: number): Promise<RunningCodeServer> {
  port ??= await freePort();
  const server: LoggedProcess = spawnLogged(
    process.execPath,
    [
      CODE_SERVER_ENTRY,
      ...profileArgs(dirs),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      dirs.workspaceDir,
    ],
    { logPath: dirs.logPath },
  );
  try {
    await server.waitForLine(/HTTP server listening on/, 30_000);
  } catch (error) {
    await server.stop();
    throw error;
  }
  return {
    url: `http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspaceDir)}`,
    logPath: dirs.logPath,
    stop: () => server.stop(),
  };
}
