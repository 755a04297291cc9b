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
  it('shows bidi and other control characters escaped, so a name cannot reverse the text after it', () => {
    const body = seedBodies()[0] as { MessageBody: Record<string, unknown> };
    body.MessageBody.FirstName = '\u202eMallory';
    body.MessageBody.LastName = 'X\u0000\u001b[2J';
    const html = renderTimelineHtml(interpretMessages([dataMessage('1', JSON.stringify(body))]), { source: 's', mask: false, locale: 'en-US', timeZone: 'UTC' });
    assert.match(html, /<h2>\\u202eMallory X\\x00\\x1b\[2J <span class="muted">UserId 13273<\/span><\/h2>/);
    assert.doesNotMatch(html, /[\u0000-\u0008\u001b\u202a-\u202e\u2066-\u2069]/);
  });

  it('leaves out the preview of a body that is not a CT event unless names are revealed', () => {
    const truncated = dataMessage('1', '{"EventType":"LOGIN","MessageBody":{"FirstName":"Secretname","Contact":"secret@example.com"');
    const masked = renderTimelineHtml(interpretMessages([truncated]), { source: 's', mask: true, locale: 'en-US', timeZone: 'UTC' });
    assert.doesNotMatch(masked, /Secretname|secret@example/);
    assert.match(masked, /Body preview left out: it may hold personal data \(--reveal shows it\)\./);
    const revealed = renderTimelineHtml(interpretMessages([truncated]), { source: 's', mask: false, locale: 'en-US', timeZone: 'UTC' });
    assert.match(revealed, /Secretname/);
  });

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
