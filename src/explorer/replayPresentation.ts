// The words and checks of the replay commands, kept free of vscode so they are unit-tested:
// the report's one-line summary and its log lines (sequence numbers, message ids and reasons,
// never a body), the dead letters offered for picking (event type and learner id, no names),
// the audience line of the confirmation, the test-event templates and their validation, and the
// events of a saved file.
import { EVENT_TYPES, type EventType, type PeekedMessage } from '../core/events/model';
import { parseMessage } from '../core/events/parse';
import { duplicateExplanation, type ReplayAudience, type ReplayReport } from '../core/servicebus';

/** One sentence for the notification at the end of a resubmit (resubmit) or a send. */
export function reportSummary(report: ReplayReport, resubmit: boolean): string {
  const parts = [resubmit ? `Sent ${report.sent}, completed ${report.completed}` : `Sent ${report.sent}`];
  if (report.failed.length > 0) {
    parts.push(`${report.failed.length} failed`);
  }
  if (report.possibleDuplicates.length > 0) {
    parts.push(`${report.possibleDuplicates.length} possible duplicate${report.possibleDuplicates.length === 1 ? '' : 's'}`);
  }
  if (report.notFound.length > 0) {
    parts.push(`${report.notFound.length} not found`);
  }
  const sentence = `${parts.join(', ')}.`;
  if (report.cancelled) {
    return `Cancelled. ${sentence} Messages not yet handled are where they were.`;
  }
  return report.interrupted === undefined ? sentence : `Stopped early: ${report.interrupted} ${sentence} Messages not yet handled are where they were.`;
}

/** The report's details for the log: one line per failure, possible duplicate and missing message. */
export function reportLogLines(report: ReplayReport, resubmit: boolean): string[] {
  const lines = [reportSummary(report, resubmit)];
  for (const f of report.failed) {
    const which = f.sequenceNumber !== undefined ? `#${f.sequenceNumber}` : `message id ${f.messageId ?? '?'}`;
    lines.push(`failed ${which} (${f.stage}): ${f.reason}${resubmit ? '; the original stays in the dead-letter queue' : ''}`);
  }
  for (const d of report.possibleDuplicates) {
    lines.push(`possible duplicate #${d.sequenceNumber} (message id ${d.messageId ?? '?'}): ${duplicateExplanation(d)}`);
  }
  if (report.notFound.length > 0) {
    lines.push(`not in the dead-letter queue: ${report.notFound.map((s) => `#${s}`).join(', ')}`);
  }
  return lines;
}

export interface DeadLetterChoice {
  sequenceNumber: string;
  label: string;
  description: string;
  detail: string;
}

/** A dead letter as the pick list shows it: sequence number and event type, learner id (never a name or contact), reason. */
export function deadLetterChoice(message: PeekedMessage): DeadLetterChoice {
  const parsed = parseMessage(message);
  const type = parsed.kind === 'event' ? parsed.event.eventType : 'not a CT event';
  const userId = parsed.kind === 'event' ? parsed.event.userId : undefined;
  const reason = [message.deadLetterReason, message.deadLetterErrorDescription].filter((s) => s !== undefined && s !== '').join(': ');
  return {
    sequenceNumber: message.sequenceNumber,
    label: `#${message.sequenceNumber} ${type}`,
    description: userId === undefined ? 'no learner id' : `learner ${userId}`,
    detail: reason === '' ? 'no dead-letter reason given' : `reason: ${reason}`,
  };
}

/** The confirmation's detail: who receives the copies, by the subscriptions' rules. */
export function audienceDetail(audience: readonly ReplayAudience[], judged: number, estimated: boolean): string {
  const basis = estimated ? `judged from the first ${judged} dead letters` : `${judged} dead letter${judged === 1 ? '' : 's'} judged`;
  const lines = audience.map((a) => `${a.subscription}: ${a.summary}`);
  return [
    `A topic cannot send to one subscription: every subscription whose rules match gets a copy (${basis}).`,
    ...lines,
  ].join('\n');
}

/** Local time as CT writes it (UTC, 7 fractional digits, Z). */
function ctTime(now: Date): string {
  return now.toISOString().replace(/\.(\d{3})Z$/, '.$10000Z');
}

/** A test event of the type that is valid as it stands: now-based time, a placeholder learner. */
export function testEventTemplate(type: EventType, now: Date = new Date()): object {
  const time = ctTime(now);
  const learner = { FirstName: 'Test', LastName: 'Learner', UserId: 1001, Contact: 'test.learner@example.com', ContactType: 'Email' };
  const course = { CourseName: 'Sample course', CourseId: 101 };
  const bodies: Record<EventType, object> = {
    LOGIN: { ...learner, LoginTime: time },
    COURSE_START: { ...learner, ...course, StartDate: time },
    MODULE_COMPLETION: { ...learner, ...course, CourseItemId: 1001, ModuleType: 'Lesson', CompletionDate: time, ExamPercentage: 'Not Applicable' },
    COURSE_COMPLETION: { ...learner, ...course, CompletionDate: time, ExamPercentage: '100' },
  };
  return { EventType: type, MessageBody: bodies[type] };
}

export const TEST_EVENT_TYPES: readonly EventType[] = EVENT_TYPES;

export type DraftCheck = { ok: true; event: unknown } | { ok: false; problems: string[] };

/** Checks a draft the way the timeline reads a received event; anything short of a valid CT event is refused. */
export function checkDraft(text: string): DraftCheck {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, problems: [`The text is not JSON: ${error instanceof Error ? error.message : String(error)}.`] };
  }
  const parsed = parseMessage({ sequenceNumber: '1', bodyType: 'data', body: new TextEncoder().encode(text), contentType: 'application/json' });
  if (parsed.kind === 'other') {
    return { ok: false, problems: [parsed.other.reason] };
  }
  return parsed.event.valid ? { ok: true, event: value } : { ok: false, problems: parsed.event.problems };
}

