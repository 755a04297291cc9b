// Resubmitting dead letters with the real SDK against the sandbox: copies keep their bytes and
// properties, and with a failed send, a failed complete or a Cancel part way through 1,000 dead
// letters every message is found exactly once afterwards (or twice, when the report names it a
// possible duplicate). Purge removes what the queue held, across several receives.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ServiceBusClient } from '@azure/service-bus';
import { message as rheaMessage } from 'rhea';
import { typedProperties } from '../../src/core/events';
import { ServiceBusConnection, replaySucceeded } from '../../src/core/servicebus';
import { RunningSandbox, startSandbox } from '../../src/sandbox';
import { encodeJsonEvent } from '../../src/sandbox/seed';
import { TYPED_PROPERTIES, TYPED_PROPERTY_CODES } from '../unit/amqp-samples';
import { assertEachMessageOnce, sandboxWithDeadLetters } from './replay-counting';

const TOPIC = 'CTEvents';

/** alpha takes everything; beta only messages with application property route=beta; gamma has a SQL filter. */
const SUBSCRIPTIONS = [
  { name: 'alpha' },
  { name: 'beta', rules: [{ name: 'onlyBeta', filter: { kind: 'correlation' as const, applicationProperties: { route: 'beta' } } }] },
  { name: 'gamma', rules: [{ name: 'sql', filter: { kind: 'sql' as const, expression: "route = 'gamma'" } }] },
];

function connect(sandbox: RunningSandbox): ServiceBusConnection {
  return new ServiceBusConnection({ kind: 'connectionString', connectionString: sandbox.connectionString });
}

describe('resubmit keeps the copy exact', () => {
  let sandbox: RunningSandbox;
  let connection: ServiceBusConnection;
  let client: ServiceBusClient;

  before(async () => {
    sandbox = await startSandbox({ seed: 'none', subscriptions: SUBSCRIPTIONS });
    client = new ServiceBusClient(sandbox.connectionString);
    connection = connect(sandbox);
  });

  after(async () => {
    await connection.close();
    await client.close();
    await sandbox.stop();
  });

  test('body bytes, body section type and properties survive; dead-letter fields do not', async () => {
    const sender = client.createSender(TOPIC);
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d, 0x00, 0xff]); // a BOM, "{}", then bytes no JSON parser keeps
    const when = new Date('2021-03-04T05:06:07.089Z');
    await sender.sendMessages({
      body: bytes, contentType: 'application/octet-stream', subject: 'LOGIN', correlationId: 'corr-1', messageId: 'id-1',
      applicationProperties: { route: 'beta', count: 7, flag: true, when },
    });
    await sender.sendMessages({ body: 'text in a value section', messageId: 'id-2', applicationProperties: { route: 'none' } });
    await sender.close();
    // Stamp a value section explicitly for the second message: the SDK sends strings as data by default.
    const receiver = client.createReceiver(TOPIC, 'alpha');
    for (const message of await receiver.receiveMessages(2, { maxWaitTimeInMs: 5000 })) {
      await receiver.deadLetterMessage(message, { deadLetterReason: 'Poison', deadLetterErrorDescription: 'test' });
    }
    await receiver.close();
    sandbox.publish(rheaMessage.encode({ message_id: 'id-3', body: rheaMessage.data_section(Buffer.from('x')) }) as unknown as Buffer);
    const valueMessage = rheaMessage.encode({ message_id: 'id-4', content_type: 'application/json', body: '{"a":1}' }) as unknown as Buffer;
    sandbox.publish(valueMessage);
    assert.equal(sandbox.deadLetterActive('alpha', 'Poison'), 2);

    const original = await connection.peek({ subscription: 'alpha', deadLetter: true, maxMessages: 10 });
    assert.equal(original.length, 4);
    const betaBefore = sandbox.counts('beta')?.active ?? 0;
    const gammaBefore = sandbox.counts('gamma')?.active ?? 0;

    const preview = await connection.replayPreview({ subscription: 'alpha', selection: { all: true } });
    assert.deepEqual(preview.audience.map((a) => [a.subscription, a.receives, a.mayReceive]), [
      ['alpha', 4, 0],
      ['beta', 1, 0],
      ['gamma', 0, 4],
    ]);

    const report = await connection.resubmitDeadLetters({ subscription: 'alpha', selection: { all: true }, idleWaitMs: 500 });
    assert.deepEqual(report, { sent: 4, completed: 4, failed: [], possibleDuplicates: [], notFound: [], cancelled: false });
    assert.ok(replaySucceeded(report));

    const copies = await connection.peek({ subscription: 'alpha', maxMessages: 10 });
    assert.equal(copies.length, 4);
    for (const copy of copies) {
      const source = original.find((o) => o.messageId === copy.messageId);
      assert.ok(source, `copy ${copy.messageId} has its original's message id`);
      assert.equal(copy.bodyType, source.bodyType);
      if (source.bodyType === 'data') {
        assert.deepEqual(Buffer.from(copy.body as Uint8Array), Buffer.from(source.body as Uint8Array));
      } else {
        assert.deepEqual(copy.body, source.body);
      }
      assert.equal(copy.contentType, source.contentType);
      assert.equal(copy.subject, source.subject);
      assert.equal(copy.correlationId, source.correlationId);
      const { DeadLetterReason, DeadLetterErrorDescription, ...kept } = source.applicationProperties ?? {};
      assert.deepEqual([DeadLetterReason, DeadLetterErrorDescription], ['Poison', source.bodyType === 'value' || source.messageId === 'id-3' ? 'Moved by the sandbox for a test.' : 'test']);
      assert.deepEqual(copy.applicationProperties ?? {}, kept);
      assert.equal(copy.deadLetterReason, undefined);
    }
    const first = copies.find((c) => c.messageId === 'id-1');
    assert.deepEqual(Buffer.from(first?.body as Uint8Array), Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d, 0x00, 0xff]));
    assert.deepEqual(first?.applicationProperties, { route: 'beta', count: 7, flag: true, when });
    assert.equal(copies.find((c) => c.messageId === 'id-4')?.bodyType, 'value');
    assert.equal(sandbox.counts('alpha')?.deadLetter, 0);
    assert.equal(sandbox.counts('beta')?.active, betaBefore + 1, 'the correlation filter let only the route=beta copy in');
    assert.equal(sandbox.counts('gamma')?.active, gammaBefore + 4, 'the sandbox lets everything through a SQL filter');
  });

  test('a selection by sequence number, with new message ids, names what it did not find', async () => {
    await connection.purgeDeadLetters({ subscription: 'alpha' });
    for (let n = 0; n < 5; n++) {
      sandbox.publish(encodeJsonEvent({ EventType: 'LOGIN', MessageBody: { n } }));
    }
    sandbox.deadLetterActive('alpha', 'Test');
    const dead = await connection.peek({ subscription: 'alpha', deadLetter: true, maxMessages: 10 });
    const picked = [dead[1].sequenceNumber, dead[3].sequenceNumber];
    const report = await connection.resubmitDeadLetters({
      subscription: 'alpha', selection: { sequenceNumbers: [...picked, '999999'] }, newMessageId: true, idleWaitMs: 500,
    });
    assert.equal(report.sent, 2);
    assert.equal(report.completed, 2);
    assert.deepEqual(report.notFound, ['999999']);
    assert.ok(!replaySucceeded(report));
    const left = await connection.peek({ subscription: 'alpha', deadLetter: true, maxMessages: 10 });
    assert.deepEqual(left.map((m) => m.sequenceNumber), dead.filter((m) => !picked.includes(m.sequenceNumber)).map((m) => m.sequenceNumber));
    const copies = (await connection.peek({ subscription: 'alpha', maxMessages: 100 })).slice(-2);
    for (const [i, copy] of copies.entries()) {
      const source = dead[i === 0 ? 1 : 3];
      assert.notEqual(copy.messageId, source.messageId);
      assert.deepEqual(Buffer.from(copy.body as Uint8Array), Buffer.from(source.body as Uint8Array));
    }
    assert.equal(left.every((m) => m.deliveryCount !== undefined), true);
  });

  test('purge empties the dead-letter queue and says how many it removed', async () => {
    const before = sandbox.counts('alpha')?.deadLetter ?? 0;
    assert.ok(before > 0);
    assert.equal(await connection.purgeDeadLetters({ subscription: 'alpha' }), before);
    assert.equal(sandbox.counts('alpha')?.deadLetter, 0);
  });
});

describe('purge', () => {
  test('removes as many dead letters as the queue held, across several receives, and leaves the active messages', { timeout: 20_000 }, async () => {
    const sandbox = await sandboxWithDeadLetters(600);
    const connection = connect(sandbox);
    try {
      for (let n = 0; n < 3; n++) {
        sandbox.publish(encodeJsonEvent({ EventType: 'LOGIN', MessageBody: { n } }));
      }
      const progress: number[] = [];
      assert.equal(await connection.purgeDeadLetters({ subscription: 'alpha', onProgress: (removed) => progress.push(removed) }), 600);
      assert.deepEqual(sandbox.counts('alpha'), { active: 3, deadLetter: 0 });
      assert.equal(progress.at(-1), 600);
      assert.ok(progress.length >= 3, 'a receive takes at most 250');
    } finally {
      await connection.close();
      await sandbox.stop();
    }
  });
});

describe('a copy keeps the AMQP type of each application property', () => {
  const PROPERTIES = TYPED_PROPERTIES;

  test('written by a raw rhea sender, dead-lettered, resubmitted: the copy has the same type codes and values', async () => {
    const sandbox = await startSandbox({ seed: 'none', subscriptions: [{ name: 'alpha' }] });
    const connection = connect(sandbox);
    try {
      sandbox.publish(rheaMessage.encode({ message_id: 'typed', body: rheaMessage.data_section(Buffer.from('{}')), application_properties: PROPERTIES } as Parameters<typeof rheaMessage.encode>[0]));
      assert.equal(sandbox.deadLetterActive('alpha', 'Typed'), 1);
      const [original] = sandbox.storedApplicationProperties('alpha', 'deadLetter');
      const codes = Object.fromEntries(Object.entries(original).map(([name, v]) => [name, v.typecode]));
      assert.deepEqual(codes, TYPED_PROPERTY_CODES, 'the original as the sandbox stored it');

      // Peeked, the properties show as their types.
      const [peeked] = await connection.peek({ subscription: 'alpha', deadLetter: true, maxMessages: 10 });
      const typed = typedProperties(peeked);
      assert.deepEqual([typed.longHuge.type, typed.longHuge.display], ['long', '1152921504606846979']);
      assert.deepEqual([typed.uuid.type, typed.uuid.display], ['uuid', '0f8fad5b-d9cb-469f-a165-70867728950e']);
      assert.deepEqual([typed.longSmall.type, typed.doubleWhole.type, typed.float.display, typed.char.display], ['long', 'double', '0.1', '😀']);
      assert.deepEqual([typed.symbol.type, typed.booleanByte.display, typed.DeadLetterReason.type], ['symbol', 'false', 'string']);

      const report = await connection.resubmitDeadLetters({ subscription: 'alpha', selection: { all: true } });
      assert.deepEqual(report, { sent: 1, completed: 1, failed: [], possibleDuplicates: [], notFound: [], cancelled: false });
      const [copy] = sandbox.storedApplicationProperties('alpha', 'active');
      assert.deepEqual(copy, original, 'every property with the same AMQP type code and value, no dead-letter fields');
      assert.equal(sandbox.counts('alpha')?.deadLetter, 0);
    } finally {
      await connection.close();
      await sandbox.stop();
    }
  });
});

describe('resubmitting 1,000 dead letters with faults part way', () => {
  const COUNT = 1000;

  test('a send that fails leaves its original in the dead-letter queue', async () => {
    const sandbox = await sandboxWithDeadLetters(COUNT);
    const connection = connect(sandbox);
    try {
      sandbox.faults.failSend(300, { condition: 'amqp:not-allowed' });
      const report = await connection.resubmitDeadLetters({ subscription: 'alpha', selection: { all: true }, idleWaitMs: 500 });
      assert.equal(report.sent, COUNT - 1);
      assert.equal(report.completed, COUNT - 1);
      assert.equal(report.failed.length, 1);
      assert.equal(report.failed[0].stage, 'send');
      assert.deepEqual(report.possibleDuplicates, []);
      const { dead } = await assertEachMessageOnce(connection, COUNT, report);
      assert.equal(dead, 1);
    } finally {
      await connection.close();
      await sandbox.stop();
    }
  });

  test('a send refused through every SDK retry fails the same way', async () => {
    const sandbox = await sandboxWithDeadLetters(50);
    const connection = connect(sandbox);
    try {
      sandbox.faults.failSend(10, { times: 3 }); // amqp:internal-error: the SDK tries three times
      const report = await connection.resubmitDeadLetters({ subscription: 'alpha', selection: { all: true }, idleWaitMs: 500 });
      assert.equal(report.failed.length, 1);
      await assertEachMessageOnce(connection, 50, report);
    } finally {
      await connection.close();
      await sandbox.stop();
    }
  });

  test('a complete that fails makes the report name a possible duplicate', async () => {
    const sandbox = await sandboxWithDeadLetters(COUNT);
    const connection = connect(sandbox);
    try {
      sandbox.faults.failSettle(500, { condition: 'amqp:not-allowed' });
      const report = await connection.resubmitDeadLetters({ subscription: 'alpha', selection: { all: true }, idleWaitMs: 500 });
      assert.equal(report.sent, COUNT);
      assert.equal(report.completed, COUNT - 1);
      assert.deepEqual(report.failed, []);
      assert.equal(report.possibleDuplicates.length, 1);
      const { dead } = await assertEachMessageOnce(connection, COUNT, report);
      assert.equal(dead, 1);
      const [duplicate] = await connection.peek({ subscription: 'alpha', deadLetter: true, maxMessages: 1 });
      assert.equal(duplicate.sequenceNumber, report.possibleDuplicates[0].sequenceNumber);
    } finally {
      await connection.close();
      await sandbox.stop();
    }
  });

  test('Cancel part way stops between messages', async () => {
    const sandbox = await sandboxWithDeadLetters(COUNT);
    const connection = connect(sandbox);
    try {
      const controller = new AbortController();
      const report = await connection.resubmitDeadLetters({
        subscription: 'alpha',
        selection: { all: true },
        signal: controller.signal,
        onProgress: (handled) => {
          if (handled === 400) {
            controller.abort();
          }
        },
      });
      assert.equal(report.cancelled, true);
      assert.equal(report.sent, 400);
      assert.equal(report.completed, 400);
      const { dead } = await assertEachMessageOnce(connection, COUNT, report);
      assert.equal(dead, COUNT - 400);
    } finally {
      await connection.close();
      await sandbox.stop();
    }
  });
});
