// The course funnel: per course, how many of its learners (those with any event of the course
// in view) logged in, started it (a real COURSE_START, not a re-render), completed a module,
// and completed the course.
import type { LearnerJourney } from './model';

export interface FunnelRow {
  courseId: number;
  courseName?: string;
  learners: number;
  loggedIn: number;
  started: number;
  moduleCompleted: number;
  completed: number;
}

export const FUNNEL_STAGES = [
  ['loggedIn', 'Logged in'],
  ['started', 'Started'],
  ['moduleCompleted', 'Completed a module'],
  ['completed', 'Completed the course'],
] as const;

export function courseFunnel(learners: LearnerJourney[]): FunnelRow[] {
  const rows = new Map<number, FunnelRow>();
  for (const learner of learners) {
    const loggedIn = learner.events.some((e) => e.eventType === 'LOGIN');
    for (const course of learner.courses) {
      let row = rows.get(course.courseId);
      if (!row) {
        row = { courseId: course.courseId, learners: 0, loggedIn: 0, started: 0, moduleCompleted: 0, completed: 0 };
        rows.set(course.courseId, row);
      }
      if (course.courseName !== undefined) {
        row.courseName = course.courseName;
      }
      row.learners++;
      row.loggedIn += loggedIn ? 1 : 0;
      row.started += course.events.some((e) => e.eventType === 'COURSE_START' && !e.rerender) ? 1 : 0;
      row.moduleCompleted += course.events.some((e) => e.eventType === 'MODULE_COMPLETION') ? 1 : 0;
      row.completed += course.events.some((e) => e.eventType === 'COURSE_COMPLETION') ? 1 : 0;
    }
  }
  return [...rows.values()].sort((a, b) => a.courseId - b.courseId);
}
