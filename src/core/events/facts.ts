// Facts per learner and course: started, modules completed (lessons; exams with scores),
// completed, time from start to completion, last activity. A course is incomplete when it was
// started (or has progress) but has no COURSE_COMPLETION in view. Re-render COURSE_STARTs never
// count as starts. Journeys must be in journey order.
import type { CourseJourney, LearnerJourney } from './model';

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
  const courses = learner.courses.map((course) => courseFacts(learner.userId, course));
  const facts: LearnerFacts = { userId: learner.userId, logins: 0, coursesStarted: 0, coursesCompleted: 0, courses };
  let lastActivityAt: number | undefined;
  for (const event of learner.events) {
    if (event.eventType === 'LOGIN') {
      facts.logins++;
    }
    const at = event.time?.epochMs;
    if (at !== undefined && (lastActivityAt === undefined || at > lastActivityAt)) {
      lastActivityAt = at;
    }
  }
  for (const course of courses) {
    facts.coursesStarted += course.startedAt === undefined ? 0 : 1;
    facts.coursesCompleted += course.incomplete ? 0 : 1;
  }
  if (lastActivityAt !== undefined) {
    facts.lastActivityAt = lastActivityAt;
  }
  return facts;
}

/** One course's facts; fields without a value are left out, not set to undefined. */
function courseFacts(userId: number, course: CourseJourney): CourseFacts {
  const facts: CourseFacts = { userId, courseId: course.courseId, lessonsCompleted: 0, exams: [], incomplete: true };
  if (course.courseName !== undefined) {
    facts.courseName = course.courseName;
  }
  let startedAt: number | undefined;
  let completedAt: number | undefined;
  let lastActivityAt: number | undefined;
  for (const event of course.events) {
    const at = event.time?.epochMs;
    if (at !== undefined && (lastActivityAt === undefined || at > lastActivityAt)) {
      lastActivityAt = at;
    }
    if (event.eventType === 'COURSE_START' && !event.rerender && startedAt === undefined) {
      startedAt = at;
    } else if (event.eventType === 'MODULE_COMPLETION') {
      if (event.moduleType === 'Exam') {
        const exam: ExamResult = {};
        if (event.courseItemId !== undefined) {
          exam.courseItemId = event.courseItemId;
        }
        if (event.examPercentage !== undefined) {
          exam.score = event.examPercentage;
        }
        facts.exams.push(exam);
      } else {
        facts.lessonsCompleted++;
      }
    } else if (event.eventType === 'COURSE_COMPLETION' && completedAt === undefined) {
      completedAt = at;
      facts.incomplete = false;
    }
  }
  if (startedAt !== undefined) {
    facts.startedAt = startedAt;
  }
  if (completedAt !== undefined) {
    facts.completedAt = completedAt;
  }
  if (startedAt !== undefined && completedAt !== undefined) {
    facts.startToCompletionMs = completedAt - startedAt;
  }
  if (lastActivityAt !== undefined) {
    facts.lastActivityAt = lastActivityAt;
  }
  return facts;
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
