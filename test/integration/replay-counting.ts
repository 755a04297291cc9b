// Counting after a resubmit, shared by the replay and dropped-connection tests: seeded dead letters
// carry {n: 0..count-1} in their bodies, and afterwards each n must be in exactly one place (the
// subscription or its dead-letter queue), or in both when the report names it a possible duplicate.
import assert from 'node:assert/strict';
import type { ReplayReport, ServiceBusConnection } from '../../src/core/servicebus';
import { RunningSandbox, startSandbox, type SandboxOptions } from '../../src/sandbox';
import { encodeJsonEvent } from '../../src/sandbox/seed';

/** A sandbox whose `alpha` subscription holds `count` messages with bodies {n: 0..count-1}. */
export async function sandboxWithIndexed(count: number, options: SandboxOptions = {}): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ seed: 'none', subscriptions: ['alpha'], ...options });
  for (let n = 0; n < count; n++) {
    sandbox.publish(encodeJsonEvent({ EventType: 'LOGIN', MessageBody: { n } }));
  }
  return sandbox;
}

/** The same, with every message moved to alpha's dead-letter queue. */
export async function sandboxWithDeadLetters(count: number, options: SandboxOptions = {}): Promise<RunningSandbox> {
  const sandbox = await sandboxWithIndexed(count, options);
  assert.equal(sandbox.deadLetterActive('alpha', 'TestDeadLetter'), count);
  return sandbox;
}

/** The n of each message body in alpha (or its dead-letter queue), with its sequence number, in queue order. */
export async function indexesIn(connection: ServiceBusConnection, deadLetter: boolean): Promise<Array<{ n: number; sequenceNumber: string }>> {
  const messages = await connection.peek({ subscription: 'alpha', deadLetter, maxMessages: 100_000 });
  return messages.map((m) => ({
    n: (JSON.parse(Buffer.from(m.body as Uint8Array).toString('utf8')) as { MessageBody: { n: number } }).MessageBody.n,
    sequenceNumber: m.sequenceNumber,
  }));
}

/**
 * Every index 0..count-1 is in exactly one place, or in both when the report names its original a
 * possible duplicate; no copy is in the subscription twice. A possible duplicate that is certain
 * (no `uncertain`) is in both places; one whose send is uncertain is still in the dead-letter queue;
 * one whose complete is uncertain has its copy in the subscription. The counts in the report match.
 */
export async function assertEachMessageOnce(connection: ServiceBusConnection, count: number, report: ReplayReport): Promise<{ active: number; dead: number }> {
  const active = await indexesIn(connection, false);
  const dead = await indexesIn(connection, true);
  const activeIndexes = new Set(active.map((m) => m.n));
  assert.equal(activeIndexes.size, active.length, 'no message has two copies in the subscription');
  const deadBySequence = new Map(dead.map((m) => [m.sequenceNumber, m.n]));
  const named = new Map(report.possibleDuplicates.map((d) => [d.sequenceNumber, d]));
  const seen = new Map<number, number>();
  for (const { n } of [...active, ...dead]) {
    seen.set(n, (seen.get(n) ?? 0) + 1);
  }
  for (let n = 0; n < count; n++) {
    assert.ok((seen.get(n) ?? 0) >= 1, `message ${n} is somewhere`);
  }
  for (const { n, sequenceNumber } of dead) {
    if (activeIndexes.has(n)) {
      assert.ok(named.has(sequenceNumber), `message ${n} (#${sequenceNumber}) is in both places and is named a possible duplicate`);
    }
  }
  let uncertainSendsStored = 0;
  for (const duplicate of report.possibleDuplicates) {
    const n = deadBySequence.get(duplicate.sequenceNumber);
    if (duplicate.uncertain === 'complete') {
      continue; // its copy is counted in sent; its original may or may not be left
    }
    assert.ok(n !== undefined, `possible duplicate #${duplicate.sequenceNumber} is still in the dead-letter queue`);
    if (duplicate.uncertain === 'send') {
      uncertainSendsStored += activeIndexes.has(n) ? 1 : 0;
    } else {
      assert.ok(activeIndexes.has(n), `possible duplicate #${duplicate.sequenceNumber} has its copy in the subscription`);
    }
  }
  assert.equal(active.length, report.sent + uncertainSendsStored, 'copies in the subscription: those sent, and those whose send was uncertain and stored');
  const uncertainCompletesDone = report.possibleDuplicates.filter((d) => d.uncertain === 'complete' && !deadBySequence.has(d.sequenceNumber)).length;
  assert.equal(dead.length, count - report.completed - uncertainCompletesDone, 'dead letters left: those not completed');
  return { active: active.length, dead: dead.length };
}
