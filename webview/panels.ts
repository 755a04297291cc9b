// The side and summary panels: legend, details of the selected message, anomaly summary, course
// funnel and per learner/course facts. Every message string goes in as text (el() in dom.ts).
import { ANOMALY_KINDS, ANOMALY_TITLES, type Anomaly, countAnomalies } from '../src/core/events/anomalies';
import { formatDuration, learnerFacts } from '../src/core/events/facts';
import { FUNNEL_STAGES, type FunnelRow } from '../src/core/events/funnel';
import { courseLabel } from '../src/core/events/index';
import { printable } from '../src/core/events/printable';
import { maskBodyText, maskContact } from '../src/core/events/mask';
import type { LearnerJourney } from '../src/core/events/model';
import { type TimelineMessage, formatSize } from '../src/core/events/records';
import { formatLocalTime } from '../src/core/events/time';
import { el } from './dom';
import { MARK_STYLES } from './marks';

export function legend(): HTMLElement {
  const items = MARK_STYLES.map((style) =>
    el('li', {}, el('span', { class: `legend-mark shape-${style.shape}`, 'data-type': style.type, 'aria-hidden': 'true' }), style.label),
  );
  items.push(el('li', {}, el('span', { class: 'legend-mark shape-triangle hollow', 'aria-hidden': 'true' }), 'Re-render (not a new start)'));
  items.push(el('li', {}, el('span', { class: 'legend-mark ring', 'aria-hidden': 'true' }), 'Anomaly'));
  return el('ul', { class: 'legend', 'data-testid': 'legend', 'aria-label': 'Legend' }, ...items);
}

export interface DetailsOptions {
  masked: boolean;
  learnerName: string;
  anomalies: Anomaly[];
  onOpenRaw(): void;
}

export function details(message: TimelineMessage | undefined, options: DetailsOptions): HTMLElement {
  const pane = el('section', { class: 'details', 'data-testid': 'details', 'aria-label': 'Message details' });
  if (!message) {
    pane.append(el('p', { class: 'muted' }, 'Select an event in the swimlanes or the list to see its details.'));
    return pane;
  }
  const event = message.event;
  const rows: [string, string | undefined][] = event
    ? [
        ['Event type', event.eventType + (event.rerender ? ' (page re-render, not a new start)' : '')],
        ['Time', event.time ? formatLocalTime(event.time) : undefined],
        ['Time as sent', event.time?.raw],
        ['Learner', options.learnerName],
        ['UserId', event.userId?.toString()],
        ['Contact', options.masked ? maskContact(event.contact) : event.contact],
        ['Contact type', event.contactType],
        ['Course', event.courseName],
        ['CourseId', event.courseId?.toString()],
        ['CourseItemId', event.courseItemId?.toString()],
        ['Module type', event.moduleType],
        ['Exam percentage', event.examPercentage],
      ]
    : [['Not a CT event', message.other?.reason]];
  // Every text from a message goes through printable: a bidi control in it could reorder what stands beside it.
  pane.append(el('h2', {}, event ? `${printable(event.eventType)} · #${printable(message.sequenceNumber)}` : `Message #${printable(message.sequenceNumber)}`));
  pane.append(definitionList('Fields', rows));
  if (options.anomalies.length > 0 || (event && event.problems.length > 0)) {
    pane.append(
      el('h3', {}, 'Anomalies and problems'),
      el('ul', { class: 'problems', 'data-testid': 'details-anomalies' }, ...options.anomalies.map((a) => el('li', {}, `${ANOMALY_TITLES[a.kind]}: ${printable(a.message)}`)), ...(event?.problems ?? []).map((p) => el('li', {}, printable(p)))),
    );
  }
  pane.append(definitionList('System properties', Object.entries(message.properties)));
  const application = Object.entries(message.applicationProperties);
  pane.append(application.length > 0 ? definitionList('Application properties', application) : el('p', { class: 'muted' }, 'No application properties.'));
  const size = `${formatSize(message.bodySize)}, ${message.bodyDecoding === 'json' ? 'JSON' : message.bodyDecoding === 'text' ? 'text, not JSON' : 'binary (shown as hex)'}`;
  const shown = options.masked && message.event && !message.bodyTruncated ? maskBodyText(message.bodyText) : message.bodyText;
  pane.append(
    el('h3', {}, 'Body'),
    el('p', { class: 'muted', 'data-testid': 'body-size' }, size, message.bodyTruncated ? ` — first ${message.bodyText.length} characters shown` : ''),
    el('pre', { class: 'body', 'data-testid': 'body-text' }, options.masked && message.event && message.bodyTruncated ? '(a large body; open the raw message to read it)' : shown),
  );
  const open = el('vscode-button' as 'button', { 'data-testid': 'open-raw', appearance: 'secondary', 'aria-label': 'Open the raw message body as a read-only JSON document' }, 'Open Raw Message');
  open.addEventListener('click', options.onOpenRaw);
  pane.append(open);
  return pane;
}

function definitionList(title: string, rows: [string, string | undefined][]): HTMLElement {
  const list = el('dl', {});
  for (const [name, value] of rows) {
    if (value !== undefined) {
      list.append(el('dt', {}, printable(name)), el('dd', {}, printable(value)));
    }
  }
  return el('div', { class: 'fields' }, el('h3', {}, title), list);
}

export function anomalySummary(anomalies: Anomaly[], onPick: (anomaly: Anomaly) => void): HTMLElement {
  const counts = countAnomalies(anomalies);
  const section = el('section', { class: 'anomalies', 'data-testid': 'anomalies' }, el('h2', {}, `Anomalies (${anomalies.length})`));
  if (anomalies.length === 0) {
    section.append(el('p', { class: 'muted' }, 'No anomalies among the messages shown.'));
    return section;
  }
  const list = el('ul', {});
  for (const kind of ANOMALY_KINDS) {
    if (counts[kind] === 0) {
      continue;
    }
    const first = anomalies.find((a) => a.kind === kind) as Anomaly;
    const link = el('vscode-button' as 'button', { appearance: 'icon', 'aria-label': `Show the first: ${ANOMALY_TITLES[kind]}`, title: 'Show the first' }, '→');
    link.addEventListener('click', () => onPick(first));
    list.append(el('li', { 'data-kind': kind }, `${ANOMALY_TITLES[kind]}: ${counts[kind]} `, link));
  }
  section.append(list);
  return section;
}

export function funnelChart(rows: FunnelRow[]): HTMLElement {
  const section = el('details', { class: 'funnel', 'data-testid': 'funnel', open: '' }, el('summary', {}, `Course funnel (${rows.length} course${rows.length === 1 ? '' : 's'})`));
  for (const row of rows) {
    const bars = FUNNEL_STAGES.map(([key, label]) => {
      const value = row[key];
      const percent = row.learners === 0 ? 0 : Math.round((value / row.learners) * 100);
      const bar = el('span', { class: `bar bar-${key}`, 'aria-hidden': 'true' });
      bar.style.width = `${percent}%`;
      return el('div', { class: 'funnel-stage', role: 'listitem' }, el('span', { class: 'stage-label' }, label), el('span', { class: 'bar-track' }, bar), el('span', { class: 'stage-value' }, `${value} of ${row.learners}`));
    });
    section.append(el('div', { class: 'funnel-course', role: 'list', 'aria-label': `Funnel of ${courseLabel(row)}` }, el('h3', {}, courseLabel(row)), ...bars));
  }
  return section;
}

const FACTS_LIMIT = 500;

/** The facts of `learners` in the courses `courseIds` (every course when empty): those the filter shows. */
export function factsTable(learners: LearnerJourney[], courseIds: readonly number[], nameOf: (learner: LearnerJourney) => string, open: boolean): HTMLElement {
  const section = el('details', { class: 'facts', 'data-testid': 'facts', open: open ? '' : undefined }, el('summary', {}, 'Learner and course facts'));
  // Built only when opened: thousands of learners would slow the first paint for nothing.
  section.addEventListener('toggle', () => {
    if (!(section as HTMLDetailsElement).open || section.querySelector('table')) {
      return;
    }
    const head = el('tr', {}, ...['Learner', 'Course', 'Started', 'Lessons', 'Exams (score)', 'Completed', 'Start to completion', 'Last activity'].map((t) => el('th', { scope: 'col' }, t)));
    const body = el('tbody');
    let shown = 0;
    const time = (ms: number | undefined): string => (ms === undefined ? '' : new Date(ms).toLocaleString());
    for (const learner of learners) {
      if (shown > FACTS_LIMIT) {
        break; // the rest is not shown: do not derive its facts either
      }
      for (const course of learnerFacts(learner).courses) {
        if (courseIds.length > 0 && !courseIds.includes(course.courseId)) {
          continue;
        }
        if (shown++ >= FACTS_LIMIT) {
          break;
        }
        body.append(
          el(
            'tr',
            { class: course.incomplete ? 'incomplete' : undefined },
            el('td', {}, `${nameOf(learner)} · ${learner.userId}`),
            el('td', {}, courseLabel(course)),
            el('td', {}, time(course.startedAt)),
            el('td', {}, String(course.lessonsCompleted)),
            el('td', {}, course.exams.map((e) => e.score ?? '?').join(', ')),
            el('td', {}, course.incomplete ? 'Incomplete' : time(course.completedAt)),
            el('td', {}, course.startToCompletionMs === undefined ? '' : formatDuration(course.startToCompletionMs)),
            el('td', {}, time(course.lastActivityAt)),
          ),
        );
      }
    }
    section.append(el('table', { class: 'facts-table' }, el('thead', {}, head), body));
    if (shown > FACTS_LIMIT) {
      section.append(el('p', { class: 'muted' }, `The first ${FACTS_LIMIT} learner courses are shown; filter by course or learner to see others.`));
    }
  });
  return section;
}
