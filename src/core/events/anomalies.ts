// Anomalies: what is wrong with the event stream, flagged on the event and listed in a summary.
// - a completion (module or course) of a course with no COURSE_START of that learner in view
//   (flagged once, on the earliest such completion);
// - a COURSE_COMPLETION before the learner's first COURSE_START of the course;
// - a second COURSE_COMPLETION of the same course by the same learner;
// - an ExamPercentage that is neither a number nor "Not Applicable" (its parse problem is not
//   repeated under invalid fields, so each wrong score is reported once);
// - events with invalid or missing fields (their parse problems), among them an ExamPercentage
//   that is missing, not a string, a number over 100 or a number with spaces around it: CT sent a
//   number there, so "not a number" would be the wrong thing to say;
// - bodies that are not CT events, and bodies over 1 MB.
// Journeys must already be in journey order (buildJourneys does that).
import type { EventEntry, LearnerJourney } from './model';
import { NOT_APPLICABLE } from './parse';
import { quoteValue } from './quote';
import { HUGE_BODY_BYTES, type TimelineMessage, formatSize } from './records';

export const ANOMALY_KINDS = [
  'completion-without-start',
  'completion-before-start',
  'second-completion',
  'non-numeric-score',
  'invalid-fields',
  'not-ct-event',
  'huge-body',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

export const ANOMALY_TITLES: Record<AnomalyKind, string> = {
  'completion-without-start': 'Completion with no start in view',
  'completion-before-start': 'Completion before start',
  'second-completion': 'Second completion',
  'non-numeric-score': 'Exam score is not a number',
  'invalid-fields': 'Invalid or missing fields',
  'not-ct-event': 'Body is not a CT event',
  'huge-body': 'Body over 1 MB',
};

export interface Anomaly {
  sequenceNumber: string;
  kind: AnomalyKind;
  /** One plain sentence. */
  message: string;
}

/** A number, signed or not: a score of -5 or 150 is a number out of range (an invalid field), not a non-numeric one. */
const SCORE = /^[+-]?\d+(\.\d+)?$/;

export function isNonNumericScore(score: string | undefined): boolean {
  return score !== undefined && score !== NOT_APPLICABLE && !SCORE.test(score.trim());
}

/**
 * Every anomaly, in this order: the course anomalies of each learner, the event anomalies of
 * each learner's events, those of the events without a learner, then the messages' own.
 */
export function findAnomalies(learners: LearnerJourney[], unattributed: EventEntry[], messages: TimelineMessage[]): Anomaly[] {
  const found = new AnomalyCollector();
  for (const learner of learners) {
    found.addLearner(learner);
  }
  for (const event of unattributed) {
    eventAnomalies(event, found.ofEvents);
  }
  for (const message of messages) {
    found.addMessage(message);
  }
  return found.all();
}

/**
 * Collects anomalies learner by learner and message by message, in findAnomalies' order, so a
 * caller that builds journeys one at a time can check each while its events are at hand (the
 * timeline does, with 100,000 events).
 */
export class AnomalyCollector {
  readonly ofCourses: Anomaly[] = [];
  readonly ofEvents: Anomaly[] = [];
  readonly ofMessages: Anomaly[] = [];

  /** A learner's journey, in journey order. */
  addLearner(learner: LearnerJourney): void {
    for (const course of learner.courses) {
      courseAnomalies(course.events, this.ofCourses);
    }
    for (const event of learner.events) {
      eventAnomalies(event, this.ofEvents);
    }
  }

  addMessage(message: TimelineMessage): void {
    if (message.other) {
      this.ofMessages.push({ sequenceNumber: message.sequenceNumber, kind: 'not-ct-event', message: message.other.reason });
    }
    if (message.bodySize > HUGE_BODY_BYTES) {
      this.ofMessages.push({ sequenceNumber: message.sequenceNumber, kind: 'huge-body', message: `The body is ${formatSize(message.bodySize)}; CT events are a few hundred bytes.` });
    }
  }

  all(): Anomaly[] {
    return [...this.ofCourses, ...this.ofEvents, ...this.ofMessages];
  }
}

/** Adds a course's anomalies to `found` (no array per course: there are thousands). */
function courseAnomalies(events: EventEntry[], found: Anomaly[]): void {
  let hasStart = false;
  for (const event of events) {
    if (event.eventType === 'COURSE_START') {
      hasStart = true;
      break;
    }
  }
  let started = false;
  let completed = false;
  let flaggedMissingStart = false;
  for (const event of events) {
    const isCompletion = event.eventType === 'COURSE_COMPLETION' || event.eventType === 'MODULE_COMPLETION';
    if (event.eventType === 'COURSE_START') {
      started = true;
    } else if (isCompletion && !hasStart && !flaggedMissingStart) {
      flaggedMissingStart = true;
      found.push({ sequenceNumber: event.sequenceNumber, kind: 'completion-without-start', message: 'This learner has no COURSE_START for this course among the messages in view.' });
    }
    if (event.eventType !== 'COURSE_COMPLETION') {
      continue;
    }
    if (hasStart && !started) {
      found.push({ sequenceNumber: event.sequenceNumber, kind: 'completion-before-start', message: 'The course completed before the learner\'s first COURSE_START of it.' });
    }
    if (completed) {
      found.push({ sequenceNumber: event.sequenceNumber, kind: 'second-completion', message: 'The learner had already completed this course.' });
    }
    completed = true;
  }
}

/** Adds an event's anomalies to `found`. */
export function eventAnomalies(event: EventEntry, found: Anomaly[]): void {
  const nonNumeric = isNonNumericScore(event.examPercentage);
  if (nonNumeric) {
    // quoteValue: a contact typed into the score must not show in the summary (nothing masks it there).
    found.push({ sequenceNumber: event.sequenceNumber, kind: 'non-numeric-score', message: `ExamPercentage ${quoteValue(event.examPercentage ?? '')} is neither a number nor "${NOT_APPLICABLE}".` });
  }
  if (event.problems.length === 0) {
    return;
  }
  // Which problems are the score's is told by the field name every problem starts with, not by
  // how the value is shown (quoted, or described when it may be a contact).
  const problems = nonNumeric ? event.problems.filter((p) => !isProblemOf(p, SCORE_FIELD)) : event.problems;
  if (problems.length > 0) {
    found.push({ sequenceNumber: event.sequenceNumber, kind: 'invalid-fields', message: problems.join(' ') });
  }
}

const SCORE_FIELD = 'ExamPercentage';

/** Parse problems name their field first: `ExamPercentage is missing.`, `ExamPercentage "x" should be ...`. */
function isProblemOf(problem: string, field: string): boolean {
  return problem.startsWith(`${field} `);
}

/** How many anomalies of each kind, for the summary. */
export function countAnomalies(anomalies: readonly Anomaly[]): Record<AnomalyKind, number> {
  const counts = Object.fromEntries(ANOMALY_KINDS.map((k) => [k, 0])) as Record<AnomalyKind, number>;
  for (const anomaly of anomalies) {
    counts[anomaly.kind]++;
  }
  return counts;
}
