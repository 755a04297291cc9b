// ct-events send: sends the CT events of a saved file (a JSON array, one JSON object, or NDJSON,
// e.g. a timeline export) to the topic, at a rate, and prints the same report as replay.
import { readFile } from 'node:fs/promises';
import { replaySucceeded } from '../../core/servicebus';
import { DEFAULT_TOPIC } from '../../core/servicebus/types';
import { commandRunner, positiveInteger } from '../args';
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
  },
} as const;

/** The events in a file: a JSON array, a single object, or one JSON value per line. */
export function eventsFromText(text: string): unknown[] {
  const trimmed = text.replace(/^\uFEFF/, '').trim();
  if (trimmed === '') {
    return [];
  }
  try {
    const whole: unknown = JSON.parse(trimmed);
    return Array.isArray(whole) ? whole : [whole];
  } catch {
    return trimmed.split(/\r?\n/).filter((line) => line.trim() !== '').map((line, i) => {
      try {
        return JSON.parse(line) as unknown;
      } catch {
        throw new UserError(`line ${i + 1} of the file is not JSON (the file is neither a JSON document nor NDJSON).`);
      }
    });
  }
}

export const run = commandRunner(command, async (flags, io) => {
  const target = connectionTargetFrom(flags);
  const rate = flags.rate === undefined ? undefined : positiveInteger(flags.rate, 'rate', 1);
  let text: string;
  try {
    text = await readFile(flags.file as string, 'utf8');
  } catch (error) {
    throw new UserError(`cannot read the file: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`, { cause: error });
  }
  const events = eventsFromText(text);
  const report = await withConnection(target, (connection) => connection.sendEvents(events, { topic: flags.topic ?? DEFAULT_TOPIC, rate }));
  io.out(flags.json === true ? JSON.stringify(report, null, 2) : formatReport(report, false));
  return replaySucceeded(report) ? 0 : 1;
});
