// Plain-text pieces shared by the CLI commands: an aligned table and one-line event summaries.
import type { EventEntry, OtherMessage } from '../core/events';

/**
 * Characters a terminal acts on instead of showing: C0 and C1 controls (ESC starts sequences that
 * clear the screen or retitle the window, CR rewrites the line, LF forges a new line), DEL, and the
 * Unicode bidi and line-separator controls that reorder or break what is shown.
 */
const TERMINAL_CONTROLS = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

const NAMED_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Message text (names, courses, event types, reasons) as it may be printed to a terminal: every
 * control character is shown escaped (`\x1b`, `\r`, `\u202e`), so a learner name can never move
 * the cursor, clear the screen or fake an output line.
 */
export function printable(text: string): string {
  return text.replace(TERMINAL_CONTROLS, (c) => {
    const code = c.charCodeAt(0);
    return NAMED_ESCAPES[c] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

/** Columns padded to their widest cell; numbers right-aligned, text left-aligned. */
export function formatTable(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((row) => row.map((cell) => printable(String(cell))))];
  const numeric = headers.map((_, column) => rows.length > 0 && rows.every((row) => typeof row[column] === 'number'));
  const widths = headers.map((_, column) => Math.max(...cells.map((row) => row[column].length)));
  return cells
    .map((row) => row.map((cell, column) => (numeric[column] ? cell.padStart(widths[column]) : cell.padEnd(widths[column]))).join('  ').trimEnd())
    .join('\n');
}

/** What happened, without the time or learner: type, course, module, score, re-render mark. */
export function describeEvent(event: EventEntry): string {
  const parts: string[] = [printable(event.eventType)];
  if (event.courseId !== undefined || event.courseName !== undefined) {
    parts.push(`course ${printable(event.courseName ?? '?')} (${event.courseId ?? '?'})`);
  }
  if (event.moduleType !== undefined || event.courseItemId !== undefined) {
    parts.push(`${printable(event.moduleType ?? 'module')} ${event.courseItemId ?? '?'}`);
  }
  if (event.examPercentage !== undefined) {
    parts.push(`score ${printable(event.examPercentage)}`);
  }
  if (event.rerender) {
    parts.push('(re-render)');
  }
  if (event.problems.length > 0) {
    parts.push(`[${printable(event.problems.join(' '))}]`);
  }
  return parts.join('  ');
}

export function describeOther(other: OtherMessage): string {
  return `#${other.sequenceNumber}  not a CT event (${other.decoding}, ${other.size} bytes): ${printable(other.reason)}`;
}
