// The doctor's result as a Markdown document and a one-line summary. Pure (no vscode), so the
// wording is unit-tested; the steps come from core/servicebus/doctor and hold no secrets.
import type { DoctorStep, StepStatus } from '../core/servicebus/doctor';

const MARK: Readonly<Record<StepStatus, string>> = { passed: '✅ Passed', failed: '❌ Failed', skipped: '⏭️ Skipped' };

export interface DoctorReportHeader {
  /** The connection's label. */
  label: string;
  /** How it signs in, e.g. "Azure CLI / identity". */
  kind: string;
  /** When the check ran (ISO-8601). */
  checkedAt: string;
}

function count(steps: DoctorStep[], status: StepStatus): number {
  return steps.filter((step) => step.status === status).length;
}

/** "All 8 checks passed." or "1 check failed: DNS resolves the host name (2 passed, 5 skipped)." */
export function doctorSummary(steps: DoctorStep[]): string {
  const failed = steps.filter((step) => step.status === 'failed');
  const tally = `${count(steps, 'passed')} passed, ${count(steps, 'skipped')} skipped`;
  if (failed.length === 0) {
    return count(steps, 'skipped') === 0 ? `All ${steps.length} checks passed.` : `No check failed (${tally}).`;
  }
  return `${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${failed.map((step) => step.title).join('; ')} (${tally}).`;
}

/** Markdown text inside a paragraph: characters that would start markup are escaped. */
function text(value: string): string {
  return value.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}

export function doctorMarkdown(header: DoctorReportHeader, steps: DoctorStep[]): string {
  const lines = [
    `# Check Connection: ${text(header.label)}`,
    '',
    `Signs in with: ${text(header.kind)} · checked ${header.checkedAt}`,
    '',
    `**${text(doctorSummary(steps))}**`,
  ];
  steps.forEach((step, index) => {
    lines.push('', `## ${index + 1}. ${MARK[step.status]}: ${text(step.title)}`, '', text(step.detail));
    if (step.fix) {
      lines.push('', `**Fix:** ${text(step.fix)}`);
    }
  });
  return `${lines.join('\n')}\n`;
}
