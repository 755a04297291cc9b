// Export as CSV and NDJSON, and import of exports and of plain CT event files: the round trip
// gives the same events; masking reaches the columns and the bodies; hostile text stays text.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { interpretMessages } from '../../src/core/events';
import { eventBodiesOfFile, exportCsv, exportNdjson, importMessages, parseCsv } from '../../src/core/events/export';
import { maskContact } from '../../src/core/events/mask';
import type { PeekedMessage } from '../../src/core/events/model';
import { dataMessage, seedBodies, seedMessages } from './events-seed';

const hostile: PeekedMessage = {
  ...dataMessage('8', JSON.stringify({
    EventType: 'COURSE_START',
    MessageBody: { FirstName: '<img src=x onerror=alert(1)>', LastName: '=HYPERLINK("x")', UserId: 5, Contact: 'a,"b"\n@x', ContactType: 'Email', CourseName: '</script><script>alert(1)</script>', CourseId: 3, StartDate: '2021-01-01T00:00:00Z' },
  })),
  messageId: 'id-8',
  enqueuedTime: '2021-01-01T00:00:01.000Z',
  applicationProperties: { source: 'test', n: 3 },
};
const messages = [...seedMessages(), hostile, dataMessage('9', 'not json, "quoted"'), dataMessage('10', new Uint8Array([0, 255, 7]))];

describe('export and re-import', () => {
  for (const [format, write] of [['NDJSON', exportNdjson], ['CSV', exportCsv]] as const) {
    test(`${format} round trip gives the same events and other messages`, () => {
      const again = importMessages(write(messages, false));
      assert.deepEqual(interpretMessages(again), interpretMessages(messages));
      assert.equal(again.find((m) => m.sequenceNumber === '8')?.enqueuedTime, '2021-01-01T00:00:01.000Z');
    });

    test(`${format} with masking has no names or contacts, and stays stable`, () => {
      const text = write(messages, true);
      for (const secret of ['Test', 'learner@example.com', 'img src', 'HYPERLINK']) {
        assert.ok(!text.includes(secret), `${secret} leaked into the ${format} export`);
      }
      const learner = interpretMessages(importMessages(text)).learners.find((l) => l.userId === 13273);
      assert.equal(learner?.firstName, 'T.');
      assert.equal(learner?.contact, maskContact('learner@example.com'));
    });
  }

  test('NDJSON keeps ids and application properties', () => {
    const line = exportNdjson([hostile], false).trim();
    const record = JSON.parse(line) as Record<string, unknown>;
    assert.equal(record.messageId, 'id-8');
    assert.deepEqual(record.applicationProperties, { source: 'test', n: 3 });
    assert.deepEqual(importMessages(line)[0]?.applicationProperties, { source: 'test', n: 3 });
  });

  test('a body larger than the view decodes (5 MB) is exported whole, not cut at 1 MB', () => {
    const body = JSON.stringify({ EventType: 'LOGIN', MessageBody: { FirstName: 'x'.repeat(5 * 1024 * 1024) } });
    for (const write of [exportNdjson, exportCsv]) {
      const [again] = importMessages(write([dataMessage('1', body)], false));
      assert.equal(JSON.stringify(again?.body), body);
    }
  });

  test('CSV cells are quoted and formula-like text is defused', () => {
    const rows = parseCsv(exportCsv([hostile], false));
    assert.equal(rows.length, 2);
    const header = rows[0]!;
    const row = rows[1]!;
    assert.equal(row[header.indexOf('lastName')], `'=HYPERLINK("x")`);
    assert.equal(row[header.indexOf('contact')], 'a,"b"\n@x');
    assert.equal(row[header.indexOf('courseName')], '</script><script>alert(1)</script>');
  });

  test('plain JSON arrays and NDJSON of CT bodies import with sequence numbers from 1', () => {
    const fromArray = importMessages(JSON.stringify(seedBodies()));
    const fromLines = importMessages(seedBodies().map((b) => JSON.stringify(b)).join('\n'));
    assert.deepEqual(fromArray.map((m) => m.sequenceNumber), ['1', '2', '3', '4', '5', '6', '7']);
    assert.deepEqual(interpretMessages(fromArray), interpretMessages(seedMessages()));
    assert.deepEqual(interpretMessages(fromLines), interpretMessages(seedMessages()));
    assert.deepEqual(importMessages(''), []);
  });

  test('files that are none of these are refused with a sentence', () => {
    assert.throws(() => importMessages('hello'), /neither JSON, NDJSON nor a CSV export/);
    assert.throws(() => importMessages('{"a":1}\n{oops'), /Line 2 is not valid JSON/);
    // Lines are counted in the file, blank ones included.
    assert.throws(() => importMessages('{"a":1}\n\n\r\n{oops\n{"b":2}'), /Line 4 is not valid JSON/);
    // One pretty-printed object is one event, not a file of broken lines.
    assert.deepEqual(importMessages(JSON.stringify(seedBodies()[0], null, 2)), [{ sequenceNumber: '1', bodyType: 'value', body: seedBodies()[0] }]);
    assert.throws(() => importMessages('{"a": 1'), /Line 1 is not valid JSON/);
  });
});

describe('eventBodiesOfFile (Replay Events File and ct-events send)', () => {
  const login = { EventType: 'LOGIN', MessageBody: { FirstName: 'Ada', LastName: 'L', UserId: 1, Contact: 'a@x', ContactType: 'Email', LoginTime: '2021-01-01T00:00:00Z' } };
  const start = { EventType: 'COURSE_START', MessageBody: { FirstName: 'Ada', LastName: 'L', UserId: 1, Contact: 'a@x', ContactType: 'Email', CourseName: 'C', CourseId: 2, StartDate: '2021-01-01T00:01:00Z' } };

  test('reads a JSON array and NDJSON of CT events', () => {
    assert.deepEqual(eventBodiesOfFile(JSON.stringify([login, start])), { events: [login, start], notJson: [], invalid: [] });
    assert.deepEqual(eventBodiesOfFile(`${JSON.stringify(login)}\n\n${JSON.stringify(start)}\n`), { events: [login, start], notJson: [], invalid: [] });
  });

  test('takes the bodies of a timeline export and names the ones that are not JSON', () => {
    const lines = [
      JSON.stringify({ sequenceNumber: '5', eventType: 'LOGIN', body: login }),
      JSON.stringify({ sequenceNumber: '6', bodyText: 'plain words' }),
    ];
    assert.deepEqual(eventBodiesOfFile(lines.join('\n')), { events: [login], notJson: ['6'], invalid: [] });
  });

  test('names the JSON bodies that are not valid CT events, with their first problem, and still reads them', () => {
    const unknown = { EventType: 'FOO', MessageBody: { UserId: 2 } };
    const { events, invalid } = eventBodiesOfFile(JSON.stringify([login, unknown, { orderId: 1 }]));
    assert.deepEqual(events, [login, unknown, { orderId: 1 }]);
    assert.deepEqual(invalid, [
      { sequenceNumber: '2', problem: '"FOO" is not a CT event type. CT sends LOGIN, COURSE_START, MODULE_COMPLETION, COURSE_COMPLETION.' },
      { sequenceNumber: '3', problem: 'The body is a JSON object without EventType, so it is not a CT event.' },
    ]);
  });

  test('keeps an event over 1 MiB whole instead of taking it for binary', () => {
    const big = { ...login, MessageBody: { ...login.MessageBody, LastName: 'x'.repeat(1_200_000) } };
    const { events, notJson } = eventBodiesOfFile(JSON.stringify([big]));
    assert.deepEqual(notJson, []);
    assert.equal((events[0] as typeof big).MessageBody.LastName.length, 1_200_000);
  });
});
