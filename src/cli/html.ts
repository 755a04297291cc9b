// The self-contained timeline page of `ct-events timeline --html FILE`: inline CSS, no script,
// and every piece of message text HTML-escaped with its control characters shown escaped as in
// the terminal (learner names and bodies are untrusted input: a bidi override in a name would
// otherwise reverse the user id and sequence number shown after it).
// The page's CSP allows only its own style block, by hash, so even a missed escape could not
// run a script or load anything.
import { createHash } from 'node:crypto';
import { formatLocalTime, learnerLabel, type EventEntry, type Interpretation, type OtherMessage } from '../core/events';
import { printable } from '../core/events/printable';

export interface TimelineHtmlOptions {
  /** Shown in the page title and heading, e.g. "CTEvents / alpha". */
  source: string;
  /** Names as initials (ct-events timeline masks unless --reveal). */
  mask: boolean;
  locale?: string;
  timeZone?: string;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Untrusted message text for the page: controls shown escaped, then HTML-escaped. */
function untrusted(text: string): string {
  return escapeHtml(printable(text));
}

export function renderTimelineHtml(interpretation: Interpretation, options: TimelineHtmlOptions): string {
  const title = `CT learner timeline: ${options.source}`;
  const sections: string[] = interpretation.learners.map(
    (learner) => `<section class="learner">
<h2>${untrusted(learnerLabel(learner, options.mask))} <span class="muted">UserId ${learner.userId}</span></h2>
${eventList(learner.events, options)}
</section>`,
  );
  if (interpretation.unattributed.length > 0) {
    sections.push(`<section class="learner">
<h2>Events without a usable UserId</h2>
${eventList(interpretation.unattributed, options)}
</section>`);
  }
  if (interpretation.others.length > 0) {
    sections.push(`<section class="others">
<h2>Messages that are not CT events</h2>
<ul>${interpretation.others.map((o) => otherItem(o, options.mask)).join('\n')}</ul>
</section>`);
  }
  if (sections.length === 0) {
    sections.push('<p class="muted">No messages.</p>');
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src '${STYLE_HASH}'">
<title>${untrusted(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${untrusted(title)}</h1>
<p class="muted">Events per learner ordered by event time, then by Service Bus sequence number. A COURSE_START marked “re-render” is CT re-sending it when the course page renders again, not a new start.</p>
${sections.join('\n')}
</body>
</html>
`;
}

function eventList(events: EventEntry[], options: TimelineHtmlOptions): string {
  return `<ol class="events">\n${events.map((e) => eventItem(e, options)).join('\n')}\n</ol>`;
}

function eventItem(event: EventEntry, options: TimelineHtmlOptions): string {
  const classes = ['event', event.rerender ? 'rerender' : '', event.valid ? '' : 'invalid'].filter(Boolean).join(' ');
  const time = event.time
    ? `<time datetime="${escapeHtml(event.time.iso)}" title="${escapeHtml(event.time.iso)}">${escapeHtml(formatLocalTime(event.time, options.locale, options.timeZone))}</time>`
    : '<span class="muted">no usable time</span>';
  const details: string[] = [];
  if (event.courseName !== undefined || event.courseId !== undefined) {
    details.push(`course ${untrusted(event.courseName ?? '?')} <span class="muted">(${event.courseId ?? '?'})</span>`);
  }
  if (event.moduleType !== undefined || event.courseItemId !== undefined) {
    details.push(`${untrusted(event.moduleType ?? 'module')} <span class="muted">${event.courseItemId ?? '?'}</span>`);
  }
  if (event.examPercentage !== undefined) {
    details.push(`score ${untrusted(event.examPercentage)}`);
  }
  const badge = event.rerender ? ' <span class="badge">re-render</span>' : '';
  const problems = event.problems.length > 0 ? `<ul class="problems">${event.problems.map((p) => `<li>${untrusted(p)}</li>`).join('')}</ul>` : '';
  return `<li class="${classes}">${time} <span class="type">${untrusted(event.eventType)}</span>${badge} ${details.join(' · ')} <span class="muted">#${untrusted(event.sequenceNumber)}</span>${problems}</li>`;
}

/**
 * A body that is not a CT event may still hold names and contacts (a truncated event, one over
 * 1 MB) that masking cannot find in it, so its preview is left out unless names are revealed.
 */
function otherItem(other: OtherMessage, mask: boolean): string {
  const preview = mask ? '<p class="muted">Body preview left out: it may hold personal data (--reveal shows it).</p>' : `<pre>${untrusted(other.preview)}</pre>`;
  return `<li><span class="muted">#${untrusted(other.sequenceNumber)}</span> ${untrusted(other.reason)} <span class="muted">(${other.decoding}, ${other.size} bytes)</span>${preview}</li>`;
}

const STYLE = `
:root { color-scheme: light dark; --muted: #6b6b6b; --line: #c8c8c8; --accent: #0a66c2; --warn: #b3261e; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.1rem; margin-top: 2rem; }
.muted { color: var(--muted); }
ol.events { list-style: none; padding-left: 1rem; border-left: 2px solid var(--line); }
li.event { margin: .4rem 0; position: relative; }
li.event::before { content: ""; position: absolute; left: -1.4rem; top: .55rem; width: .6rem; height: .6rem; border-radius: 50%; background: var(--accent); }
li.rerender { opacity: .6; font-style: italic; }
li.rerender::before { background: transparent; border: 2px solid var(--muted); width: .4rem; height: .4rem; }
li.invalid::before { background: var(--warn); }
.type { font-weight: 600; font-family: ui-monospace, monospace; }
time { font-variant-numeric: tabular-nums; margin-right: .5rem; }
.badge { border: 1px solid var(--muted); border-radius: .6rem; padding: 0 .4rem; font-size: .8em; font-style: normal; }
ul.problems { color: var(--warn); margin: .2rem 0; }
pre { white-space: pre-wrap; word-break: break-all; margin: .2rem 0 .8rem; font-size: .85em; }
`;

const STYLE_HASH = `sha256-${createHash('sha256').update(STYLE).digest('base64')}`;
