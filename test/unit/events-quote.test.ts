// Problem texts quote the wrong value, unless it holds a contact (an e-mail address or a phone
// number): problems reach peek --json and CI logs, where masking does not.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseMessage } from '../../src/core/events/parse';
import { quoteValue } from '../../src/core/events/quote';

describe('quoteValue', () => {
  it('quotes plain values, cut to 40 characters', () => {
    assert.equal(quoteValue('Fax'), '"Fax"');
    assert.equal(quoteValue('1614533205281'), '"1614533205281"');
    assert.equal(quoteValue('2021-02-28 17:26:45 +05:30'), '"2021-02-28 17:26:45 +05:30"');
    assert.equal(quoteValue('x'.repeat(50)), `"${'x'.repeat(40)}…"`);
  });

  it('describes e-mail addresses and phone numbers instead of showing them', () => {
    assert.equal(quoteValue('Jane Doe jane@example.com'), '(25 characters holding an e-mail address, not shown)');
    assert.equal(quoteValue('+1 555 0100'), '(11 characters that look like a phone number, not shown)');
    assert.equal(quoteValue('(555) 010-0100'), '(14 characters that look like a phone number, not shown)');
  });
});

describe('problem texts of a parsed event', () => {
  it('never show a contact written into the wrong field', () => {
    const body = {
      EventType: 'jane@example.com',
      MessageBody: { FirstName: 'J', LastName: 'D', UserId: 'Jane Doe jane@example.com', Contact: 'x', ContactType: '+1 555 0100', LoginTime: 'jane@example.com' },
    };
    const parsed = parseMessage({ sequenceNumber: '1', bodyType: 'data', body: new TextEncoder().encode(JSON.stringify(body)) });
    assert.equal(parsed.kind, 'event');
    const problems = parsed.kind === 'event' ? parsed.event.problems.join(' ') : '';
    assert.doesNotMatch(problems, /jane|555/);
    assert.match(problems, /UserId should be an integer, but it is a string \(25 characters holding an e-mail address, not shown\)\./);
  });
});
