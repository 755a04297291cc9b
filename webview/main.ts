// The timeline webview's entry: toolbar, filters, swimlanes or list, details and summaries. It says
// `ready` first; the host answers with `reset` and streams `page`s of messages. Everything shown
// is derived from the messages by the pure modules of src/core/events.
import { type Dataset, buildDataset } from '../src/core/events/dataset';
import { EMPTY_FILTER, type EventFilter, NOT_CT_EVENT, type Shown, countByType, filterMessages } from '../src/core/events/filter';
import { courseLabel, isolated, learnerLabel } from '../src/core/events/index';
import { printable } from '../src/core/events/printable';
import type { EventEntry, LearnerJourney } from '../src/core/events/model';
import type { TimelineMessage } from '../src/core/events/records';
import { formatLocalTime, normaliseEventTime } from '../src/core/events/time';
import type { TimelineSource, ViewState } from '../src/timeline/protocol';
import { el } from './dom';
import { plural } from './words';
import { type HostMessage, HostConnection, saveState, savedState } from './host';
import { layoutLanes } from './lanes';
import { EventList } from './list';
import { MARK_STYLES } from './marks';
import { anomalySummary, details, factsTable, funnelChart, legend } from './panels';
import { Swimlanes } from './swimlanes';
import {
  BUTTON_TAG, CHECKBOX_TAG, DROPDOWN_TAG, OPTION_TAG, PROGRESS_RING_TAG, TEXT_FIELD_TAG,
  controlChecked, controlValue, registerToolkit, setControlChecked, setControlInvalid, setControlValue,
} from './toolkit';

registerToolkit();

const restored = savedState();
let source: TimelineSource | undefined = restored?.source;
let view: ViewState = restored?.view ?? { filter: { ...EMPTY_FILTER }, mode: 'lanes' };
let maskDefault = true;
let revealed = false;
let messages: TimelineMessage[] = [];
let dataset: Dataset = buildDataset([]);
let shown: Shown = { messages: [], events: new Uint32Array(0) };
/** The time filters whose text is not a time (named in the counts line, not applied). */
let ignoredTimes: string[] = [];
let reading = false;

const masked = (): boolean => maskDefault && !revealed;
/** A learner's name as the view shows it: masked or not, escaped, isolated from the text beside it. */
const nameOf = (person: { userId?: number; firstName?: string; lastName?: string }): string => isolated(learnerLabel(person, masked()));

function button(label: string, testid: string, accessibleName: string, appearance = 'secondary'): HTMLElement {
  const b = el(BUTTON_TAG as 'button', { 'data-testid': testid, appearance, 'aria-label': accessibleName, title: accessibleName }, label);
  return b;
}

// Toolbar
const title = el('h1', { 'data-testid': 'title' }, 'Learner timeline');
const refresh = button('Refresh', 'refresh', 'Read the messages again');
const loadMore = button('Load more', 'load-more', 'Peek the messages after the last sequence number');
const cancel = button('Cancel', 'cancel', 'Stop reading messages');
const modeToggle = button('List view', 'mode', 'Switch between swimlanes and the list');
const fitAll = button('Fit all', 'fit-all', 'Show every event (key 0)');
const exportCsv = button('Export CSV', 'export-csv', 'Export the messages shown as CSV');
const exportNdjson = button('Export NDJSON', 'export-ndjson', 'Export the messages shown as NDJSON');
const maskToggle = el(CHECKBOX_TAG as 'input', { 'data-testid': 'mask-toggle' }, 'Reveal personal data');
const toolbar = el('header', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Timeline' }, title, refresh, loadMore, cancel, modeToggle, fitAll, exportCsv, exportNdjson, maskToggle);

// Filters
const typeBoxes = new Map<string, HTMLElement>();
const typeFilters = el('fieldset', { class: 'types' }, el('legend', {}, 'Event types'));
for (const type of [...MARK_STYLES.filter((s) => s.type !== 'UNKNOWN').map((s) => s.type), NOT_CT_EVENT]) {
  const box = el(CHECKBOX_TAG as 'input', { 'data-testid': `filter-type-${type}`, 'data-type': type }, type === NOT_CT_EVENT ? 'Not CT events' : type);
  typeBoxes.set(type, box);
  typeFilters.append(box);
}
const course = el(DROPDOWN_TAG as 'select', { 'data-testid': 'filter-course', 'aria-label': 'Course' });
const learner = el(TEXT_FIELD_TAG as 'input', { 'data-testid': 'filter-learner', placeholder: 'UserId or name' }, 'Learner');
const from = el(TEXT_FIELD_TAG as 'input', { 'data-testid': 'filter-from', placeholder: 'YYYY-MM-DDThh:mmZ' }, 'From (UTC)');
const to = el(TEXT_FIELD_TAG as 'input', { 'data-testid': 'filter-to', placeholder: 'YYYY-MM-DDThh:mmZ' }, 'To (UTC)');
const search = el(TEXT_FIELD_TAG as 'input', { 'data-testid': 'search', placeholder: 'Text in the bodies' }, 'Search');
const rerenders = el(CHECKBOX_TAG as 'input', { 'data-testid': 'rerender-toggle' }, 'Show re-render COURSE_STARTs');
const filters = el('section', { class: 'filters', 'aria-label': 'Filters' }, typeFilters, course, learner, from, to, search, rerenders);

const status = el('div', { class: 'status', 'data-testid': 'status', role: 'status' });
const counts = el('p', { class: 'counts', 'data-testid': 'counts', 'aria-live': 'polite' });

const lanes = new Swimlanes({
  onSelect: (event) => select(event.sequenceNumber),
  onViewChange: (range, laneScroll) => {
    view.range = range;
    view.laneScroll = laneScroll;
    persist();
  },
  isAnomalous: (event) => dataset.anomaliesBySequence.has(event.sequenceNumber),
  onPaint: (marks) => window.dispatchEvent(new CustomEvent('timeline-painted', { detail: { marks, events: shown.messages.length } })),
});
const list = new EventList({
  cells: (m) => rowCells(m),
  flags: (m) => ({ rerender: m.event?.rerender === true, anomaly: dataset.anomaliesBySequence.has(m.sequenceNumber) }),
  onSelect: (m) => select(m.sequenceNumber),
});
const chart = el('div', { class: 'chart' }, lanes.element, list.element);
const detailsHolder = el('aside', { class: 'side' });
const summaries = el('div', { class: 'summaries' });
const main = el('main', { class: 'layout' }, chart, detailsHolder);
const app = document.getElementById('app') ?? document.body;
app.append(toolbar, filters, status, counts, legend(), main, summaries);

/**
 * A list row's cells. Texts from the message show control and bidi characters escaped
 * (printable; the learner and course labels escape their own), and names stand isolated from
 * the ids beside them (a right-to-left name would otherwise carry the id to its other side).
 */
function rowCells(message: TimelineMessage): string[] {
  const event = message.event;
  if (!event) {
    return [printable(message.sequenceNumber), 'Not a CT event', '', '', '', '', '', printable(message.other?.reason ?? '')];
  }
  const flags = [event.rerender ? 're-render' : '', ...(dataset.anomaliesBySequence.get(message.sequenceNumber) ?? []).map((a) => a.kind)].filter(Boolean).join(', ');
  return [
    printable(message.sequenceNumber),
    printable(event.eventType),
    event.userId === undefined ? '' : `${nameOf(event)} · ${event.userId}`,
    event.courseId === undefined ? '' : courseLabel({ courseId: event.courseId, courseName: event.courseName }),
    printable([event.moduleType, event.courseItemId].filter((p) => p !== undefined).join(' ')),
    event.time ? formatLocalTime(event.time) : '',
    printable(event.examPercentage ?? ''),
    flags,
  ];
}

const progressRing = el(PROGRESS_RING_TAG as 'div', { 'aria-hidden': 'true' });
const statusText = el('span', {});
function showStatus(kind: 'loading' | 'error' | 'none', message = ''): void {
  // While pages stream in only the text changes: a new progress ring per page costs the read time.
  if (status.dataset.kind !== kind) {
    status.replaceChildren(...(kind === 'loading' ? [progressRing, statusText] : [statusText]));
    status.dataset.kind = kind;
    status.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  }
  statusText.textContent = message;
  reading = kind === 'loading';
  cancel.toggleAttribute('disabled', !reading);
  refresh.toggleAttribute('disabled', reading);
  if (reading) {
    // A second Load more would restart the read in flight; the last page says whether there is more.
    loadMore.setAttribute('disabled', '');
  }
}

let persistQueued = false;
function persist(): void {
  if (!source || persistQueued) {
    return;
  }
  persistQueued = true;
  setTimeout(() => {
    persistQueued = false;
    if (source) {
      saveState({ source, view });
    }
  }, 200);
}

function select(sequenceNumber: string | undefined): void {
  view.selected = sequenceNumber;
  const message = sequenceNumber === undefined ? undefined : dataset.bySequence.get(sequenceNumber);
  lanes.setSelected(message?.event);
  list.setSelected(sequenceNumber);
  renderDetails();
  persist();
}

function renderDetails(): void {
  const message = view.selected === undefined ? undefined : dataset.bySequence.get(view.selected);
  detailsHolder.replaceChildren(
    details(message, {
      masked: masked(),
      learnerName: message?.event ? nameOf(message.event) : '',
      anomalies: message ? (dataset.anomaliesBySequence.get(message.sequenceNumber) ?? []) : [],
      onOpenRaw: () => message && host.request({ type: 'openRaw', sequenceNumber: message.sequenceNumber, mask: masked() }),
    }),
  );
}

/** Derives everything from the messages (after new pages arrive). */
function rebuild(): void {
  dataset = buildDataset(messages);
  // The funnel has a row for every course of the dataset. A course the filter keeps that these
  // messages do not have (after a Refresh, say) stays an option, so the filter in force is shown.
  const courses = dataset.funnel.map((row) => [row.courseId, courseLabel(row)] as const);
  for (const id of view.filter.courseIds) {
    if (!courses.some(([courseId]) => courseId === id)) {
      courses.push([id, `${courseLabel({ courseId: id })}: not in these messages`]);
    }
  }
  const options = [el(OPTION_TAG as 'option', { value: '' }, 'All courses')];
  for (const [id, label] of courses.sort((a, b) => a[1].localeCompare(b[1]))) {
    options.push(el(OPTION_TAG as 'option', { value: String(id) }, label));
  }
  course.replaceChildren(...options);
  setControlValue(course, view.filter.courseIds[0] === undefined ? '' : String(view.filter.courseIds[0]));
  applyFilter(true);
}

/** Applies the filter to the dataset and redraws what depends on it. */
function applyFilter(keepRange = false): void {
  const nameOfEvent = (e: EventEntry): string => nameOf(e);
  shown = filterMessages(dataset, view.filter, nameOfEvent, masked());
  const byType = countByType(dataset, view.filter.types.length > 0 ? filterMessages(dataset, { ...view.filter, types: [] }, nameOfEvent, masked()) : shown);
  for (const [type, box] of typeBoxes) {
    const label = type === NOT_CT_EVENT ? 'Not CT events' : type;
    box.textContent = `${label} (${byType.get(type) ?? 0})`;
  }
  const hiddenRerenders = view.filter.showRerenders ? 0 : dataset.rerenders;
  rerenders.textContent = `Show re-render COURSE_STARTs (${hiddenRerenders > 0 ? `${hiddenRerenders} hidden` : dataset.rerenders})`;
  const ignored = ignoredTimes.map((name) => ` · ${name} is not a time such as 2021-02-28T17:00Z: not applied`).join('');
  counts.textContent = `${shown.messages.length} of ${dataset.messages.length} messages shown · ${plural(dataset.learners.length, 'learner')} · ${plural(dataset.anomalies.length, 'anomaly', 'anomalies')}${ignored}`;
  const emptyText = dataset.messages.length === 0 ? 'No messages to show.' : shown.messages.length === 0 ? 'No events match the filter.' : 'None of the messages shown has an event time.';
  lanes.setLayout(layoutLanes(dataset, shown.events, nameOfEvent), keepRange ? view.range : undefined, view.laneScroll, emptyText);
  list.setRows(shown.messages);
  // Only messages with anomalies need looking up among those shown.
  const visible = new Set(dataset.anomalies.length === 0 ? [] : shown.messages.filter((m) => dataset.anomaliesBySequence.has(m.sequenceNumber)).map((m) => m.sequenceNumber));
  const funnelRows = dataset.funnel.filter((r) => view.filter.courseIds.length === 0 || view.filter.courseIds.includes(r.courseId));
  summaries.replaceChildren(
    anomalySummary(dataset.anomalies.filter((a) => visible.has(a.sequenceNumber)), (a) => select(a.sequenceNumber)),
    funnelChart(funnelRows),
    // Still open if it was: a filter typed letter by letter would close it at every key.
    factsTable(learnersShown(), view.filter.courseIds, (l) => nameOf(l), summaries.querySelector('[data-testid=facts]')?.hasAttribute('open') === true),
  );
  renderDetails();
  persist();
}

/** The learners with an event the filter shows. */
function learnersShown(): LearnerJourney[] {
  const { types, courseIds, learner, from, to, text } = view.filter;
  // Hiding re-renders alone hides no learner: a re-render follows a course event that is shown.
  if (types.length === 0 && courseIds.length === 0 && learner.trim() === '' && from === undefined && to === undefined && text.trim() === '') {
    return dataset.learners;
  }
  const userIds = new Set<number>();
  for (const i of shown.events) {
    userIds.add(dataset.columns.userId[i] as number);
  }
  return dataset.learners.filter((learner) => userIds.has(learner.userId));
}

function setMode(mode: ViewState['mode']): void {
  view.mode = mode;
  chart.dataset.mode = mode;
  modeToggle.textContent = mode === 'lanes' ? 'List view' : 'Swimlanes';
  modeToggle.setAttribute('aria-pressed', String(mode === 'list'));
  lanes.invalidate();
  persist();
}

// Filter controls -> view.filter
function readFilters(): void {
  ignoredTimes = [];
  const parseTime = (field: HTMLElement, name: string): number | undefined => {
    const text = controlValue(field).trim();
    if (text === '') {
      setControlInvalid(field, false);
      return undefined;
    }
    // Minutes are enough in a filter (the placeholders show them): seconds are added for the parser.
    const result = normaliseEventTime(text.replace(MINUTES_ONLY, '$1:00$2'), 'The time');
    setControlInvalid(field, !result.ok);
    if (!result.ok) {
      ignoredTimes.push(name);
    }
    return result.ok ? result.time.epochMs : undefined;
  };
  view.filter = {
    types: [...typeBoxes].filter(([, box]) => controlChecked(box)).map(([type]) => type),
    courseIds: controlValue(course) === '' ? [] : [Number(controlValue(course))],
    learner: controlValue(learner),
    from: parseTime(from, 'From'),
    to: parseTime(to, 'To'),
    text: controlValue(search),
    showRerenders: controlChecked(rerenders),
  };
  applyFilter();
}

/** A date and time to the minute, with or without a zone: "2021-02-28T17:00Z". */
const MINUTES_ONLY = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(Z|[+-]\d{2}:?\d{2})?$/i;

function writeFilters(filter: EventFilter): void {
  for (const [type, box] of typeBoxes) {
    setControlChecked(box, filter.types.includes(type));
  }
  setControlValue(learner, filter.learner);
  setControlValue(search, filter.text);
  setControlValue(from, filter.from === undefined ? '' : new Date(filter.from).toISOString());
  setControlValue(to, filter.to === undefined ? '' : new Date(filter.to).toISOString());
  setControlChecked(rerenders, filter.showRerenders);
}

for (const box of [...typeBoxes.values(), rerenders]) {
  box.addEventListener('change', readFilters);
}
course.addEventListener('change', readFilters);
for (const field of [learner, from, to, search]) {
  field.addEventListener('input', readFilters);
}
maskToggle.addEventListener('change', () => {
  revealed = controlChecked(maskToggle);
  applyFilter(true);
});
modeToggle.addEventListener('click', () => setMode(view.mode === 'lanes' ? 'list' : 'lanes'));
fitAll.addEventListener('click', () => lanes.fitAll());
refresh.addEventListener('click', () => host.request({ type: 'refresh' }));
loadMore.addEventListener('click', () => host.request({ type: 'loadMore' }));
cancel.addEventListener('click', () => host.request({ type: 'cancel' }));
const exportShown = (format: 'csv' | 'ndjson'): void => host.request({ type: 'export', format, sequenceNumbers: shown.messages.map((m) => m.sequenceNumber), mask: masked() });
exportCsv.addEventListener('click', () => exportShown('csv'));
exportNdjson.addEventListener('click', () => exportShown('ndjson'));

// VS Code changes the theme by rewriting the --vscode-* variables and the body's class.
const themeWatch = new MutationObserver(() => lanes.themeChanged());
themeWatch.observe(document.body, { attributes: true, attributeFilter: ['class'] });
themeWatch.observe(document.documentElement, { attributes: true, attributeFilter: ['style', 'class'] });

// Pages can arrive faster than the view can derive everything. While reading, rebuild at most
// every 250 ms, and never sooner than twice the last rebuild took: with a hundred thousand
// events a rebuild takes long enough that rebuilding on a fixed beat would spend most of the
// read rebuilding views that the next page replaces.
// Pages that arrive back to back (a file, a fast local broker) are not worth showing one by one:
// the rebuild waits for a 50 ms pause in the stream, but shows progress at least every second.
let rebuildTimer: ReturnType<typeof setTimeout> | undefined;
let lastRebuildMs = 0;
let lastPageAt = 0;
let shownAt = 0;
function timedRebuild(): void {
  const started = performance.now();
  rebuild();
  lastRebuildMs = performance.now() - started;
  shownAt = performance.now();
}
function scheduleRebuild(now: boolean): void {
  lastPageAt = performance.now();
  if (now) {
    clearTimeout(rebuildTimer);
    rebuildTimer = undefined;
    timedRebuild();
    return;
  }
  const fire = (): void => {
    const at = performance.now();
    if (at - lastPageAt < STREAM_PAUSE_MS && at - shownAt < PROGRESS_EVERY_MS) {
      rebuildTimer = setTimeout(fire, STREAM_PAUSE_MS);
      return;
    }
    rebuildTimer = undefined;
    timedRebuild();
  };
  rebuildTimer ??= setTimeout(fire, Math.max(250, 2 * lastRebuildMs));
}
const STREAM_PAUSE_MS = 50;
const PROGRESS_EVERY_MS = 1000;

let firstLoad = true;
const host = new HostConnection(
  (message: HostMessage) => {
    switch (message.type) {
      case 'reset':
        shownAt = performance.now();
        source = message.source;
        maskDefault = message.maskPersonalData;
        maskToggle.toggleAttribute('disabled', !maskDefault);
        title.textContent = message.title;
        messages = [];
        if (!firstLoad) {
          view = { ...view, selected: undefined, range: undefined, laneScroll: 0 };
        }
        loadMore.setAttribute('disabled', '');
        persist();
        break;
      case 'page':
        for (const received of message.messages) {
          messages.push(received);
        }
        if (message.done) {
          scheduleRebuild(true);
          if (firstLoad && view.selected !== undefined) {
            select(view.selected);
          }
          firstLoad = false;
          showStatus('none', message.note);
          loadMore.toggleAttribute('disabled', !message.canLoadMore);
        } else {
          showStatus('loading', `Read ${message.received}${message.max ? ` of up to ${message.max}` : ''} messages…`);
          scheduleRebuild(false);
        }
        break;
      case 'loading':
        showStatus('loading', message.message);
        break;
      case 'settings':
        maskDefault = message.maskPersonalData;
        maskToggle.toggleAttribute('disabled', !maskDefault);
        applyFilter(true);
        break;
      case 'ack':
        if (message.message) {
          showStatus('none', message.message);
        }
        break;
      case 'error':
        showStatus('error', message.message);
        break;
    }
  },
  () => showStatus('error', 'The extension did not answer. Select Refresh to try again.'),
);

writeFilters(view.filter);
setMode(view.mode);
showStatus('loading', 'Loading the timeline…');
host.request({ type: 'ready' });
