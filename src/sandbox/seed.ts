// Seed data for the sandbox: the seven events of the reference journey, then a few generated
// learners, sent in order as JSON bodies (content type application/json) like CT sends them.
import { randomUUID } from 'node:crypto';
import { message as rheaMessage } from 'rhea';
import { encodeMessage } from './amqp-codec';
import type { Topic } from './broker';
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

/** Encodes one event the way a CT publisher does: JSON text in a data section. */
export function encodeJsonEvent(event: unknown): Buffer {
  return encodeMessage({
    message_id: randomUUID(),
    content_type: 'application/json',
    body: rheaMessage.data_section(Buffer.from(JSON.stringify(event), 'utf8')),
  });
}

export function publishSeed(topic: Topic): void {
  for (const event of seedEvents()) {
    topic.publish(encodeJsonEvent(event));
  }
}
