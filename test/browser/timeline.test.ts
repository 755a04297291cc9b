// The built timeline webview in headless Chromium, on the harness page that plays the host.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { seedEvents } from '../../src/sandbox/seed';
import { SEED_TIMES, dataMessage, seedMessages } from '../unit/events-seed';
import type { HostToWebview } from '../../src/timeline/protocol';
import { type Harness, courseStart, generatedMessages, openHarness, openWebview, pageMessages, post, showMessages, timelineMessages } from './harness';
import { publishForReadme, screenshotPath } from '../screenshots';

const listSeqs = (page: Page): Promise<string[]> =>
  page.$$eval('[data-testid=list-row]', (rows) => rows.map((r) => (r as HTMLElement).dataset.seq ?? '').sort((a, b) => Number(a) - Number(b)));
const listText = (page: Page): Promise<string> => page.locator('[data-testid=list]').innerText();

/** Waits until the counts say `events` are shown and the list has drawn that many rows (small lists). */
async function waitForPaint(page: Page, events: number): Promise<void> {
  await page.waitForFunction((n) => document.querySelector('[data-testid=counts]')?.textContent?.startsWith(`${n} of`), events);
  await page.waitForFunction((n) => document.querySelectorAll('[data-testid=list-row]').length === Math.min(n, 20), events);
}

/** The harness server's address, for more pages beside the shared one. */
const origin = (harness: Harness): string => `http://127.0.0.1:${(harness.server.address() as AddressInfo).port}`;

describe('timeline webview in Chromium', () => {
  let harness: Harness;
  let page: Page;
  before(async () => {
    harness = await openHarness();
    page = harness.page;
  });
  after(async () => harness.close());

  test('the seed journey: documented order, re-renders collapsed until toggled', async () => {
    await showMessages(page, timelineMessages(seedMessages()));
    await waitForPaint(page, 5);
    await page.click('[data-testid=mode]');
    await page.waitForSelector('[data-testid=list-row]');
    const rows = await page.$$eval('[data-testid=list-row]', (r) => r.map((x) => ({ top: parseFloat((x as HTMLElement).style.top), seq: (x as HTMLElement).dataset.seq })));
    assert.deepEqual(rows.sort((a, b) => a.top - b.top).map((r) => r.seq), ['1', '2', '3', '4', '5']);
    await page.click('[data-testid=rerender-toggle]');
    await waitForPaint(page, 7);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=list-row]').length === 7);
    const all = await page.$$eval('[data-testid=list-row]', (r) => r.map((x) => ({ top: parseFloat((x as HTMLElement).style.top), seq: (x as HTMLElement).dataset.seq, cls: x.className })));
    const ordered = all.sort((a, b) => a.top - b.top);
    assert.deepEqual(ordered.map((r) => r.seq), ['1', '2', '3', '4', '5', '6', '7']);
    assert.deepEqual(ordered.map((r) => r.cls.includes('rerender')), [false, false, false, false, false, true, true]);
    await page.click('[data-testid=rerender-toggle]');
    await waitForPaint(page, 5);
  });

  test('a learner filter and the masking toggle change what is shown', async () => {
    assert.match(await listText(page), /T\. T\.\u2069 · 13273/);
    assert.doesNotMatch(await listText(page), /Test test|learner@example/);
    await page.click('[data-testid=mask-toggle]');
    await page.waitForFunction(() => document.querySelector('[data-testid=list]')?.textContent?.includes('Test test'));
    await page.click('[data-testid=mask-toggle]');
    await page.waitForFunction(() => !document.querySelector('[data-testid=list]')?.textContent?.includes('Test test'));
    await page.locator('[data-testid=filter-learner] input').fill('99999');
    await waitForPaint(page, 0);
    assert.deepEqual(await listSeqs(page), []);
    await page.locator('[data-testid=filter-learner] input').fill('13273');
    await waitForPaint(page, 5);
    await page.click('[data-testid=filter-type-MODULE_COMPLETION]');
    await waitForPaint(page, 2);
    assert.deepEqual(await listSeqs(page), ['3', '4']);
    await page.click('[data-testid=filter-type-MODULE_COMPLETION]');
    await page.locator('[data-testid=filter-learner] input').fill('');
    await waitForPaint(page, 5);
  });

  test('hostile names and courses render as text and run nothing', async () => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const hostile = courseStart(1, { FirstName: '<img src=x onerror="window.pwned=1;alert(1)">', LastName: 'X', UserId: 66, Contact: 'h@x', CourseName: '</script><script>window.pwned=2;alert(2)</script>', CourseId: 9 });
    await showMessages(page, timelineMessages([hostile]), false);
    await waitForPaint(page, 1);
    await page.click('[data-testid=list-row]');
    const text = await page.locator('#app').innerText();
    assert.ok(text.includes('<img src=x onerror="window.pwned=1;alert(1)">'));
    assert.ok(text.includes('</script><script>window.pwned=2;alert(2)</script>'));
    assert.equal(await page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned), undefined);
    assert.equal(await page.locator('#app img, #app script').count(), 0);
    assert.deepEqual(dialogs, []);
  });

  test('huge, malformed and binary bodies show as such, with their size', async () => {
    await showMessages(page, timelineMessages([
      dataMessage('1', 'x'.repeat(1_200_000)),
      dataMessage('2', '{"EventType": "LOGIN",'),
      dataMessage('3', new Uint8Array([0xff, 0xfe, 0, 1, 2])),
    ]));
    await waitForPaint(page, 3);
    const sizes: string[] = [];
    for (const seq of ['1', '2', '3']) {
      await page.click(`[data-testid=list-row][data-seq="${seq}"]`);
      sizes.push(await page.locator('[data-testid=body-size]').innerText());
    }
    assert.match(sizes[0] as string, /^1\.1 MB, .*first 4096 characters shown$/);
    assert.equal(sizes[1], '22 B, text, not JSON');
    assert.equal(sizes[2], '5 B, binary (shown as hex)');
    assert.match(await page.locator('[data-testid=anomalies]').innerText(), /Body over 1 MB: 1/);
  });

  test('a page the view cannot read shows an error, and the next read shows again', async () => {
    await post(page, { type: 'reset', title: 'Harness', source: { connectionId: 'c', topic: 'CTEvents', subscription: 'alpha', deadLetter: false, max: 1 }, maskPersonalData: true });
    const [first] = pageMessages(timelineMessages(seedMessages()));
    const spoilt = { ...(first as Extract<HostToWebview, { type: 'page' }>), page: { format: 'ct-events-page/1', count: 1 } } as unknown as HostToWebview;
    await post(page, spoilt);
    await page.waitForFunction(() => document.querySelector('[data-testid=status]')?.getAttribute('data-kind') === 'error');
    assert.match(await page.locator('[data-testid=status]').innerText(), /could not read/);
    await showMessages(page, timelineMessages(seedMessages()));
    await waitForPaint(page, 5);
  });

  test('an empty read says so on the swimlane canvas, and the first events clear it', async () => {
    const own = await openWebview(harness.browser, origin(harness));
    try {
      await post(own, { type: 'reset', title: 'Harness', source: { connectionId: 'c', topic: 'CTEvents', subscription: 'alpha', deadLetter: false, max: 0 }, maskPersonalData: true });
      for (const message of pageMessages([])) {
        await post(own, message);
      }
      await waitForPaint(own, 0);
      await own.waitForSelector('[data-testid=lanes][data-empty=true]');
      assert.equal(await own.getAttribute('[data-testid=lanes]', 'aria-label'), 'Swimlanes: No messages to show.');
      await own.waitForFunction(() => (document.querySelector('[data-testid=lanes]') as HTMLElement).dataset.marksDrawn === '0');
      // The sentence is drawn across the middle of the chart, and no axis over a made-up range above it.
      // (No named functions in here: the test runner's transform would name them with a helper the page lacks.)
      const [axis, middle] = await own.$eval('[data-testid=lanes]', (canvas) => {
        const c = canvas as HTMLCanvasElement;
        const ratio = c.width / c.clientWidth;
        const context = c.getContext('2d') as CanvasRenderingContext2D;
        return [[0, 26], [c.clientHeight / 2 - 10, 20]].map(([top, height]) =>
          context.getImageData(0, Math.round((top as number) * ratio), c.width, Math.round((height as number) * ratio)).data.filter((alpha, i) => i % 4 === 3 && alpha !== 0).length,
        );
      });
      assert.ok((middle as number) > 0, 'nothing drawn in the middle of the canvas');
      assert.equal(axis, 0);
      await showMessages(own, timelineMessages(seedMessages()));
      await waitForPaint(own, 5);
      await own.waitForSelector('[data-testid=lanes]:not([data-empty])');
      // The learner's sign-in and course lanes.
      assert.equal(await own.getAttribute('[data-testid=lanes]', 'aria-label'), 'Swimlanes: 5 events in 2 lanes. The list view shows the same events as text.');
      // A filter that keeps nothing says so, not that there are no messages.
      await own.locator('[data-testid=filter-learner] input').fill('nobody');
      await own.waitForSelector('[data-testid=lanes][data-empty=true]');
      assert.equal(await own.getAttribute('[data-testid=lanes]', 'aria-label'), 'Swimlanes: No events match the filter.');
    } finally {
      await own.close();
    }
  });

  test('a narrow list keeps Learner and Course readable, with the whole text in their titles', async () => {
    const own = await openWebview(harness.browser, origin(harness), { width: 600, height: 800 });
    try {
      // Names stand between U+2068 and U+2069, isolated from the id beside them.
      const learner = '\u2068Maximiliana Featherstonehaugh-Cholmondeley\u2069 · 424242';
      const course = '\u2068Community Health Worker Foundations: Maternal and Newborn Care, Part Two\u2069 (7301)';
      const message = courseStart(1, { FirstName: 'Maximiliana', LastName: 'Featherstonehaugh-Cholmondeley', UserId: 424242, Contact: 'm@example.com', CourseName: 'Community Health Worker Foundations: Maternal and Newborn Care, Part Two', CourseId: 7301 });
      await showMessages(own, timelineMessages([message]), false);
      await waitForPaint(own, 1);
      await own.click('[data-testid=mode]');
      await own.waitForSelector('[data-testid=list-row]', { state: 'visible' });
      // The list draws its rows on animation frames and draws them again once shown: measure once
      // the Learner and Course cells are laid out.
      await own.waitForFunction(() => [...document.querySelectorAll('[data-testid=list-row] [role=gridcell]')].slice(2, 4).filter((cell) => cell.getBoundingClientRect().width > 0).length === 2);
      const cells = await own.$$eval('[data-testid=list-row] [role=gridcell]', (all) =>
        all.slice(2, 4).map((cell) => ({ width: cell.getBoundingClientRect().width, em: parseFloat(getComputedStyle(cell).fontSize), title: (cell as HTMLElement).title, text: cell.textContent })),
      );
      assert.deepEqual(cells.map((c) => [c.title, c.text]), [[learner, learner], [course, course]]);
      for (const cell of cells) {
        assert.ok(cell.width >= 12 * cell.em, `cell ${cell.width}px wide, under 12em (${12 * cell.em}px)`);
      }
      // The columns no longer fit the panel: the list scrolls sideways instead.
      const { scrollWidth, clientWidth } = await own.$eval('[data-testid=list]', (list) => ({ scrollWidth: list.scrollWidth, clientWidth: list.clientWidth }));
      assert.ok(scrollWidth > clientWidth, `scrollWidth ${scrollWidth}, clientWidth ${clientWidth}`);
    } finally {
      await own.close();
    }
  });

  test('clicking the same mark again steps through the events that share its time', async () => {
    const own = await openWebview(harness.browser, origin(harness));
    try {
      await showMessages(own, timelineMessages(seedMessages()));
      await waitForPaint(own, 5);
      await own.click('[data-testid=fit-all]');
      // Where the fitted chart draws events 4 and 5 (webview/swimlanes.ts): the plot starts after
      // the 200 px of labels and ends 8 px before the edge; "Fit all" pads the journey's span by 3%
      // each side; the course lane is the second row, under the 26 px axis, its rows 20 px high.
      const plotWidth = (await own.$eval('[data-testid=lanes]', (canvas) => canvas.clientWidth)) - 208;
      const first = Date.parse(SEED_TIMES[0] as string);
      const shared = Date.parse(SEED_TIMES[3] as string);
      assert.equal(Date.parse(SEED_TIMES[4] as string), shared);
      const span = shared - first;
      const position = { x: 200 + ((shared - (first - span * 0.03)) / (span * 1.06)) * plotWidth, y: 26 + 20 + 10 };
      const heading = (): Promise<string> => own.locator('[data-testid=details] h2').innerText();
      await own.locator('[data-testid=lanes]').click({ position });
      assert.equal(await heading(), 'MODULE_COMPLETION · #4');
      await own.locator('[data-testid=lanes]').click({ position });
      assert.equal(await heading(), 'COURSE_COMPLETION · #5');
      await own.locator('[data-testid=lanes]').click({ position });
      assert.equal(await heading(), 'MODULE_COMPLETION · #4');
    } finally {
      await own.close();
    }
  });

  test('a 100,000-event load renders', async () => {
    await page.click('[data-testid=mode]');
    await showMessages(page, generatedMessages(100_000));
    await page.waitForFunction(() => / of 100000 messages shown/.test(document.querySelector('[data-testid=counts]')?.textContent ?? ''));
    await page.waitForFunction(() => Number((document.querySelector('[data-testid=lanes]') as HTMLElement).dataset.marksDrawn) > 0);
    const lanes = await page.getAttribute('[data-testid=lanes]', 'data-lanes');
    assert.ok(Number(lanes) > 3000, `lanes: ${lanes}`);
  });

  test('screenshot of the sandbox seed data', async () => {
    const messages = seedEvents().map((e, i) => dataMessage(String(i + 1), JSON.stringify(e)));
    await showMessages(page, timelineMessages(messages));
    await waitForPaint(page, messages.length - 2);
    // One learner's journey with its re-renders, fitted: over all three learners' days the marks
    // of each would sit on one spot.
    await page.locator('[data-testid=filter-learner] input').fill('13273');
    await page.click('[data-testid=rerender-toggle]');
    await waitForPaint(page, 7);
    await page.click('[data-testid=fit-all]');
    await page.screenshot({ path: await screenshotPath('timeline-browser.png'), fullPage: false });
    await publishForReadme('timeline-browser.png');
  });
});
