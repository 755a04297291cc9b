// The replay commands' words and checks (src/explorer/replayPresentation.ts): test-event templates
// are valid as they stand, drafts are refused with every problem named, the pick list shows the
// learner id and never a name, reports read right, and a saved file yields its event bodies.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EVENT_TYPES } from '../../src/core/events/model';
import type { ReplayReport } from '../../src/core/servicebus/replay';
import {
  audienceDetail, checkDraft, deadLetterChoice, reportLogLines, reportSummary, testEventTemplate,
} from '../../src/explorer/replayPresentation';

const NOW = new Date('2026-03-01T10:20:30.456Z');

function report(overrides: Partial<ReplayReport> = {}): ReplayReport {
  return { sent: 0, completed: 0, failed: [], possibleDuplicates: [], notFound: [], cancelled: false, ...overrides };
}

describe('test-event templates', () => {
  for (const type of EVENT_TYPES) {
    it(`${type} is a valid CT event as it stands, timed now`, () => {
      const template = testEventTemplate(type, NOW);
      const checked = checkDraft(JSON.stringify(template, null, 2));
      assert.equal(checked.ok, true, checked.ok ? '' : checked.problems.join(' '));
      assert.match(JSON.stringify(template), /"2026-03-01T10:20:30\.4560000Z"/);
      assert.equal((template as { EventType: string }).EventType, type);
    });
  }
});

describe('checkDraft', () => {
  it('refuses text that is not JSON', () => {
    const checked = checkDraft('{"EventType": "LOGIN",');
    assert.equal(checked.ok, false);
    assert.match(checked.ok ? '' : checked.problems[0], /^The text is not JSON: /);
  });

  it('names every missing or ill-typed field', () => {
    const draft = testEventTemplate('MODULE_COMPLETION', NOW) as { MessageBody: Record<string, unknown> };
    delete draft.MessageBody.UserId;
    draft.MessageBody.ExamPercentage = 50;
    const checked = checkDraft(JSON.stringify(draft));
    assert.equal(checked.ok, false);
    assert.deepEqual(checked.ok ? [] : checked.problems, [
      'UserId is missing.',
      'ExamPercentage should be a string such as "50" or "Not Applicable", but it is a number.',
    ]);
  });

  it('refuses an event type in the wrong case and a body that is not a CT event', () => {
    const lower = checkDraft(JSON.stringify({ ...testEventTemplate('LOGIN', NOW), EventType: 'login' }));
    assert.equal(lower.ok, false);
    assert.match(lower.ok ? '' : lower.problems.join(' '), /CT spells it LOGIN/);
    const other = checkDraft('[1, 2]');
    assert.equal(other.ok, false);
  });

  it('hands back the parsed event to send', () => {
    const template = testEventTemplate('COURSE_START', NOW);
    const checked = checkDraft(JSON.stringify(template));
    assert.deepEqual(checked.ok ? checked.event : undefined, template);
  });
});

describe('deadLetterChoice', () => {
  it('shows sequence number, event type, learner id and reason, never the learner\'s name or contact', () => {
    const body = new TextEncoder().encode(JSON.stringify(testEventTemplate('LOGIN', NOW)));
    const choice = deadLetterChoice({
      sequenceNumber: '42', bodyType: 'data', body, contentType: 'application/json',
      deadLetterReason: 'MaxDeliveryCountExceeded', deadLetterErrorDescription: 'tried 10 times',
    });
    assert.deepEqual(choice, {
      sequenceNumber: '42',
      label: '#42 LOGIN',
      description: 'learner 1001',
      detail: 'reason: MaxDeliveryCountExceeded: tried 10 times',
    });
    const shown = JSON.stringify(choice);
    for (const personal of ['Test', 'Learner', 'test.learner@example.com']) {
      assert.equal(shown.includes(personal), false, personal);
    }
  });

  it('says so when the body is not a CT event or no reason was given', () => {
    const choice = deadLetterChoice({ sequenceNumber: '7', bodyType: 'data', body: new TextEncoder().encode('hello') });
    assert.equal(choice.label, '#7 not a CT event');
    assert.equal(choice.description, 'no learner id');
    assert.equal(choice.detail, 'no dead-letter reason given');
  });
});

describe('reports', () => {
  it('summarises a clean resubmit and a clean send', () => {
    assert.equal(reportSummary(report({ sent: 3, completed: 3 }), true), 'Sent 3, completed 3.');
    assert.equal(reportSummary(report({ sent: 5 }), false), 'Sent 5.');
  });

  it('counts failures, possible duplicates, missing messages and a cancel', () => {
    const r = report({
      sent: 4, completed: 3, cancelled: true,
      failed: [{ sequenceNumber: '9', messageId: 'm9', stage: 'send', reason: 'The topic refused it.' }],
      possibleDuplicates: [{ sequenceNumber: '8', messageId: 'm8', reason: 'The lock was lost.' }],
      notFound: ['11', '12'],
    });
    assert.equal(reportSummary(r, true), 'Cancelled. Sent 4, completed 3, 1 failed, 1 possible duplicate, 2 not found. Messages not yet handled are where they were.');
    assert.deepEqual(reportLogLines(r, true).slice(1), [
      'failed #9 (send): The topic refused it.; the original stays in the dead-letter queue',
      'possible duplicate #8 (message id m8): the copy was sent but the original could not be completed: The lock was lost.',
      'not in the dead-letter queue: #11, #12',
    ]);
  });

  it('says which step of a possible duplicate is uncertain, and why a run stopped early', () => {
    const r = report({
      sent: 2, completed: 1,
      interrupted: 'The connection kept dropping (4 times in a row).',
      possibleDuplicates: [
        { sequenceNumber: '5', messageId: 'm5', reason: 'Connection lost.', uncertain: 'send' },
        { sequenceNumber: '6', messageId: 'm6', reason: 'Connection lost.', uncertain: 'complete' },
      ],
    });
    assert.equal(reportSummary(r, true), 'Stopped early: The connection kept dropping (4 times in a row). Sent 2, completed 1, 2 possible duplicates. Messages not yet handled are where they were.');
    assert.deepEqual(reportLogLines(r, true).slice(1), [
      'possible duplicate #5 (message id m5): the connection dropped before the topic answered, so the copy may or may not have been sent; the original is back in the dead-letter queue: Connection lost.',
      'possible duplicate #6 (message id m6): the copy was sent; the connection dropped while the original was being completed, so it may still be in the dead-letter queue: Connection lost.',
    ]);
  });

  it('lists who receives the copies', () => {
    const detail = audienceDetail([
      { subscription: 'alpha', receives: 2, mayReceive: 0, summary: 'receives 2' },
      { subscription: 'beta', receives: 0, mayReceive: 0, summary: 'receives none' },
    ], 2, false);
    assert.deepEqual(detail.split('\n').slice(1), ['alpha: receives 2', 'beta: receives none']);
    assert.match(detail, /2 dead letters judged/);
  });
});
