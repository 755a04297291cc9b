// The list view: the same events as the swimlanes, as text, for reading and screen readers.
// Virtualised: only the rows in view exist in the DOM, so 100,000 events stay light. It is an
// ARIA grid with aria-rowcount/aria-rowindex; arrows, Page Up/Down, Home/End move the active row
// (aria-activedescendant) and Enter selects it.
import type { TimelineMessage } from '../src/core/events/records';

const ROW_HEIGHT = 24;
const OVERSCAN = 10;
export const LIST_COLUMNS = ['Seq', 'Event', 'Learner', 'Course', 'Module', 'Time', 'Score', 'Flags'];

export interface ListCallbacks {
  cells(message: TimelineMessage): string[];
  flags(message: TimelineMessage): { rerender: boolean; anomaly: boolean };
  onSelect(message: TimelineMessage): void;
}

export class EventList {
  readonly element: HTMLElement;
  private readonly viewport: HTMLElement;
  private readonly spacer: HTMLElement;
  private rows: readonly TimelineMessage[] = [];
  private active = 0;
  private selectedSeq: string | undefined;
  private queued = false;

  constructor(private readonly callbacks: ListCallbacks) {
    this.element = document.createElement('div');
    this.element.className = 'event-list';
    const header = document.createElement('div');
    header.className = 'list-row list-header';
    header.setAttribute('role', 'row');
    for (const name of LIST_COLUMNS) {
      const cell = document.createElement('div');
      cell.setAttribute('role', 'columnheader');
      cell.textContent = name;
      header.append(cell);
    }
    this.viewport = document.createElement('div');
    this.viewport.className = 'list-viewport';
    this.viewport.tabIndex = 0;
    this.viewport.dataset.testid = 'list';
    this.viewport.setAttribute('role', 'grid');
    this.viewport.setAttribute('aria-label', 'Events');
    this.spacer = document.createElement('div');
    this.spacer.className = 'list-spacer';
    this.viewport.append(header, this.spacer);
    this.element.append(this.viewport);
    this.viewport.addEventListener('scroll', () => this.invalidate());
    this.viewport.addEventListener('keydown', (e) => this.key(e));
    new ResizeObserver(() => this.invalidate()).observe(this.viewport);
  }

  setRows(rows: readonly TimelineMessage[]): void {
    this.rows = rows;
    this.active = Math.min(this.active, Math.max(0, rows.length - 1));
    this.viewport.setAttribute('aria-rowcount', String(rows.length + 1));
    this.spacer.style.height = `${rows.length * ROW_HEIGHT}px`;
    this.invalidate();
  }

  setSelected(sequenceNumber: string | undefined): void {
    this.selectedSeq = sequenceNumber;
    const index = this.rows.findIndex((m) => m.sequenceNumber === sequenceNumber);
    if (index >= 0) {
      this.moveTo(index);
    }
    this.invalidate();
  }

  private invalidate(): void {
    if (!this.queued) {
      this.queued = true;
      requestAnimationFrame(() => {
        this.queued = false;
        this.render();
      });
    }
  }

  private render(): void {
    const top = this.viewport.scrollTop;
    const height = this.viewport.clientHeight || 400;
    const first = Math.max(0, Math.floor(top / ROW_HEIGHT) - OVERSCAN);
    const last = Math.min(this.rows.length, Math.ceil((top + height) / ROW_HEIGHT) + OVERSCAN);
    const children: HTMLElement[] = [];
    for (let i = first; i < last; i++) {
      children.push(this.row(this.rows[i] as TimelineMessage, i));
    }
    this.spacer.replaceChildren(...children);
    this.viewport.setAttribute('aria-activedescendant', `list-row-${this.active}`);
  }

  private row(message: TimelineMessage, index: number): HTMLElement {
    const row = document.createElement('div');
    const flags = this.callbacks.flags(message);
    row.className = 'list-row';
    row.classList.toggle('rerender', flags.rerender);
    row.classList.toggle('anomaly', flags.anomaly);
    row.classList.toggle('active', index === this.active);
    row.id = `list-row-${index}`;
    row.style.top = `${index * ROW_HEIGHT}px`;
    row.setAttribute('role', 'row');
    row.setAttribute('aria-rowindex', String(index + 2));
    row.setAttribute('aria-selected', String(message.sequenceNumber === this.selectedSeq));
    row.dataset.testid = 'list-row';
    row.dataset.seq = message.sequenceNumber;
    for (const text of this.callbacks.cells(message)) {
      const cell = document.createElement('div');
      cell.setAttribute('role', 'gridcell');
      cell.textContent = text;
      // A narrow panel cuts long cells off with an ellipsis: the tooltip keeps the whole text.
      if (text) {
        cell.title = text;
      }
      row.append(cell);
    }
    row.addEventListener('click', () => {
      this.active = index;
      this.callbacks.onSelect(message);
    });
    return row;
  }

  private moveTo(index: number): void {
    this.active = Math.max(0, Math.min(this.rows.length - 1, index));
    const top = this.active * ROW_HEIGHT;
    const header = ROW_HEIGHT;
    if (top < this.viewport.scrollTop) {
      this.viewport.scrollTop = top;
    } else if (top + ROW_HEIGHT + header > this.viewport.scrollTop + this.viewport.clientHeight) {
      this.viewport.scrollTop = top + ROW_HEIGHT + header - this.viewport.clientHeight;
    }
    this.invalidate();
  }

  private key(e: KeyboardEvent): void {
    const page = Math.max(1, Math.floor(this.viewport.clientHeight / ROW_HEIGHT) - 1);
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    if (e.key in moves) {
      this.moveTo(this.active + (moves[e.key] as number));
    } else if (e.key === 'Home') {
      this.moveTo(0);
    } else if (e.key === 'End') {
      this.moveTo(this.rows.length - 1);
    } else if (e.key === 'Enter' || e.key === ' ') {
      const message = this.rows[this.active];
      if (message) {
        this.callbacks.onSelect(message);
      }
    } else {
      return;
    }
    e.preventDefault();
  }
}
