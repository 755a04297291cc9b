import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeEvent, describeOther, formatTable } from '../../src/cli/format';
import { printable } from '../../src/core/events/printable';
import { interpretMessages } from '../../src/core/events';
import { dataMessage, seedBodies } from './events-seed';

// Any character a terminal would act on rather than show.
const ACTIVE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

describe('printable', () => {
  it('shows control, bidi and line-separator characters escaped and leaves other text alone', () => {
    assert.equal(printable('Asha Rao'), 'Asha Rao');
    assert.equal(printable('Zoë 李 🎓'), 'Zoë 李 🎓');
    assert.equal(printable('a\u001b[2Jb'), 'a\\x1b[2Jb');
    assert.equal(printable('x\ry\nz\t'), 'x\\ry\\nz\\t');
    assert.equal(printable('\u0000\u0007\u007f\u009b'), '\\x00\\x07\\x7f\\x9b');
    assert.equal(printable('\u202eevil\u2066\u2028'), '\\u202eevil\\u2066\\u2028');
    // Invisible characters that could make a name look blank or like another show too...
    assert.equal(printable('\u200b\ufeffAda\u00ad\u2060'), '\\u200b\\ufeffAda\\xad\\u2060');
    // ...but not the joiners that scripts need (a Persian name, an emoji sequence).
    assert.equal(printable('\u0645\u06cc\u200c\u0644\u0627 \u{1f469}\u200d\u{1f4bb}'), '\u0645\u06cc\u200c\u0644\u0627 \u{1f469}\u200d\u{1f4bb}');
  });
});

describe('text output of events', () => {
  it('never prints a learner-controlled control character', () => {
    const hostile = 'E\u001b[2J\u001b]0;t\u0007\r\n\u202e\u009b';
    const bodies = seedBodies() as { EventType: string; MessageBody: Record<string, unknown> }[];
    bodies[2].EventType = `MODULE_COMPLETION${hostile}`;
    for (const body of bodies) {
      body.MessageBody.CourseName = hostile;
      body.MessageBody.ModuleType = hostile;
      body.MessageBody.ExamPercentage = hostile;
    }
    const messages = bodies.map((b, i) => dataMessage(String(i + 1), JSON.stringify(b)));
    messages.push(dataMessage('8', JSON.stringify({ EventType: hostile })));
    const interpretation = interpretMessages(messages);
    const lines = [
      ...interpretation.learners.flatMap((l) => l.events.map(describeEvent)),
      ...interpretation.unattributed.map(describeEvent),
      ...interpretation.others.map(describeOther),
      ...formatTable(['name'], [[hostile]]).split('\n'),
    ];
    assert.equal(lines.length, 10);
    for (const line of lines) {
      assert.doesNotMatch(line, ACTIVE);
    }
    assert.ok(lines.some((line) => line.includes('course E\\x1b[2J\\x1b]0;t\\x07\\r\\n\\u202e\\x9b (2475)')));
  });
});
