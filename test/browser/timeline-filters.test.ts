// The timeline's filters and labels in headless Chromium, where a tester found them misleading:
// a course filter that a new read leaves without messages, times typed as the placeholders show
// them, the facts table under a learner filter, bidi controls in names beside ids, and Load more
// while a read is in flight.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import type { PeekedMessage } from '../../src/core/events/model';
import { PageEncoder } from '../../src/core/events/wire';
import { dataMessage } from '../unit/events-seed';
import type { HostToWebview } from '../../src/timeline/protocol';
import { type Harness, courseStart, openHarness, post, showMessages, timelineMessages } from './harness';

/** A name as the view shows it beside an id: between U+2068 and U+2069, isolated. */
const I = (name: string): string => `\u2068${name}\u2069`;

const counts = (page: Page): Promise<string> => page.locator('[data-testid=counts]').innerText();

/** A COURSE_START of a learner in a course, at 10:00 plus `minute` on 2021-03-01 (UTC). */
function start(sequenceNumber: number, userId: number, courseId: number, minute: number, names: { first?: string; last?: string; course?: string } = {}): PeekedMessage {
  return courseStart(sequenceNumber, {
    FirstName: names.first ?? `First${userId}`, LastName: names.last ?? `Last${userId}`, UserId: userId, Contact: `u${userId}@example.com`,
    CourseName: names.course ?? `Course ${courseId}`, CourseId: courseId, StartDate: `2021-03-01T10:${String(minute).padStart(2, '0')}:00Z`,
  });
}

async function waitForCounts(page: Page, shown: number, of: number): Promise<void> {
  await page.waitForFunction((prefix) => document.querySelector('[data-testid=counts]')?.textContent?.startsWith(prefix), `${shown} of ${of} messages shown`);
}

describe('timeline filters and labels in Chromium', () => {
  let harness: Harness;
  let page: Page;
  before(async () => {
    harness = await openHarness();
    page = harness.page;
  });
  after(async () => harness.close());

  test('a course filter that a new read has no messages of stays shown as the filter in force', async () => {
    await showMessages(page, timelineMessages([start(1, 1, 100, 0), start(2, 2, 200, 1)]));
    await waitForCounts(page, 2, 2);
    await page.locator('[data-testid=filter-course]').evaluate((dropdown) => {
      (dropdown as HTMLSelectElement).value = '200';
      dropdown.dispatchEvent(new Event('change'));
    });
    await waitForCounts(page, 1, 2);
    // Refresh: the new read holds only course 300.
    await showMessages(page, timelineMessages([start(3, 3, 300, 2)]));
    await waitForCounts(page, 0, 1);
    const options = await page.$$eval('[data-testid=filter-course] vscode-option', (all) => all.map((o) => o.textContent?.trim()));
    assert.deepEqual(options, ['All courses', `${I('Course')} (200): not in these messages`, `${I('Course 300')} (300)`]);
    assert.equal(await page.locator('[data-testid=filter-course]').evaluate((d) => (d as HTMLSelectElement).value), '200');
  });

  test('times typed as the placeholders show them filter; a time that is not one is named as not applied', async () => {
    await page.locator('[data-testid=filter-course]').evaluate((dropdown) => {
      (dropdown as HTMLSelectElement).value = '';
      dropdown.dispatchEvent(new Event('change'));
    });
    await showMessages(page, timelineMessages([start(1, 1, 100, 0), start(2, 2, 100, 30), start(3, 3, 100, 59)]));
    await waitForCounts(page, 3, 3);
    await page.locator('[data-testid=filter-from] input').fill('2021-03-01T10:15Z');
    await page.locator('[data-testid=filter-to] input').fill('2021-03-01T10:45Z');
    await waitForCounts(page, 1, 3);
    await page.locator('[data-testid=filter-to] input').fill('2021-03-01T25:00Z');
    await waitForCounts(page, 2, 3);
    assert.equal(await counts(page), '2 of 3 messages shown · 3 learners · 0 anomalies · To is not a time such as 2021-02-28T17:00Z: not applied');
    assert.equal(await page.locator('[data-testid=filter-to]').getAttribute('aria-invalid'), 'true');
    // The toolkit draws its own input: that is what a screen reader meets.
    assert.equal(await page.locator('[data-testid=filter-to] input').getAttribute('aria-invalid'), 'true');
    await page.locator('[data-testid=filter-from] input').fill('');
    await page.locator('[data-testid=filter-to] input').fill('');
    await waitForCounts(page, 3, 3);
    assert.equal(await counts(page), '3 of 3 messages shown · 3 learners · 0 anomalies');
  });

  test('the facts table lists only the learners and courses the filter shows', async () => {
    await showMessages(page, timelineMessages([start(1, 1, 100, 0), start(2, 1, 200, 1), start(3, 2, 100, 2)]));
    await waitForCounts(page, 3, 3);
    await page.locator('[data-testid=filter-learner] input').fill('1');
    await waitForCounts(page, 2, 3);
    // The table is built when opened (its toggle event comes a task later).
    const openFacts = async (): Promise<void> => {
      await page.locator('[data-testid=facts] summary').click();
      await page.waitForSelector('[data-testid=facts] tbody tr');
    };
    await openFacts();
    const learners = (): Promise<string[]> => page.$$eval('[data-testid=facts] tbody tr', (rows) => rows.map((r) => `${r.children[0]?.textContent} | ${r.children[1]?.textContent}`));
    assert.deepEqual(await learners(), [`${I('F. L.')} · 1 | ${I('Course 100')} (100)`, `${I('F. L.')} · 1 | ${I('Course 200')} (200)`]);
    await page.locator('[data-testid=filter-course]').evaluate((dropdown) => {
      (dropdown as HTMLSelectElement).value = '200';
      dropdown.dispatchEvent(new Event('change'));
    });
    await waitForCounts(page, 1, 3);
    // Still open after the filter changed: the table is rebuilt open.
    await page.waitForSelector('[data-testid=facts] tbody tr');
    assert.deepEqual(await learners(), [`${I('F. L.')} · 1 | ${I('Course 200')} (200)`]);
    // Typing in a filter keeps the open table open; closing it is the reader's choice.
    await page.locator('[data-testid=filter-learner] input').fill('12');
    await waitForCounts(page, 0, 3);
    assert.equal(await page.locator('[data-testid=facts]').getAttribute('open'), '');
    await page.locator('[data-testid=facts] summary').click();
    await page.locator('[data-testid=filter-learner] input').fill('');
    await page.locator('[data-testid=filter-course]').evaluate((dropdown) => {
      (dropdown as HTMLSelectElement).value = '';
      dropdown.dispatchEvent(new Event('change'));
    });
    await waitForCounts(page, 3, 3);
  });

  test('a right-to-left override in a name, course or event type shows escaped and leaves the ids beside it in place', async () => {
    const evil = JSON.stringify({ EventType: '\u202eEVIL', MessageBody: { FirstName: 'Q', LastName: 'R', UserId: 77, Contact: 'q@x', ContactType: 'Email' } });
    await showMessages(page, timelineMessages([start(1, 1234, 5678, 0, { first: '\u202eAda', course: '\u202eSecurity 101' }), dataMessage('123', evil)]), false);
    await waitForCounts(page, 2, 2);
    await page.click('[data-testid=mode]');
    await page.waitForSelector('[data-testid=list-row]');
    const rows = await page.$$eval('[data-testid=list-row]', (all) => all.map((r) => [...r.querySelectorAll('[role=gridcell]')].map((c) => c.textContent)));
    const [row, evilRow] = rows.sort((a, b) => Number(a[0]) - Number(b[0]));
    assert.equal(row?.[2], `${I('\\u202eAda Last1234')} · 1234`);
    assert.equal(row?.[3], `${I('\\u202eSecurity 101')} (5678)`);
    assert.equal(evilRow?.[1], '\\u202eEVIL');
    assert.ok(!rows.flat().some((c) => c?.includes('\u202e')), 'no override reaches the page');
    const options = await page.$$eval('[data-testid=filter-course] vscode-option', (all) => all.map((o) => o.textContent?.trim()));
    assert.deepEqual(options, ['All courses', `${I('\\u202eSecurity 101')} (5678)`]);
    // The details heading: the sequence number after the type stays as sent.
    await page.click('[data-testid=list-row][data-seq="123"]');
    assert.equal(await page.locator('[data-testid=details] h2').innerText(), '\\u202eEVIL · #123');
    await page.click('[data-testid=mode]');
  });

  test('a right-to-left name or course is isolated from the id beside it', async () => {
    await showMessages(page, timelineMessages([start(1, 4242, 2475, 0, { first: '\u05d3\u05e0\u05d4', last: '\u05db\u05d4\u05df', course: '\u05de\u05ea\u05de\u05d8\u05d9\u05e7\u05d4' })]), false);
    await waitForCounts(page, 1, 1);
    await page.click('[data-testid=mode]');
    await page.waitForSelector('[data-testid=list-row]');
    assert.equal(await page.locator('[data-testid=list-row] [role=gridcell]').nth(2).textContent(), `${I('\u05d3\u05e0\u05d4 \u05db\u05d4\u05df')} · 4242`);
    // Laid out left to right with the name as one isolated run: the id is the rightmost text.
    // Polled: the list draws its rows on animation frames and may draw them again once shown.
    // (No named functions in here: the test runner's transform would name them with a helper the page lacks.)
    await page.waitForFunction(() => {
      const cell = document.querySelectorAll('[data-testid=list-row] [role=gridcell]')[2];
      const text = cell?.firstChild;
      if (!(text instanceof Text)) {
        return false;
      }
      const [id, name] = [text.data.lastIndexOf('4242'), text.data.indexOf('\u05d3')].map((i) => {
        const range = document.createRange();
        range.setStart(text, i);
        range.setEnd(text, i + 1);
        return range.getBoundingClientRect().left;
      });
      return (id as number) > (name as number);
    }, undefined, { timeout: 5000 });
    await page.click('[data-testid=mode]');
  });

  test('Load more is disabled while the read it started runs, and enabled again when that read ends with more to read', async () => {
    const loadMoreDisabled = (disabled: boolean): Promise<unknown> =>
      page.waitForFunction((want) => document.querySelector('[data-testid=load-more]')?.hasAttribute('disabled') === want, disabled);
    // One encoder for the read and its Load more, as the host keeps one until its next reset.
    const encoder = new PageEncoder();
    const page1 = (sequenceNumber: number, done: boolean, canLoadMore: boolean): HostToWebview =>
      ({ type: 'page', page: encoder.encode(timelineMessages(done ? [] : [start(sequenceNumber, sequenceNumber, 100, sequenceNumber)])), received: sequenceNumber, done, canLoadMore });
    await post(page, { type: 'reset', title: 'Harness', source: { connectionId: 'c', topic: 'CTEvents', subscription: 'alpha', deadLetter: false, max: 1 }, maskPersonalData: true });
    await post(page, page1(1, false, false));
    await post(page, page1(1, true, true));
    await loadMoreDisabled(false);
    // Load more: the host appends pages after the last sequence number, with no reset.
    await post(page, page1(2, false, false));
    await loadMoreDisabled(true);
    await post(page, page1(2, true, true));
    await loadMoreDisabled(false);
    await waitForCounts(page, 2, 2);
  });
});
