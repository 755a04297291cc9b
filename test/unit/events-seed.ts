// The seed journey of test/fixtures/seed-journey.json as the Service Bus layer hands it over:
// JSON bytes in a data section, sequence numbers 1..7 in the order the broker received them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PeekedMessage } from '../../src/core/events';

export const SEED_PATH = join(__dirname, '..', 'fixtures', 'seed-journey.json');

/** The seed journey's event times, normalised (UTC, every fractional digit CT sent), in sequence order. */
export const SEED_TIMES = [
  '2021-02-28T17:26:45.2810916Z',
  '2021-02-28T17:27:45.2810916Z',
  '2021-02-28T17:27:45.5333333Z',
  '2021-02-28T17:28:00.94Z',
  '2021-02-28T17:28:00.94Z',
  '2021-02-28T17:28:02.8614374Z',
  '2021-02-28T17:28:10.193248Z',
];

export function seedBodies(): Record<string, unknown>[] {
  return JSON.parse(readFileSync(SEED_PATH, 'utf8')) as Record<string, unknown>[];
}

export function seedMessages(): PeekedMessage[] {
  return seedBodies().map((body, i) => dataMessage(String(i + 1), JSON.stringify(body)));
}

export function dataMessage(sequenceNumber: string, text: string | Uint8Array): PeekedMessage {
  return { sequenceNumber, body: typeof text === 'string' ? Buffer.from(text, 'utf8') : text, bodyType: 'data' };
}
