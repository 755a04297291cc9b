// Benchmark: peek 10,000 messages from the sandbox through the product's Service Bus layer
// (paged peek, PeekedMessage mapping) and, side by side, through a plain peekMessages loop on the
// same SDK. Prints messages per second for each and the ratio; asserts nothing (target: the
// layer within 10% of the plain loop). Runs alternate so warm-up favours neither.
import { performance } from 'node:perf_hooks';
import { ServiceBusClient } from '@azure/service-bus';
import Long from 'long';
import { ServiceBusConnection } from '../src/core/servicebus';
import { startSandbox } from '../src/sandbox';
import { encodeJsonEvent } from '../src/sandbox/seed';

const COUNT = 10_000;
const ROUNDS = 3;

async function main(): Promise<void> {
  const sandbox = await startSandbox({ seed: 'none', subscriptions: ['alpha'] });
  for (let i = 0; i < COUNT; i++) {
    sandbox.publish(encodeJsonEvent({ EventType: 'MODULE_COMPLETION', MessageBody: { UserId: i % 100, CourseId: 7, CompletionDate: '2021-03-01T09:00:00Z' } }));
  }
  const connection = new ServiceBusConnection({ kind: 'connectionString', connectionString: sandbox.connectionString });
  const client = new ServiceBusClient(sandbox.connectionString);

  const layer = async (): Promise<number> => (await connection.peek({ subscription: 'alpha', maxMessages: COUNT })).length;
  const plain = async (): Promise<number> => {
    const receiver = client.createReceiver('CTEvents', 'alpha', { skipParsingBodyAsJson: true });
    let read = 0;
    let next = Long.ONE;
    while (read < COUNT) {
      const page = await receiver.peekMessages(COUNT - read, { fromSequenceNumber: next });
      const last = page.at(-1)?.sequenceNumber;
      if (page.length === 0 || last === undefined) {
        break;
      }
      read += page.length;
      next = last.add(1);
    }
    await receiver.close();
    return read;
  };

  const best = { layer: Infinity, plain: Infinity };
  await layer(); // warm-up: connections, JIT
  await plain();
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, run] of [['layer', layer], ['plain', plain]] as const) {
      const start = performance.now();
      const read = await run();
      const ms = performance.now() - start;
      if (read !== COUNT) {
        throw new Error(`${name} read ${read} messages, not ${COUNT}`);
      }
      best[name] = Math.min(best[name], ms);
    }
  }
  const rate = (ms: number): number => Math.round((COUNT / ms) * 1000);
  console.log(`peek ${COUNT} messages (best of ${ROUNDS}, sandbox page cap 250)`);
  console.log(`  product layer  ${best.layer.toFixed(0).padStart(6)} ms  ${rate(best.layer)} msgs/s`);
  console.log(`  plain SDK loop ${best.plain.toFixed(0).padStart(6)} ms  ${rate(best.plain)} msgs/s`);
  console.log(`  ratio (layer/plain throughput) ${(rate(best.layer) / rate(best.plain)).toFixed(2)}  (target >= 0.90)`);
  await connection.close();
  await client.close();
  await sandbox.stop();
}

void main();
