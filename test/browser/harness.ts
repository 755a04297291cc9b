// A harness page for the built timeline webview (dist/webview.js) in headless Chromium: a local
// HTTP server serves the page with the same CSP as the extension (default-src 'none', nonce'd
// scripts), a stand-in for acquireVsCodeApi that records what the webview posts, and dark theme
// variables. Tests play the extension's side by posting protocol messages into the page.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type Browser, type Page, chromium } from 'playwright-core';
import type { PeekedMessage } from '../../src/core/events/model';
import { type TimelineMessage, toTimelineMessage } from '../../src/core/events/records';
import { PageEncoder } from '../../src/core/events/wire';
import { dataMessage } from '../unit/events-seed';
import type { HostToWebview } from '../../src/timeline/protocol';

const ROOT = join(__dirname, '..', '..');
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const THEME = `:root{--vscode-font-family:sans-serif;--vscode-font-size:13px;--vscode-editor-font-family:monospace;--vscode-foreground:#cccccc;
--vscode-descriptionForeground:#9d9d9d;--vscode-editor-background:#1e1e1e;--vscode-widget-border:#454545;--vscode-focusBorder:#007fd4;
--vscode-charts-blue:#3794ff;--vscode-charts-green:#89d185;--vscode-charts-orange:#d18616;--vscode-charts-purple:#b180d7;--vscode-charts-red:#f14c4c;
--vscode-charts-foreground:#cccccc;--vscode-errorForeground:#f48771;--vscode-list-hoverBackground:#2a2d2e;--vscode-list-activeSelectionBackground:#04395e;
--vscode-list-activeSelectionForeground:#ffffff;--vscode-textCodeBlock-background:#0a0a0a;--vscode-sideBarSectionHeader-background:#2b2b2b;--vscode-editorGroup-border:#444444}`;

export interface Harness {
  browser: Browser;
  page: Page;
  server: Server;
  close(): Promise<void>;
}

export interface HarnessServer {
  server: Server;
  /** http://127.0.0.1:PORT */
  origin: string;
}

/**
 * Serves `/` (the webview page), `/plain` (the same page, theme and CSS without the webview, for
 * comparisons; it has the wire decoder as `ctWire.PageDecoder`, so it reads the same pages), the
 * built dist/webview.js and media/timeline.css.
 */
export async function startHarnessServer(): Promise<HarnessServer> {
  const wire = await build({ entryPoints: [join(ROOT, 'src', 'core', 'events', 'wire.ts')], bundle: true, format: 'iife', globalName: 'ctWire', target: 'es2022', write: false });
  const server = createServer((request, response) => {
    void (async () => {
      const nonce = randomBytes(16).toString('base64');
      const url = request.url ?? '/';
      if (url === '/dist/webview.js' || url === '/media/timeline.css') {
        response.writeHead(200, { 'content-type': url.endsWith('.js') ? 'text/javascript' : 'text/css' });
        response.end(await readFile(join(ROOT, url)));
      } else if (url === '/wire.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' });
        response.end(wire.outputFiles[0]?.text);
      } else if (url === '/theme.css') {
        response.writeHead(200, { 'content-type': 'text/css' });
        response.end(THEME);
      } else if (url === '/' || url === '/plain') {
        const origin = `http://${request.headers.host ?? ''}`;
        const webview = `<script nonce="${nonce}" src="${url === '/' ? '/dist/webview.js' : '/wire.js'}"></script>`;
        response.writeHead(200, { 'content-type': 'text/html' });
        response.end(`<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${origin}; font-src ${origin}; img-src ${origin}; script-src 'nonce-${nonce}'">
<link rel="stylesheet" href="/theme.css"><link rel="stylesheet" href="/media/timeline.css"><title>harness</title></head>
<body class="vscode-dark"><div id="app" data-testid="timeline"></div>
<script nonce="${nonce}">
  const sent = []; let state;
  window.acquireVsCodeApi = () => ({ postMessage: (m) => sent.push(m), getState: () => state, setState: (s) => { state = s; } });
  Object.defineProperty(window, 'harness', { value: { sent, state: () => state } });
</script>
${webview}</body></html>`);
      } else {
        response.writeHead(404).end();
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

/** Debian's Chromium, headless, with the flags it needs as root; `extraArgs` add to them. */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...extraArgs] });
}

/** Opens the webview page and waits for its `ready`. */
export async function openWebview(browser: Browser, origin: string, viewport = { width: 1400, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => (window as unknown as { harness: { sent: { type: string }[] } }).harness.sent.some((m) => m.type === 'ready'));
  return page;
}

export async function openHarness(viewport = { width: 1400, height: 900 }): Promise<Harness> {
  const { server, origin } = await startHarnessServer();
  const browser = await launchChromium();
  const page = await openWebview(browser, origin, viewport);
  return {
    browser,
    page,
    server,
    async close() {
      await browser.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Plays the host: a reset, then the messages in encoded pages of 5,000 (one CDP call each), the last marked done. */
export async function showMessages(page: Page, messages: TimelineMessage[], maskPersonalData = true): Promise<void> {
  const reset: HostToWebview = { type: 'reset', title: 'alpha', source: { connectionId: 'c', topic: 'CTEvents', subscription: 'alpha', deadLetter: false, max: messages.length }, maskPersonalData };
  await post(page, reset);
  for (const message of pageMessages(messages)) {
    await post(page, message);
  }
}

/** Messages per `page` message (the host's streaming read sends smaller ones; fewer CDP calls keep tests quick). */
export const PAGE = 5000;

/** The `page` messages a host sends after a reset for `messages`: encoded pages of PAGE, then an empty one marked done. */
export function pageMessages(messages: TimelineMessage[]): HostToWebview[] {
  const encoder = new PageEncoder();
  const pages: HostToWebview[] = [];
  for (let at = 0; at < messages.length; at += PAGE) {
    pages.push({ type: 'page', page: encoder.encode(messages.slice(at, at + PAGE)), received: Math.min(at + PAGE, messages.length), done: false, canLoadMore: false });
  }
  pages.push({ type: 'page', page: encoder.encode([]), received: messages.length, done: true, canLoadMore: false });
  return pages;
}

export async function post(page: Page, message: HostToWebview): Promise<void> {
  await page.evaluate((m) => window.postMessage(m, '*'), message);
}

export function timelineMessages(messages: PeekedMessage[]): TimelineMessage[] {
  return messages.map(toTimelineMessage);
}

/** A COURSE_START as CT sends it (JSON in a data section), its MessageBody's fields overridden by `fields`. */
export function courseStart(sequenceNumber: number, fields: Record<string, unknown>): PeekedMessage {
  const body = { FirstName: 'Ada', LastName: 'Lovelace', UserId: 1, Contact: 'ada@example.com', ContactType: 'Email', CourseName: 'Course', CourseId: 1, StartDate: '2021-03-01T00:00:00Z', ...fields };
  return dataMessage(String(sequenceNumber), JSON.stringify({ EventType: 'COURSE_START', MessageBody: body }));
}

/** Generated journeys: `count` events over `learners` learners and `courses` courses. */
export function generatedMessages(count: number, learners = 3000, courses = 36): TimelineMessage[] {
  const out: TimelineMessage[] = [];
  const base = Date.UTC(2024, 0, 1);
  const types = ['LOGIN', 'COURSE_START', 'MODULE_COMPLETION', 'MODULE_COMPLETION', 'COURSE_COMPLETION', 'COURSE_START'];
  for (let i = 0; i < count; i++) {
    const userId = 1000 + (i % learners);
    const step = Math.floor(i / learners) % types.length;
    const courseId = 500 + ((userId * 7 + Math.floor(i / (learners * types.length))) % courses);
    const type = types[step] as string;
    const when = new Date(base + i * 37_000).toISOString().replace('Z', '0000Z');
    const body: Record<string, unknown> = { FirstName: `First${userId}`, LastName: `Last${userId}`, UserId: userId, Contact: `u${userId}@example.com`, ContactType: 'Email' };
    if (type === 'LOGIN') {
      body.LoginTime = when;
    } else {
      Object.assign(body, { CourseName: `Course ${courseId}`, CourseId: courseId });
      if (type === 'COURSE_START') {
        body.StartDate = when;
      } else {
        Object.assign(body, { CompletionDate: when, ExamPercentage: step === 3 ? String(40 + (i % 60)) : 'Not Applicable' });
        if (type === 'MODULE_COMPLETION') {
          Object.assign(body, { CourseItemId: 9000 + step, ModuleType: step === 3 ? 'Exam' : 'Lesson' });
        }
      }
    }
    out.push(toTimelineMessage({ sequenceNumber: String(i + 1), bodyType: 'value', body: JSON.stringify({ EventType: type, MessageBody: body }) }));
  }
  return out;
}
