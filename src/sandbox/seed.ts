// Seed data for the sandbox: the seven events of the reference journey, then a few generated
// learners, sent in order as JSON bodies (content type application/json) like CT sends them.
// On request also dead letters and scheduled messages, so that replay and the scheduled peek can be
// tried on a fresh sandbox without writing an SDK script first.
import { randomUUID } from 'node:crypto';
import { message as rheaMessage } from 'rhea';
import { encodeMessage } from './amqp-codec';
import type { Subscription, Topic } from './broker';
import seedJourney from './seed-journey.json';

interface CtEvent {
  EventType: string;
  MessageBody: Record<string, unknown>;
}

const GENERATED_LEARNERS = [
  { UserId: 20001, FirstName: 'Asha', LastName: 'Rao', Contact: 'asha@example.com', ContactType: 'Email' },
  { UserId: 20002, FirstName: 'Tomas', LastName: 'Lind', Contact: '+10000000002', ContactType: 'Phone' },
];
const GENERATED_COURSE = { CourseId: 3101, CourseName: 'Hand hygiene basics' };

/** A short, complete journey per generated learner, one minute apart, on a fixed day. */
function generatedEvents(): CtEvent[] {
  const events: CtEvent[] = [];
  GENERATED_LEARNERS.forEach((learner, index) => {
    const at = (minute: number): string => `2021-03-0${index + 1}T09:${String(minute).padStart(2, '0')}:00.0000000Z`;
    events.push({ EventType: 'LOGIN', MessageBody: { ...learner, LoginTime: at(0) } });
    events.push({ EventType: 'COURSE_START', MessageBody: { ...learner, ...GENERATED_COURSE, StartDate: at(1) } });
    events.push({
      EventType: 'MODULE_COMPLETION',
      MessageBody: { ...learner, ...GENERATED_COURSE, CourseItemId: 9101, ModuleType: 'Lesson', CompletionDate: at(5), ExamPercentage: 'Not Applicable' },
    });
    const score = String(70 + index * 20);
    events.push({
      EventType: 'MODULE_COMPLETION',
      MessageBody: { ...learner, ...GENERATED_COURSE, CourseItemId: 9102, ModuleType: 'Exam', CompletionDate: at(9), ExamPercentage: score },
    });
    events.push({ EventType: 'COURSE_COMPLETION', MessageBody: { ...learner, ...GENERATED_COURSE, CompletionDate: at(9), ExamPercentage: score } });
  });
  return events;
}

export function seedEvents(): CtEvent[] {
  return [...(seedJourney as CtEvent[]), ...generatedEvents()];
}

/**
 * Encodes one event the way a CT publisher does: JSON text in a data section. With `scheduledFor`,
 * it carries the annotation the SDK's scheduleMessages sets, so the topic holds it until then.
 */
export function encodeJsonEvent(event: unknown, scheduledFor?: Date): Buffer {
  return encodeMessage({
    message_id: randomUUID(),
    content_type: 'application/json',
    ...(scheduledFor === undefined ? {} : { message_annotations: { 'x-opt-scheduled-enqueue-time': scheduledFor } }),
    body: rheaMessage.data_section(Buffer.from(JSON.stringify(event), 'utf8')),
  });
}

export function publishSeed(topic: Topic): void {
  for (const event of seedEvents()) {
    topic.publish(encodeJsonEvent(event));
  }
}

/** What `ct-events sandbox --dead-letters` writes on the messages it moves, so nobody takes them for a real failure. */
export const SEED_DEAD_LETTER_REASON = 'SandboxSeed';
export const SEED_DEAD_LETTER_DESCRIPTION = 'Dead-lettered by ct-events sandbox --dead-letters so that replay can be tried';

/**
 * Moves the first `count` active messages of a subscription to its dead-letter queue, as a
 * receiver's deadLetter would; returns how many it moved (fewer when the subscription holds fewer).
 */
export function deadLetterSeed(subscription: Subscription, count: number): number {
  const moved = subscription.active.messages.slice(0, count);
  for (const message of moved) {
    subscription.moveToDeadLetter(message, SEED_DEAD_LETTER_REASON, SEED_DEAD_LETTER_DESCRIPTION);
  }
  return moved.length;
}

/** Schedules `count` copies of the seed events (from the first, round again when `count` is larger) in the topic for `at`. */
export function scheduleSeed(topic: Topic, count: number, at: Date): void {
  const events = seedEvents();
  for (let i = 0; i < count; i++) {
    topic.publish(encodeJsonEvent(events[i % events.length], at));
  }
}
