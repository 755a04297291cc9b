import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatLocalTime, normaliseEventTime, type EventTime } from '../../src/core/events';

function ok(raw: unknown): EventTime {
  const result = normaliseEventTime(raw, 'LoginTime');
  assert.ok(result.ok, `expected ${JSON.stringify(raw)} to parse: ${result.ok ? '' : result.problem}`);
  return result.time;
}

function problem(raw: unknown): string {
  const result = normaliseEventTime(raw, 'LoginTime');
  assert.ok(!result.ok, `expected ${JSON.stringify(raw)} to be refused`);
  return result.problem;
}

describe('normaliseEventTime', () => {
  it('trims trailing white space and keeps all 7 fractional digits', () => {
    const time = ok('2021-02-28T17:26:45.2810916Z ');
    assert.deepEqual(time, {
      raw: '2021-02-28T17:26:45.2810916Z ',
      iso: '2021-02-28T17:26:45.2810916Z',
      sortKey: '2021-02-28T17:26:45.2810916Z',
      epochMs: Date.UTC(2021, 1, 28, 17, 26, 45, 281),
    });
  });

  it('reads a time without an offset as UTC', () => {
    const time = ok('2021-02-28T17:27:45.5333333');
    assert.equal(time.iso, '2021-02-28T17:27:45.5333333Z');
    assert.equal(time.sortKey, '2021-02-28T17:27:45.5333333Z');
    assert.equal(time.epochMs, Date.UTC(2021, 1, 28, 17, 27, 45, 533));
  });

  it('keeps the digits CT sent in iso and pads sortKey to 7', () => {
    const time = ok('2021-02-28T17:28:00.94');
    assert.equal(time.iso, '2021-02-28T17:28:00.94Z');
    assert.equal(time.sortKey, '2021-02-28T17:28:00.9400000Z');
    assert.equal(time.epochMs, Date.UTC(2021, 1, 28, 17, 28, 0, 940));
    const whole = ok('2021-02-28T17:28:00');
    assert.equal(whole.iso, '2021-02-28T17:28:00Z');
    assert.equal(whole.sortKey, '2021-02-28T17:28:00.0000000Z');
  });

  it('orders 2-digit and 7-digit fractions correctly as plain strings', () => {
    assert.ok(ok('2021-02-28T17:27:45.5333333').sortKey < ok('2021-02-28T17:28:00.94').sortKey);
    assert.ok(ok('2021-02-28T17:28:00.9399999Z').sortKey < ok('2021-02-28T17:28:00.94').sortKey);
  });

  it('converts offsets to UTC, across midnight and month ends', () => {
    assert.equal(ok('2021-02-28T23:00:00.5+05:30').iso, '2021-02-28T17:30:00.5Z');
    assert.equal(ok('2021-03-01T02:00:00+05:30').iso, '2021-02-28T20:30:00Z');
    assert.equal(ok('2021-02-28T17:00:00-08:00').iso, '2021-03-01T01:00:00Z');
    assert.equal(ok('2020-12-31T23:30:00.1234567-01:00').sortKey, '2021-01-01T00:30:00.1234567Z');
    assert.equal(ok('2021-02-28T17:00:00+0530').iso, '2021-02-28T11:30:00Z');
    assert.equal(ok('2021-02-28t17:00:00z').iso, '2021-02-28T17:00:00Z');
    assert.equal(ok('2021-02-28T17:00:00+14:00').iso, '2021-02-28T03:00:00Z');
    assert.equal(ok('2021-02-28T17:00:00-12:00').iso, '2021-03-01T05:00:00Z');
    assert.equal(ok('2021-02-28T17:00:00+05:45').iso, '2021-02-28T11:15:00Z');
    assert.equal(ok('2021-02-28T17:00:00-14:00').iso, '2021-03-01T07:00:00Z');
  });

  it('keeps digits finer than a tick in iso but orders by the first 7', () => {
    const time = ok('2021-02-28T17:28:00.123456789Z');
    assert.equal(time.iso, '2021-02-28T17:28:00.123456789Z');
    assert.equal(time.sortKey, '2021-02-28T17:28:00.1234567Z');
  });

  it('accepts 29 February only in leap years', () => {
    assert.equal(ok('2020-02-29T00:00:00Z').iso, '2020-02-29T00:00:00Z');
    assert.equal(problem('2021-02-29T00:00:00Z'), 'LoginTime "2021-02-29T00:00:00Z" has day 29, but February 2021 has 28 days.');
  });

  it('gives a specific problem for garbage, never an invalid date', () => {
    assert.equal(problem('yesterday'), 'LoginTime "yesterday" is not an ISO-8601 date-time such as 2021-02-28T17:27:45.2810916Z.');
    assert.equal(problem(''), 'LoginTime is empty.');
    assert.equal(problem('   '), 'LoginTime is empty.');
    assert.equal(problem('2021-13-01T00:00:00Z'), 'LoginTime "2021-13-01T00:00:00Z" has month 13, outside 1-12.');
    assert.equal(problem('2021-00-10T00:00:00Z'), 'LoginTime "2021-00-10T00:00:00Z" has month 0, outside 1-12.');
    assert.equal(problem('2021-04-31T00:00:00Z'), 'LoginTime "2021-04-31T00:00:00Z" has day 31, but April 2021 has 30 days.');
    assert.equal(problem('2021-02-28T24:00:00Z'), 'LoginTime "2021-02-28T24:00:00Z" has hour 24, outside 0-23.');
    assert.equal(problem('2021-02-28T17:60:00Z'), 'LoginTime "2021-02-28T17:60:00Z" has minute 60, outside 0-59.');
    assert.equal(problem('2021-02-28T17:00:61Z'), 'LoginTime "2021-02-28T17:00:61Z" has second 61, outside 0-59.');
    assert.equal(problem('2021-02-28T17:00:00+25:00'), 'LoginTime "2021-02-28T17:00:00+25:00" has an impossible offset +25:00 (offsets reach at most ±14:00).');
    assert.equal(problem('2021-02-28T17:00:00+15:00'), 'LoginTime "2021-02-28T17:00:00+15:00" has an impossible offset +15:00 (offsets reach at most ±14:00).');
    assert.equal(problem('2021-02-28T17:00:00-14:01'), 'LoginTime "2021-02-28T17:00:00-14:01" has an impossible offset -14:01 (offsets reach at most ±14:00).');
    assert.match(problem('2021-02-28T17:00:00,5Z'), /is not an ISO-8601 date-time/);
    assert.equal(problem('2016-12-31T23:59:60Z'), 'LoginTime "2016-12-31T23:59:60Z" has second 60, outside 0-59.');
    assert.match(problem('10000-01-01T00:00:00Z'), /is not an ISO-8601 date-time/);
    assert.match(problem('2021-02-28 17:00:00'), /is not an ISO-8601 date-time/);
    assert.match(problem('2021-02-28T17:00:00.Z'), /is not an ISO-8601 date-time/);
    assert.equal(problem(1614533205), 'LoginTime should be a date-time string, but it is a number.');
    assert.equal(problem(null), 'LoginTime should be a date-time string, but it is null.');
    assert.equal(problem('0000-01-01T00:00:00+01:00'), 'LoginTime "0000-01-01T00:00:00+01:00" falls outside the years 0000-9999 in UTC.');
  });

  it('never returns NaN or an invalid date for any accepted input', () => {
    for (const raw of ['0001-01-01T00:00:00Z', '9999-12-31T23:59:59.9999999Z', '0050-06-15T12:00:00']) {
      const time = ok(raw);
      assert.ok(Number.isFinite(time.epochMs));
    }
    assert.equal(ok('0050-06-15T12:00:00').iso, '0050-06-15T12:00:00Z');
  });
});

describe('formatLocalTime', () => {
  it('shows the instant in the given locale and time zone with milliseconds', () => {
    const time = ok('2021-02-28T17:28:00.94');
    const kolkata = formatLocalTime(time, 'en-US', 'Asia/Kolkata');
    assert.match(kolkata, /Feb 28, 2021/);
    assert.match(kolkata, /10:58:00\.940/);
    assert.match(kolkata, /PM/);
    const losAngeles = formatLocalTime(time, 'en-US', 'America/Los_Angeles');
    assert.match(losAngeles, /09:28:00\.940/);
    assert.match(losAngeles, /AM/);
    assert.match(formatLocalTime(time, 'en-GB', 'UTC'), /17:28:00\.940/);
  });
});
