// ct-events send: sends the CT events of a saved file (a JSON array, one JSON object, or NDJSON,
// e.g. a timeline export) to the topic, at a rate, and prints the same report as replay.
import { type FileEventBodies, eventBodiesOfFile } from '../../core/events/export';
import { replaySucceeded } from '../../core/servicebus';
import { DEFAULT_TOPIC } from '../../core/servicebus/types';
import { commandRunner, positiveInteger } from '../args';
import { readTextFile } from '../files';
import { UserError } from '../io';
import { withConnection } from '../source';
import { CONNECTION_FLAGS, connectionTargetFrom } from '../source-flags';
import { formatReport } from './replay';

const command = {
  name: 'send',
  summary: 'Sends the CT events of a JSON or NDJSON file to the topic (as CT does: UTF-8 JSON, content type application/json).',
  flags: {
    ...CONNECTION_FLAGS,
    file: { kind: 'value', valueName: 'FILE', description: 'JSON array, JSON object or NDJSON of CT events', required: true },
    rate: { kind: 'value', valueName: 'N', description: 'messages per second (default: as fast as the topic accepts)' },
    json: { kind: 'switch', description: 'print the report as JSON' },
    'allow-invalid': { kind: 'switch', description: 'also send bodies that are not valid CT events (unknown type, missing fields), as they are' },
  },
} as const;

/**
 * The event bodies of a file, read by the same core as Open Events File: a timeline export (NDJSON
 * or CSV, whose records are unwrapped to their bodies), a JSON array, one JSON object, or NDJSON.
 * Nothing is sent unless every body is JSON: a file that is partly unreadable stops before the first
 * send, naming what is wrong, so a send never goes out half or changed.
 */
export function eventsFromText(text: string, allowInvalid = false): unknown[] {
  let read: FileEventBodies;
  try {
    read = eventBodiesOfFile(text);
  } catch (error) {
    throw new UserError(`${(error as Error).message} Nothing was sent.`, { cause: error });
  }
  const { events } = read;
  const notJson = read.notJson.map((n) => `#${n}`);
  if (notJson.length > 0) {
    const shown = notJson.length > 5 ? `${notJson.slice(0, 5).join(', ')} and ${notJson.length - 5} more` : notJson.join(', ');
    const one = notJson.length === 1;
    throw new UserError(`the file's ${one ? 'message' : 'messages'} ${shown} ${one ? 'has a body that is not JSON, so it is not a CT event' : 'have bodies that are not JSON, so they are not CT events'}. Nothing was sent.`);
  }
  if (events.length === 0) {
    throw new UserError('the file holds no events. Nothing was sent.');
  }
  if (read.invalid.length > 0 && !allowInvalid) {
    const [first] = read.invalid;
    const more = read.invalid.length > 1 ? ` and ${read.invalid.length - 1} more` : '';
    throw new UserError(`the file's message #${first.sequenceNumber}${more} ${read.invalid.length > 1 ? 'are' : 'is'} not a valid CT event (#${first.sequenceNumber}: ${first.problem.replace(/\.$/, '')}). Nothing was sent; --allow-invalid sends such bodies as they are.`);
  }
  return events;
}

export const run = commandRunner(command, async (flags, io) => {
  const target = connectionTargetFrom(flags);
  const rate = flags.rate === undefined ? undefined : positiveInteger(flags.rate, 'rate', 1);
  const events = eventsFromText(await readTextFile(flags.file as string), flags['allow-invalid'] === true);
  const report = await withConnection(target, (connection) => connection.sendEvents(events, { topic: flags.topic ?? DEFAULT_TOPIC, rate }));
  io.out(flags.json === true ? JSON.stringify(report, null, 2) : formatReport(report, false));
  return replaySucceeded(report) ? 0 : 1;
});
