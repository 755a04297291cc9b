// Plain-text pieces shared by the CLI commands: an aligned table and one-line event summaries.
import type { EventEntry, OtherMessage } from '../core/events';
import { printable } from '../core/events/printable';

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
