import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { eventsInJourneyOrder, interpretMessages, type PeekedMessage } from '../../src/core/events';
import { SEED_TIMES, dataMessage, seedBodies, seedMessages } from './events-seed';

const SEED_ORDER = ['1', '2', '3', '4', '5', '6', '7'];
const SEED_RERENDERS = [false, false, false, false, false, true, true];

function withSequence(messages: PeekedMessage[], sequenceNumbers: string[]): PeekedMessage[] {
  return messages.map((m, i) => ({ ...m, sequenceNumber: sequenceNumbers[i] }));
}

describe('journeys on the seed journey', () => {
  it('keeps the broker order, marks 6 and 7 as re-renders and 2 as a real start', () => {
    const interpretation = interpretMessages([...seedMessages()].reverse());
    assert.equal(interpretation.learners.length, 1);
    const [learner] = interpretation.learners;
    assert.deepEqual([learner.userId, learner.firstName, learner.lastName, learner.contact], [13273, 'Test', 'test', 'learner@example.com']);
    assert.deepEqual(learner.events.map((e) => e.sequenceNumber), SEED_ORDER);
    assert.deepEqual(learner.events.map((e) => e.rerender), SEED_RERENDERS);
    assert.deepEqual(learner.events.map((e) => e.time?.iso), SEED_TIMES);
    assert.ok(learner.events.every((e) => e.valid));
    assert.equal(learner.courses.length, 1);
    assert.deepEqual([learner.courses[0].courseId, learner.courses[0].courseName], [2475, 'course7']);
    assert.deepEqual(learner.courses[0].events.map((e) => e.sequenceNumber), ['2', '3', '4', '5', '6', '7']);
    assert.deepEqual(eventsInJourneyOrder(interpretation).map((e) => e.sequenceNumber), SEED_ORDER);
    assert.deepEqual([interpretation.unattributed, interpretation.others], [[], []]);
  });

  it('orders equal timestamps (events 4 and 5) by sequence number, compared as 64-bit integers', () => {
    const seed = seedMessages();
    const exam = seed[3];
    const completion = seed[4];
    // As JS numbers both round to 9007199254740992; only an exact comparison tells them apart.
    const big = interpretMessages([{ ...completion, sequenceNumber: '9007199254740993' }, { ...exam, sequenceNumber: '9007199254740992' }]);
    assert.deepEqual(big.learners[0].events.map((e) => e.eventType), ['MODULE_COMPLETION', 'COURSE_COMPLETION']);
    // Compared as strings, "10" would come before "9".
    const lengths = interpretMessages([{ ...completion, sequenceNumber: '10' }, { ...exam, sequenceNumber: '9' }]);
    assert.deepEqual(lengths.learners[0].events.map((e) => e.sequenceNumber), ['9', '10']);
    const swapped = interpretMessages(withSequence(seed, ['1', '2', '3', '5', '4', '6', '7']));
    assert.deepEqual(swapped.learners[0].events.map((e) => e.eventType).slice(3, 5), ['COURSE_COMPLETION', 'MODULE_COMPLETION']);
  });

  it('puts events without a usable time after the timed ones, by sequence number', () => {
    const bodies = seedBodies() as { MessageBody: Record<string, unknown> }[];
    bodies[1].MessageBody.StartDate = 'not a date';
    bodies[0].MessageBody.LoginTime = '';
    const messages = bodies.map((b, i) => dataMessage(String(i + 1), JSON.stringify(b)));
    const learner = interpretMessages(messages).learners[0];
    assert.deepEqual(learner.events.map((e) => e.sequenceNumber), ['3', '4', '5', '6', '7', '1', '2']);
    // Event 2 now follows the course's other events in journey order, so by the rule it is a re-render.
    assert.deepEqual(learner.events.map((e) => e.rerender), [false, false, false, true, true, false, true]);
  });

  it('marks re-renders per learner and per course', () => {
    const bodies = seedBodies() as { MessageBody: Record<string, unknown> }[];
    const otherLearner = structuredClone(bodies[5]);
    otherLearner.MessageBody.UserId = 1;
    otherLearner.MessageBody.FirstName = 'Ada';
    const otherCourse = structuredClone(bodies[6]);
    otherCourse.MessageBody.CourseId = 99;
    const messages = [...bodies, otherLearner, otherCourse].map((b, i) => dataMessage(String(i + 1), JSON.stringify(b)));
    const interpretation = interpretMessages(messages);
    assert.deepEqual(interpretation.learners.map((l) => l.userId), [1, 13273]);
    assert.deepEqual(interpretation.learners[0].events.map((e) => e.rerender), [false]);
    const seedLearner = interpretation.learners[1];
    const starts = seedLearner.events.filter((e) => e.eventType === 'COURSE_START').map((e) => [e.courseId, e.sequenceNumber, e.rerender]);
    assert.deepEqual(starts, [[2475, '2', false], [2475, '6', true], [2475, '7', true], [99, '9', false]]);
    assert.deepEqual(seedLearner.courses.map((c) => c.courseId), [2475, 99]);
    assert.deepEqual(eventsInJourneyOrder(interpretation).map((e) => e.sequenceNumber), ['8', '1', '2', '3', '4', '5', '6', '7', '9']);
  });

  it('keeps events without a UserId apart and non-CT bodies in sequence order', () => {
    const bodies = seedBodies() as { MessageBody: Record<string, unknown> }[];
    delete bodies[0].MessageBody.UserId;
    const messages = [
      dataMessage('12', 'not json'),
      ...bodies.map((b, i) => dataMessage(String(i + 1), JSON.stringify(b))),
      dataMessage('11', '{"hello": "world"}'),
    ];
    const interpretation = interpretMessages(messages);
    assert.deepEqual(interpretation.unattributed.map((e) => [e.sequenceNumber, e.problems]), [['1', ['UserId is missing.']]]);
    assert.deepEqual(interpretation.others.map((o) => o.sequenceNumber), ['11', '12']);
    assert.deepEqual(eventsInJourneyOrder(interpretation).map((e) => e.sequenceNumber), ['2', '3', '4', '5', '6', '7', '1']);
  });
});

describe('journeys in other time zones', () => {
  const run = promisify(execFile);
  const root = join(__dirname, '..', '..');
  // Runs the model in a fresh Node process whose TZ is set, and reports what it saw.
  const child = `
    const events = require(${JSON.stringify(join(root, 'src', 'core', 'events', 'index.ts'))});
    const seed = require(${JSON.stringify(join(__dirname, 'events-seed.ts'))});
    const learner = events.interpretMessages(seed.seedMessages().reverse()).learners[0];
    process.stdout.write(JSON.stringify({
      offset: new Date(2021, 0, 1).getTimezoneOffset(),
      order: learner.events.map((e) => e.sequenceNumber),
      rerenders: learner.events.map((e) => e.rerender),
      times: learner.events.map((e) => e.time.iso),
      offsetLess: events.normaliseEventTime('2021-02-28T17:27:45.5333333').time,
    }));`;

  for (const [zone, offset] of [['UTC', 0], ['Asia/Kolkata', -330], ['America/Los_Angeles', 480]] as const) {
    it(`gives the same journey under TZ=${zone}`, async () => {
      const { stdout } = await run(process.execPath, ['--import', 'tsx', '-e', child], { cwd: root, env: { ...process.env, TZ: zone } });
      const seen = JSON.parse(stdout) as { offset: number; order: string[]; rerenders: boolean[]; times: string[]; offsetLess: unknown };
      assert.equal(seen.offset, offset, `the child process runs in ${zone}`);
      assert.deepEqual(seen.order, SEED_ORDER);
      assert.deepEqual(seen.rerenders, SEED_RERENDERS);
      assert.deepEqual(seen.times, SEED_TIMES);
      assert.deepEqual(seen.offsetLess, {
        raw: '2021-02-28T17:27:45.5333333',
        iso: '2021-02-28T17:27:45.5333333Z',
        sortKey: '2021-02-28T17:27:45.5333333Z',
        epochMs: Date.UTC(2021, 1, 28, 17, 27, 45, 533),
      });
    });
  }
});
