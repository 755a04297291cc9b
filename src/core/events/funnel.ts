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
  const funnel = new FunnelCounter();
  for (const learner of learners) {
    funnel.addLearner(learner);
  }
  return funnel.rows();
}

/**
 * Counts the funnel learner by learner, so a caller that builds journeys one at a time can count
 * each while its events are at hand (the timeline does, with 100,000 events).
 */
export class FunnelCounter {
  private readonly byCourse = new Map<number, FunnelRow>();

  addLearner(learner: LearnerJourney): void {
    let loggedIn = 0;
    for (const event of learner.events) {
      if (event.eventType === 'LOGIN') {
        loggedIn = 1;
        break;
      }
    }
    for (const course of learner.courses) {
      let row = this.byCourse.get(course.courseId);
      if (!row) {
        row = { courseId: course.courseId, learners: 0, loggedIn: 0, started: 0, moduleCompleted: 0, completed: 0 };
        this.byCourse.set(course.courseId, row);
      }
      if (course.courseName !== undefined) {
        row.courseName = course.courseName;
      }
      // One pass over the course's events for every stage.
      let started = 0;
      let moduleCompleted = 0;
      let completed = 0;
      for (const event of course.events) {
        const type = event.eventType;
        if (type === 'COURSE_START') {
          started |= event.rerender ? 0 : 1;
        } else if (type === 'MODULE_COMPLETION') {
          moduleCompleted = 1;
        } else if (type === 'COURSE_COMPLETION') {
          completed = 1;
        }
      }
      row.learners++;
      row.loggedIn += loggedIn;
      row.started += started;
      row.moduleCompleted += moduleCompleted;
      row.completed += completed;
    }
  }

  /** By CourseId. */
  rows(): FunnelRow[] {
    return [...this.byCourse.values()].sort((a, b) => a.courseId - b.courseId);
  }
}
