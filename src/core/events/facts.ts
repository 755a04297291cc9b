// Facts per learner and course: started, modules completed (lessons; exams with scores),
// completed, time from start to completion, last activity. A course is incomplete when it was
// started (or has progress) but has no COURSE_COMPLETION in view. Re-render COURSE_STARTs never
// count as starts. Journeys must be in journey order.
import type { LearnerJourney } from './model';

export interface ExamResult {
  courseItemId?: number;
  score?: string;
}

export interface CourseFacts {
  userId: number;
  courseId: number;
  courseName?: string;
  /** epoch ms of the first real COURSE_START. */
  startedAt?: number;
  lessonsCompleted: number;
  exams: ExamResult[];
  /** epoch ms of the first COURSE_COMPLETION. */
  completedAt?: number;
  startToCompletionMs?: number;
  /** epoch ms of the latest timed event in the course. */
  lastActivityAt?: number;
  incomplete: boolean;
}

export interface LearnerFacts {
  userId: number;
  logins: number;
  coursesStarted: number;
  coursesCompleted: number;
  lastActivityAt?: number;
  courses: CourseFacts[];
}

export function learnerFacts(learner: LearnerJourney): LearnerFacts {
  const courses = learner.courses.map((course): CourseFacts => {
    const facts: CourseFacts = { userId: learner.userId, courseId: course.courseId, lessonsCompleted: 0, exams: [], incomplete: true };
    if (course.courseName !== undefined) {
      facts.courseName = course.courseName;
    }
    for (const event of course.events) {
      const at = event.time?.epochMs;
      if (at !== undefined) {
        facts.lastActivityAt = Math.max(facts.lastActivityAt ?? at, at);
      }
      if (event.eventType === 'COURSE_START' && !event.rerender && facts.startedAt === undefined) {
        facts.startedAt = at;
      } else if (event.eventType === 'MODULE_COMPLETION') {
        if (event.moduleType === 'Exam') {
          facts.exams.push(dropUndefined({ courseItemId: event.courseItemId, score: event.examPercentage }));
        } else {
          facts.lessonsCompleted++;
        }
      } else if (event.eventType === 'COURSE_COMPLETION' && facts.completedAt === undefined) {
        facts.completedAt = at;
        facts.incomplete = false;
      }
    }
    if (facts.startedAt !== undefined && facts.completedAt !== undefined) {
      facts.startToCompletionMs = facts.completedAt - facts.startedAt;
    }
    return dropUndefined(facts);
  });
  const times = learner.events.flatMap((e) => (e.time ? [e.time.epochMs] : []));
  return dropUndefined({
    userId: learner.userId,
    logins: learner.events.filter((e) => e.eventType === 'LOGIN').length,
    coursesStarted: courses.filter((c) => c.startedAt !== undefined).length,
    coursesCompleted: courses.filter((c) => !c.incomplete).length,
    lastActivityAt: times.length > 0 ? Math.max(...times) : undefined,
    courses,
  });
}

/** "3 d 4 h", "12 min", "45 s": a duration as people read it. */
export function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) {
    return `${seconds} s`;
  }
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) {
    return `${minutes} min`;
  }
  const hours = Math.floor(minutes / 60);
  if (hours < 24) {
    return `${hours} h ${minutes % 60} min`;
  }
  return `${Math.floor(hours / 24)} d ${hours % 24} h`;
}

function dropUndefined<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) {
    if (value[key] === undefined) {
      delete value[key];
    }
  }
  return value;
}
