import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { escapeHtml, renderTimelineHtml } from '../../src/cli/html';
import { interpretMessages } from '../../src/core/events';
import { dataMessage, seedBodies } from './events-seed';

const HOSTILE = '<img src=x onerror=alert(1)>';

function page(): string {
  const bodies = seedBodies() as { MessageBody: Record<string, unknown> }[];
  for (const body of bodies) {
    body.MessageBody.FirstName = HOSTILE;
    body.MessageBody.CourseName = '<script>alert("c")</script>';
  }
  const messages = bodies.map((b, i) => dataMessage(String(i + 1), JSON.stringify(b)));
  messages.push(dataMessage('8', '<b>not json</b>'));
  return renderTimelineHtml(interpretMessages(messages), { source: 'CTEvents / <alpha>', mask: false, locale: 'en-US', timeZone: 'UTC' });
}

describe('renderTimelineHtml', () => {
  it('shows names as initials when masked', () => {
    const html = renderTimelineHtml(interpretMessages([dataMessage('1', JSON.stringify(seedBodies()[0]))]), { source: 's', mask: true, locale: 'en-US', timeZone: 'UTC' });
    assert.match(html, /<h2>T\. T\. <span class="muted">UserId 13273<\/span><\/h2>/);
    assert.doesNotMatch(html, /Test/);
  });

  it('escapes every piece of message text', () => {
    const html = page();
    assert.ok(html.includes('&#60;img src=x onerror=alert(1)&#62;'));
    assert.ok(!html.includes('<img'));
    assert.ok(!html.includes('<script'));
    assert.ok(!html.includes('<b>'));
    assert.ok(html.includes('CTEvents / &#60;alpha&#62;'));
    assert.equal(escapeHtml(`&<>"'`), '&#38;&#60;&#62;&#34;&#39;');
  });

  it('shows the journey in order with the re-renders marked, and non-CT bodies apart', () => {
    const html = page();
    const sequence = [...html.matchAll(/<li class="event[^"]*">.*?#(\d+)<\/span>/g)].map((m) => m[1]);
    assert.deepEqual(sequence, ['1', '2', '3', '4', '5', '6', '7']);
    assert.equal((html.match(/<li class="event rerender">/g) ?? []).length, 2);
    assert.match(html, /<time datetime="2021-02-28T17:28:00.94Z"[^>]*>Feb 28, 2021, 05:28:00\.940 PM UTC<\/time>/);
    assert.match(html, /Messages that are not CT events[\s\S]*#8/);
  });

  it('is self-contained: no script, and a CSP that allows only its own style by hash', () => {
    const html = page();
    assert.ok(!/<script|<link|src=["']?http/i.test(html.replace(/&#60;[^&]*&#62;/g, '')));
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(style).digest('base64');
    assert.ok(html.includes(`content="default-src 'none'; style-src 'sha256-${hash}'"`));
  });
});
