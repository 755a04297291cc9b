// Benchmark: peek 10,000 messages from the sandbox through the product's Service Bus layer
// (paged peek, PeekedMessage mapping) and, side by side, through a plain peekMessages loop on the
// same SDK. Prints messages per second for each and the ratio; asserts nothing (target: the
// layer within 10% of the plain loop). Runs alternate so warm-up favours neither.
// Then holds the 10,000 messages each way and prints how much ArrayBuffer memory they keep
// against the sum of their body sizes (target for the layer: <= 1.2): the SDK's bodies are views
// into whole peek answers, the layer's own only their bytes.
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ServiceBusClient, ServiceBusReceivedMessage } from '@azure/service-bus';
import Long from 'long';
import { ServiceBusConnection } from '../src/core/servicebus';
import { startSandbox } from '../src/sandbox';
import { encodeJsonEvent } from '../src/sandbox/seed';

// BENCH_PEEK_COUNT=100000 checks the largest stream (slower: a few minutes).
const COUNT = Number(process.env.BENCH_PEEK_COUNT ?? 10_000);
const ROUNDS = 3;

async function main(): Promise<void> {
  const sandbox = await startSandbox({ seed: 'none', subscriptions: ['alpha'] });
  for (let i = 0; i < COUNT; i++) {
    sandbox.publish(encodeJsonEvent({ EventType: 'MODULE_COMPLETION', MessageBody: { UserId: i % 100, CourseId: 7, CompletionDate: '2021-03-01T09:00:00Z' } }));
  }
  const connection = new ServiceBusConnection({ kind: 'connectionString', connectionString: sandbox.connectionString });
  const client = new ServiceBusClient(sandbox.connectionString);

  const layer = async (): Promise<number> => (await connection.peek({ subscription: 'alpha', maxMessages: COUNT })).length;
  const plainMessages = async (): Promise<ServiceBusReceivedMessage[]> => {
    const receiver = client.createReceiver('CTEvents', 'alpha', { skipParsingBodyAsJson: true });
    const messages: ServiceBusReceivedMessage[] = [];
    let next = Long.ONE;
    while (messages.length < COUNT) {
      const page = await receiver.peekMessages(COUNT - messages.length, { fromSequenceNumber: next });
      const last = page.at(-1)?.sequenceNumber;
      if (page.length === 0 || last === undefined) {
        break;
      }
      messages.push(...page);
      next = last.add(1);
    }
    await receiver.close();
    return messages;
  };
  const plain = async (): Promise<number> => (await plainMessages()).length;

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

  console.log(`hold ${COUNT} peeked messages: ArrayBuffer memory kept / sum of body sizes`);
  for (const [name, read] of [
    ['product layer ', async () => (await connection.peek({ subscription: 'alpha', maxMessages: COUNT })).map((m) => m.body)],
    ['plain SDK loop', async () => (await plainMessages()).map((m) => m.body)],
  ] as const) {
    const { kept, bodies } = await arrayBuffersKeptBy(read);
    console.log(`  ${name} ${(kept / 1e6).toFixed(2).padStart(6)} MB for ${(bodies / 1e6).toFixed(2)} MB of bodies  ratio ${(kept / bodies).toFixed(2)}  (target <= 1.2 for the layer)`);
  }
  await connection.close();
  await client.close();
  await sandbox.stop();
}

/** Runnable without --expose-gc: the flag is set at run time and the function read from a new context. */
const gc: () => void = (() => {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
})();

/** Full collections with turns of the event loop between them, so freed ArrayBuffers are swept before a reading. */
async function collectGarbage(): Promise<void> {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * ArrayBuffer memory (process.memoryUsage().arrayBuffers, after a full collection) that the
 * bodies `read` returns keep alive, and the sum of their sizes. The sandbox runs in this process:
 * its stored messages are in both readings and cancel out.
 */
async function arrayBuffersKeptBy(read: () => Promise<unknown[]>): Promise<{ kept: number; bodies: number }> {
  await collectGarbage();
  const before = process.memoryUsage().arrayBuffers;
  const held = await read();
  await collectGarbage();
  const kept = process.memoryUsage().arrayBuffers - before;
  const bodies = held.reduce<number>((sum, body) => sum + (body as Uint8Array).byteLength, 0);
  return { kept, bodies };
}

void main();
