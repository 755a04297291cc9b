// Builds the timeline's DOM from the host's data. Every string from a message goes in through
// textContent or an attribute, never as HTML. data-testid hooks are stable for the e2e tests.
import { learnerLabel } from '../src/core/events/index';
import { formatLocalTime } from '../src/core/events/time';
import type { EventEntry, LearnerJourney, OtherMessage } from '../src/core/events/model';
import type { TimelineData } from '../src/timeline/protocol';

type Child = Node | string | undefined;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string | undefined> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) {
      element.setAttribute(name, value);
    }
  }
  for (const child of children) {
    if (child !== undefined) {
      element.append(typeof child === 'string' ? document.createTextNode(child) : child);
    }
  }
  return element;
}

export function renderTimeline(data: TimelineData): HTMLElement {
  const { learners, unattributed, others } = data.interpretation;
  const main = el('main', { class: 'timeline' });
  main.append(
    el(
      'p',
      { class: 'summary', 'data-testid': 'summary' },
      `${data.messageCount} message${data.messageCount === 1 ? '' : 's'} peeked at ${new Date(data.peekedAt).toLocaleString()}: ` +
        `${learners.length} learner${learners.length === 1 ? '' : 's'}, ${others.length} not CT event${others.length === 1 ? '' : 's'}.`,
    ),
  );
  if (data.messageCount === 0) {
    main.append(el('p', { class: 'empty', 'data-testid': 'empty' }, data.source.deadLetter ? 'The dead-letter queue is empty.' : 'No messages to show: the subscription is empty.'));
    return main;
  }
  for (const learner of learners) {
    main.append(renderLearner(learner));
  }
  if (unattributed.length > 0) {
    main.append(
      el('section', { class: 'unattributed', 'data-testid': 'unattributed' }, el('h2', {}, 'Events without a learner'), eventTable(unattributed)),
    );
  }
  if (others.length > 0) {
    main.append(renderOthers(others));
  }
  return main;
}

function renderLearner(learner: LearnerJourney): HTMLElement {
  const heading = el('h2', {}, learnerLabel(learner), ' ', el('span', { class: 'user-id' }, `UserId ${learner.userId}`));
  return el('section', { class: 'learner', 'data-testid': 'learner', 'data-user-id': String(learner.userId) }, heading, eventTable(learner.events));
}

function eventTable(events: EventEntry[]): HTMLElement {
  const head = el('thead', {}, el('tr', {}, ...['Event', 'Course', 'Module', 'Time', 'Exam score', 'Seq'].map((t) => el('th', { scope: 'col' }, t))));
  const body = el('tbody');
  for (const event of events) {
    body.append(...eventRows(event));
  }
  return el('table', { class: 'events' }, head, body);
}

function eventRows(event: EventEntry): HTMLElement[] {
  const classes = ['event', event.rerender ? 'rerender' : undefined, event.valid ? undefined : 'invalid'].filter(Boolean).join(' ');
  const typeCell = el('td', { class: 'type' }, event.eventType);
  if (event.rerender) {
    typeCell.append(' ', el('span', { class: 'tag tag-rerender', title: 'The course page re-rendered (after an exam or completion): not a new start' }, 're-render'));
  }
  if (!event.valid) {
    typeCell.append(' ', el('span', { class: 'tag tag-invalid' }, event.known ? 'invalid' : 'unknown type'));
  }
  const row = el(
    'tr',
    {
      class: classes,
      'data-testid': 'event-row',
      'data-seq': event.sequenceNumber,
      'data-event-type': event.eventType,
      'data-rerender': event.rerender ? 'true' : undefined,
      'data-valid': event.valid ? undefined : 'false',
    },
    typeCell,
    el('td', { class: 'course' }, courseText(event)),
    el('td', { class: 'module' }, moduleText(event)),
    el('td', { class: 'time' }, timeCell(event)),
    el('td', { class: 'score' }, event.examPercentage ?? ''),
    el('td', { class: 'seq' }, event.sequenceNumber),
  );
  if (event.problems.length === 0) {
    return [row];
  }
  const problems = el('ul', { class: 'problems-list' }, ...event.problems.map((p) => el('li', {}, p)));
  return [row, el('tr', { class: 'problems', 'data-testid': 'event-problems', 'data-seq': event.sequenceNumber }, el('td', { colspan: '6' }, problems))];
}

function courseText(event: EventEntry): string {
  if (event.courseName === undefined && event.courseId === undefined) {
    return '';
  }
  return event.courseId === undefined ? (event.courseName ?? '') : `${event.courseName ?? 'course'} (${event.courseId})`;
}

function moduleText(event: EventEntry): string {
  if (event.moduleType === undefined && event.courseItemId === undefined) {
    return '';
  }
  return [event.moduleType, event.courseItemId].filter((part) => part !== undefined).join(' ');
}

function timeCell(event: EventEntry): Node | string {
  if (!event.time) {
    return '';
  }
  return el('time', { datetime: event.time.iso, title: `Sent as ${event.time.raw.trim()}` }, formatLocalTime(event.time));
}

function renderOthers(others: OtherMessage[]): HTMLElement {
  const list = el('ul', { class: 'others-list' });
  for (const other of others) {
    const summary = el('summary', {}, el('span', { class: 'seq' }, `#${other.sequenceNumber}`), ' ', other.reason, ' ', el('span', { class: 'size' }, `(${other.size} bytes, ${other.decoding})`));
    list.append(
      el('li', { 'data-testid': 'other-message', 'data-seq': other.sequenceNumber }, el('details', {}, summary, el('pre', { class: 'preview' }, other.preview))),
    );
  }
  return el('section', { class: 'others', 'data-testid': 'others' }, el('h2', {}, 'Messages that are not CT events'), list);
}
