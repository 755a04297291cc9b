// One end-to-end session per test file: the sandbox (optional), code-server with the packaged
// extension, one headless Chromium and its workbench page. Starting and stopping are bounded;
// a failure anywhere leaves a screenshot and the code-server log under test-artifacts/.
import { mkdir, copyFile, mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startSandbox, type RunningSandbox } from '../../../src/sandbox/index';
import { prepareCodeServer, startCodeServer, type RunningCodeServer } from './codeServer';
import { publishForReadme, screenshotPath } from '../../screenshots';
import { ARTIFACTS_DIR } from './paths';
import { launchBrowser, openWorkbench, runCommand, waitForWorkbench } from './workbench';

export interface SessionOptions {
  /** Names the artifacts folder. */
  name: string;
  /** Start a sandbox with the seed data for the test to connect to. */
  sandbox: boolean;
  /** The workspace folder's settings (.vscode/settings.json). */
  workspaceSettings?: Record<string, unknown>;
}

export class E2eSession {
  private constructor(
    readonly name: string,
    private readonly root: string,
    readonly codeServer: RunningCodeServer,
    readonly browser: Browser,
    readonly page: Page,
    readonly sandbox: RunningSandbox | undefined,
  ) {}

  static async start(options: SessionOptions): Promise<E2eSession> {
    const started = performance.now();
    const root = await mkdtemp(join(tmpdir(), `ct-events-e2e-${options.name}-`));
    const cleanups: (() => Promise<unknown>)[] = [() => rm(root, { recursive: true, force: true })];
    let logPath: string | undefined;
    let page: Page | undefined;
    try {
      const sandbox = options.sandbox ? await startSandbox() : undefined;
      if (sandbox) {
        cleanups.unshift(() => sandbox.stop());
      }
      const dirs = await prepareCodeServer(root, options.workspaceSettings);
      logPath = dirs.logPath;
      const codeServer = await startCodeServer(dirs);
      cleanups.unshift(() => codeServer.stop());
      const browser = await launchBrowser();
      cleanups.unshift(() => browser.close());
      page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      await openWorkbench(page, codeServer.url);
      console.error(`e2e: ${options.name}: workbench ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      return new E2eSession(options.name, root, codeServer, browser, page, sandbox);
    } catch (error) {
      await saveArtifacts(options.name, 'startup', page, logPath);
      for (const cleanup of cleanups) {
        await cleanup().catch(() => undefined);
      }
      throw error;
    }
  }

  /**
   * Reloads the window with "Developer: Reload Window", which shuts the workbench down in order
   * (editor state is flushed to storage) before the page loads again, and waits for the workbench.
   */
  async reload(): Promise<void> {
    const loaded = this.page.waitForEvent('load', { timeout: 60_000 });
    await runCommand(this.page, 'Developer: Reload Window');
    await loaded;
    await waitForWorkbench(this.page);
  }

  /**
   * A screenshot of the workbench (or the clip of it) for the README, with the pointer parked where
   * it raises no hover (see test/screenshots.ts for where it lands).
   */
  async screenshotForDocs(fileName: string, clip?: { x: number; y: number; width: number; height: number }): Promise<void> {
    await this.page.mouse.move(1, 600);
    await this.page.locator('.workbench-hover-container').waitFor({ state: 'hidden', timeout: 10_000 });
    await this.page.screenshot({ path: await screenshotPath(fileName), clip });
    await publishForReadme(fileName);
  }

  async saveFailure(testName: string): Promise<void> {
    await saveArtifacts(this.name, testName, this.page, this.codeServer.logPath);
  }

  async stop(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    await this.codeServer.stop();
    await this.sandbox?.stop();
    await rm(this.root, { recursive: true, force: true });
  }
}

async function saveArtifacts(sessionName: string, testName: string, page: Page | undefined, logPath: string | undefined): Promise<void> {
  const dir = join(ARTIFACTS_DIR, sessionName, testName.replace(/[^a-z0-9]+/gi, '-').toLowerCase());
  await mkdir(dir, { recursive: true });
  if (page && !page.isClosed()) {
    await page.screenshot({ path: join(dir, 'screenshot.png'), timeout: 10_000 }).catch(() => undefined);
  }
  if (logPath && existsSync(logPath)) {
    await copyFile(logPath, join(dir, 'code-server.log'));
  }
  console.error(`e2e: saved a screenshot and the code-server log in ${dir}`);
}

/** A test of the session's file that saves artifacts when it fails. */
export function scenario(name: string, session: () => E2eSession, body: (s: E2eSession) => Promise<void>): void {
  test(name, { timeout: 180_000 }, async () => {
    const s = session();
    try {
      await body(s);
    } catch (error) {
      await s.saveFailure(name);
      throw error;
    }
  });
}

/**
 * One session for the whole test file: started before its tests, stopped after them. Returns a
 * getter that scenarios pass to scenario().
 */
export function sessionForFile(options: SessionOptions): () => E2eSession {
  let session: E2eSession | undefined;
  before(async () => {
    session = await E2eSession.start(options);
  }, { timeout: 240_000 });
  after(async () => {
    await session?.stop();
  });
  return () => {
    assert.ok(session, 'the workbench did not start');
    return session;
  };
}

/** The connection string of the sandbox this session started. */
export function sandboxConnectionString(s: E2eSession): string {
  assert.ok(s.sandbox, 'this session runs a sandbox');
  return s.sandbox.connectionString;
}
