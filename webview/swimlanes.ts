// The swimlanes, drawn on a <canvas> so a hundred thousand marks stay smooth: only the lanes in
// view are drawn, each lane's marks found by binary search on time, one path per mark style per
// frame, and marks that would land on the same pixel drawn once. Mouse: drag to pan, wheel to
// scroll lanes, Ctrl+wheel (or pinch) to zoom, click a mark to select it. Keyboard (the canvas is
// focusable): arrows pan and scroll, + and - zoom, 0 fits all. The list view carries the same
// events for screen readers and is where the keyboard selects one (arrows, then Enter).
import type { EventEntry } from '../src/core/events/model';
import { dateTimeFormat } from '../src/core/events/time';
import { type Lane, type LaneLayout, lowerBound } from './lanes';
import { MARK_STYLES, addShape, markStyleOf, themeColour } from './marks';
import { plural } from './words';

const LANE_HEIGHT = 20;
const LABEL_WIDTH = 200;
const AXIS_HEIGHT = 26;
const MARK_RADIUS = 5;

export interface SwimlaneCallbacks {
  onSelect(event: EventEntry): void;
  onViewChange(range: { start: number; end: number }, laneScroll: number): void;
  isAnomalous(event: EventEntry): boolean;
  /** After every complete paint, with how many marks it drew. */
  onPaint?(marks: number): void;
}

interface Colours {
  foreground: string;
  muted: string;
  grid: string;
  groupBackground: string;
  selection: string;
  anomaly: string;
  background: string;
  types: Map<string, string>;
  font: string;
}

export class Swimlanes {
  readonly element: HTMLCanvasElement;
  private readonly context: CanvasRenderingContext2D;
  private layout: LaneLayout = { rows: [], lanes: 0, start: 0, end: 1, marks: 0 };
  /** Nothing until the first layout: while the first read loads, the status line speaks. */
  private emptyText = '';
  private start = 0;
  private end = 1;
  private laneScroll = 0;
  private selected: EventEntry | undefined;
  private frameQueued = false;
  private colours: Colours | undefined;
  private drag: { x: number; y: number; start: number; end: number; scroll: number; moved: boolean } | undefined;

  constructor(private readonly callbacks: SwimlaneCallbacks) {
    this.element = document.createElement('canvas');
    this.element.className = 'swimlanes';
    this.element.tabIndex = 0;
    this.element.dataset.testid = 'lanes';
    this.element.setAttribute('role', 'img');
    this.element.setAttribute('aria-roledescription', 'swimlane chart');
    const context = this.element.getContext('2d');
    if (!context) {
      throw new Error('This webview cannot draw on a canvas.');
    }
    this.context = context;
    this.element.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
    this.element.addEventListener('pointerdown', (e) => this.pointerDown(e));
    this.element.addEventListener('pointermove', (e) => this.pointerMove(e));
    this.element.addEventListener('pointerup', (e) => this.pointerUp(e));
    this.element.addEventListener('keydown', (e) => this.key(e));
    new ResizeObserver(() => this.invalidate()).observe(this.element);
  }

  /**
   * New lanes; keeps the visible range when `range` is given, else fits all. `emptyText` is what
   * the chart says when there are no marks: only the caller knows whether a filter hid them.
   */
  setLayout(layout: LaneLayout, range: { start: number; end: number } | undefined, laneScroll: number | undefined, emptyText: string): void {
    this.layout = layout;
    this.emptyText = emptyText;
    if (range && range.end > range.start) {
      this.start = range.start;
      this.end = range.end;
    } else {
      this.fitRange();
    }
    this.laneScroll = Math.min(laneScroll ?? this.laneScroll, Math.max(0, layout.rows.length - 1));
    const lanes = layout.lanes;
    this.element.dataset.lanes = String(lanes);
    if (layout.marks === 0) {
      this.element.dataset.empty = 'true';
      this.element.setAttribute('aria-label', `Swimlanes: ${emptyText}`);
    } else {
      delete this.element.dataset.empty;
      this.element.setAttribute('aria-label', `Swimlanes: ${plural(layout.marks, 'event')} in ${plural(lanes, 'lane')}. The list view shows the same events as text.`);
    }
    this.invalidate();
  }

  setSelected(event: EventEntry | undefined): void {
    this.selected = event;
    this.invalidate();
  }

  /** Re-reads theme colours (after a theme change) and redraws. */
  themeChanged(): void {
    this.colours = undefined;
    this.invalidate();
  }

  fitAll(): void {
    this.fitRange();
    this.laneScroll = 0;
    this.changed();
  }

  /** Multiplies the visible span by `factor` around the time at `anchor` (0..1 across the plot). */
  zoom(factor: number, anchor = 0.5): void {
    const span = this.end - this.start;
    const at = this.start + span * anchor;
    const next = Math.max(1, span * factor);
    this.start = at - next * anchor;
    this.end = this.start + next;
    this.changed();
  }

  /** Moves the visible range by a fraction of its span. */
  pan(fraction: number): void {
    const shift = (this.end - this.start) * fraction;
    this.start += shift;
    this.end += shift;
    this.changed();
  }

  scrollLanes(delta: number): void {
    this.laneScroll = Math.max(0, Math.min(this.layout.rows.length - 1, this.laneScroll + delta));
    this.changed();
  }

  private fitRange(): void {
    const span = Math.max(this.layout.end - this.layout.start, 1000);
    const pad = span * 0.03;
    this.start = this.layout.start - pad;
    this.end = this.layout.start + span + pad;
  }

  private changed(): void {
    this.callbacks.onViewChange({ start: this.start, end: this.end }, this.laneScroll);
    this.invalidate();
  }

  invalidate(): void {
    if (!this.frameQueued) {
      this.frameQueued = true;
      requestAnimationFrame(() => {
        this.frameQueued = false;
        this.draw();
      });
    }
  }

  private readColours(): Colours {
    const style = getComputedStyle(this.element);
    return {
      foreground: themeColour('--vscode-foreground', '#cccccc'),
      muted: themeColour('--vscode-descriptionForeground', '#999999'),
      grid: themeColour('--vscode-editorGroup-border', themeColour('--vscode-widget-border', '#444444')),
      groupBackground: themeColour('--vscode-sideBarSectionHeader-background', 'transparent'),
      selection: themeColour('--vscode-focusBorder', '#007fd4'),
      anomaly: themeColour('--vscode-charts-red', themeColour('--vscode-errorForeground', '#f14c4c')),
      background: themeColour('--vscode-editor-background', '#1e1e1e'),
      types: new Map(MARK_STYLES.map((s) => [s.type, themeColour(s.colourVariable, s.fallback)])),
      font: `${style.fontSize || '13px'} ${style.fontFamily || 'sans-serif'}`,
    };
  }

  private draw(): void {
    const canvas = this.element;
    const ratio = window.devicePixelRatio || 1;
    const width = canvas.clientWidth;
    const height = canvas.clientHeight;
    if (width === 0 || height === 0) {
      return;
    }
    if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(height * ratio);
    }
    const c = this.context;
    const colours = (this.colours ??= this.readColours());
    c.setTransform(ratio, 0, 0, ratio, 0, 0);
    c.clearRect(0, 0, width, height);
    c.font = colours.font;
    c.textBaseline = 'middle';
    if (this.layout.marks === 0) {
      // With no marks the range is a stand-in (around 1970): an axis over it would mislead, so say the chart is empty.
      c.fillStyle = colours.muted;
      c.textAlign = 'center';
      c.fillText(this.emptyText, width / 2, height / 2, width - 16);
      c.textAlign = 'start';
      this.element.dataset.marksDrawn = '0';
      this.callbacks.onPaint?.(0);
      return;
    }
    const plotLeft = LABEL_WIDTH;
    const plotWidth = Math.max(1, width - plotLeft - 8);
    const scale = plotWidth / (this.end - this.start);
    this.drawAxis(c, colours, plotLeft, plotWidth, height);

    const visibleRows = Math.ceil((height - AXIS_HEIGHT) / LANE_HEIGHT);
    const paths = new Map<string, { fill: Path2D; hollow: Path2D }>();
    const anomalies = new Path2D();
    let drawn = 0;
    let selectedAt: { x: number; y: number } | undefined;
    for (let i = 0; i < visibleRows; i++) {
      const row = this.layout.rows[this.laneScroll + i];
      if (!row) {
        break;
      }
      const top = AXIS_HEIGHT + i * LANE_HEIGHT;
      const mid = top + LANE_HEIGHT / 2;
      if (row.kind === 'group') {
        c.fillStyle = colours.groupBackground;
        c.fillRect(0, top, width, LANE_HEIGHT);
        c.fillStyle = colours.foreground;
        c.font = `bold ${colours.font}`;
        c.fillText(`${row.label} — ${row.count} learner${row.count === 1 ? '' : 's'}`, 6, mid, width - 12);
        c.font = colours.font;
        continue;
      }
      c.fillStyle = colours.muted;
      c.fillText(row.lane.label, 14, mid, LABEL_WIDTH - 20);
      c.fillStyle = colours.grid;
      c.fillRect(plotLeft, top + LANE_HEIGHT - 1, plotWidth, 1);
      drawn += this.collectMarks(row.lane, plotLeft, scale, mid, paths, anomalies, (x) => (selectedAt = { x, y: mid }));
    }
    c.save();
    c.beginPath();
    c.rect(plotLeft - MARK_RADIUS - 1, AXIS_HEIGHT, plotWidth + 2 * MARK_RADIUS + 2, height - AXIS_HEIGHT);
    c.clip();
    for (const [type, path] of paths) {
      const colour = colours.types.get(type) ?? colours.foreground;
      c.fillStyle = colour;
      c.fill(path.fill);
      c.strokeStyle = colour;
      c.lineWidth = 1.5;
      c.stroke(path.hollow);
    }
    c.strokeStyle = colours.anomaly;
    c.lineWidth = 2;
    c.stroke(anomalies);
    if (selectedAt) {
      c.strokeStyle = colours.selection;
      c.lineWidth = 2;
      c.strokeRect(selectedAt.x - MARK_RADIUS - 3, selectedAt.y - MARK_RADIUS - 3, 2 * MARK_RADIUS + 6, 2 * MARK_RADIUS + 6);
    }
    c.restore();
    this.element.dataset.marksDrawn = String(drawn);
    this.callbacks.onPaint?.(drawn);
  }

  /** Adds a lane's visible marks to the per-type paths; returns how many it drew. */
  private collectMarks(
    lane: Lane,
    left: number,
    scale: number,
    y: number,
    paths: Map<string, { fill: Path2D; hollow: Path2D }>,
    anomalies: Path2D,
    onSelected: (x: number) => void,
  ): number {
    const pad = MARK_RADIUS / scale;
    const from = lowerBound(lane.times, this.start - pad);
    const to = lowerBound(lane.times, this.end + pad);
    let drawn = 0;
    let lastPixel = -1;
    let lastType = '';
    for (let i = from; i < to; i++) {
      const event = lane.events[i] as EventEntry;
      const x = left + ((lane.times[i] as number) - this.start) * scale;
      const pixel = Math.round(x);
      if (event === this.selected) {
        onSelected(x);
      }
      // Many marks on one pixel look like one: draw it once per type.
      if (pixel === lastPixel && event.eventType === lastType && !event.rerender) {
        continue;
      }
      lastPixel = pixel;
      lastType = event.eventType;
      const style = markStyleOf(event.known ? event.eventType : 'UNKNOWN');
      let path = paths.get(style.type);
      if (!path) {
        path = { fill: new Path2D(), hollow: new Path2D() };
        paths.set(style.type, path);
      }
      // A re-render COURSE_START is drawn hollow: it is not a new start.
      addShape(event.rerender ? path.hollow : path.fill, style.shape, x, y, MARK_RADIUS);
      if (this.callbacks.isAnomalous(event)) {
        anomalies.moveTo(x + MARK_RADIUS + 3, y);
        anomalies.arc(x, y, MARK_RADIUS + 3, 0, Math.PI * 2);
      }
      drawn++;
    }
    return drawn;
  }

  private drawAxis(c: CanvasRenderingContext2D, colours: Colours, left: number, width: number, height: number): void {
    const span = this.end - this.start;
    const step = niceStep(span / Math.max(1, Math.floor(width / 140)));
    c.fillStyle = colours.muted;
    const format = dateTimeFormat(undefined, AXIS_FORMATS[step >= 86_400_000 ? 'days' : step >= 60_000 ? 'minutes' : 'seconds']);
    for (let t = Math.ceil(this.start / step) * step; t <= this.end; t += step) {
      const x = left + (t - this.start) * (width / span);
      c.fillStyle = colours.grid;
      c.fillRect(Math.round(x), AXIS_HEIGHT - 4, 1, height - AXIS_HEIGHT + 4);
      c.fillStyle = colours.muted;
      c.fillText(format.format(new Date(t)), x + 3, AXIS_HEIGHT / 2, 136);
    }
  }

  /**
   * The event under a point of the canvas, if a mark is within reach. Marks on one pixel look
   * like one (an exam's MODULE_COMPLETION and the COURSE_COMPLETION sent with it share a time), so
   * when the selected event is one of the nearest marks the next of them is the answer, wrapping
   * round: clicking again at the same place steps through them all.
   */
  private hit(x: number, y: number): EventEntry | undefined {
    const row = this.layout.rows[this.laneScroll + Math.floor((y - AXIS_HEIGHT) / LANE_HEIGHT)];
    if (y < AXIS_HEIGHT || !row || row.kind !== 'lane') {
      return undefined;
    }
    const width = Math.max(1, this.element.clientWidth - LABEL_WIDTH - 8);
    const scale = width / (this.end - this.start);
    const time = this.start + (x - LABEL_WIDTH) / scale;
    const reach = (MARK_RADIUS + 3) / scale;
    const times = row.lane.times;
    const from = lowerBound(times, time - reach);
    let to = from;
    let best = -1;
    let bestDistance = Infinity;
    for (; to < times.length && (times[to] as number) <= time + reach; to++) {
      const distance = Math.abs((times[to] as number) - time);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = to;
      }
    }
    if (best < 0) {
      return undefined;
    }
    // The marks drawn on the nearest one's pixel (rounded as collectMarks rounds it) are
    // neighbours in the sorted times, so they are found by stepping out from it within reach.
    const pixelOf = (i: number): number => Math.round(LABEL_WIDTH + ((times[i] as number) - this.start) * scale);
    const pixel = pixelOf(best);
    let first = best;
    while (first > from && pixelOf(first - 1) === pixel) {
      first--;
    }
    let last = best;
    while (last + 1 < to && pixelOf(last + 1) === pixel) {
      last++;
    }
    const events = row.lane.events;
    for (let i = first; i <= last; i++) {
      if (events[i] === this.selected) {
        return events[i === last ? first : i + 1];
      }
    }
    return events[best];
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    const rect = this.element.getBoundingClientRect();
    if (e.ctrlKey || e.metaKey) {
      const anchor = (e.clientX - rect.left - LABEL_WIDTH) / Math.max(1, rect.width - LABEL_WIDTH - 8);
      this.zoom(Math.exp(e.deltaY * 0.002), Math.min(1, Math.max(0, anchor)));
    } else if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      this.pan((e.deltaX || e.deltaY) / Math.max(1, rect.width));
    } else {
      this.scrollLanes(Math.sign(e.deltaY) * Math.max(1, Math.round(Math.abs(e.deltaY) / LANE_HEIGHT)));
    }
  }

  private pointerDown(e: PointerEvent): void {
    this.element.setPointerCapture(e.pointerId);
    this.drag = { x: e.clientX, y: e.clientY, start: this.start, end: this.end, scroll: this.laneScroll, moved: false };
  }

  private pointerMove(e: PointerEvent): void {
    const drag = this.drag;
    if (!drag) {
      return;
    }
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) {
      drag.moved = true;
    }
    const width = Math.max(1, this.element.clientWidth - LABEL_WIDTH - 8);
    const shift = (-dx / width) * (drag.end - drag.start);
    this.start = drag.start + shift;
    this.end = drag.end + shift;
    this.laneScroll = Math.max(0, Math.min(this.layout.rows.length - 1, drag.scroll - Math.round(dy / LANE_HEIGHT)));
    this.changed();
  }

  private pointerUp(e: PointerEvent): void {
    const drag = this.drag;
    this.drag = undefined;
    if (drag && !drag.moved) {
      const rect = this.element.getBoundingClientRect();
      const event = this.hit(e.clientX - rect.left, e.clientY - rect.top);
      if (event) {
        this.callbacks.onSelect(event);
      }
    }
  }

  private key(e: KeyboardEvent): void {
    const actions: Record<string, () => void> = {
      ArrowLeft: () => this.pan(-0.1),
      ArrowRight: () => this.pan(0.1),
      ArrowUp: () => this.scrollLanes(-1),
      ArrowDown: () => this.scrollLanes(1),
      PageUp: () => this.scrollLanes(-10),
      PageDown: () => this.scrollLanes(10),
      '+': () => this.zoom(0.8),
      '=': () => this.zoom(0.8),
      '-': () => this.zoom(1.25),
      '0': () => this.fitAll(),
      Home: () => this.fitAll(),
    };
    const action = actions[e.key];
    if (action) {
      e.preventDefault();
      action();
    }
  }
}

const AXIS_FORMATS = {
  days: { dateStyle: 'medium' },
  minutes: { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' },
  seconds: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

/** A round time step (1 s, 5 min, 1 h, 1 d...) near `rough` milliseconds. */
function niceStep(rough: number): number {
  const steps = [1000, 5000, 15_000, 60_000, 300_000, 900_000, 3_600_000, 10_800_000, 21_600_000, 86_400_000, 604_800_000, 2_592_000_000, 31_536_000_000];
  return steps.find((s) => s >= rough) ?? (steps[steps.length - 1] as number);
}
