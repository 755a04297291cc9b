// The real @azure/service-bus SDK and our Service Bus layer against the sandbox over loopback TCP.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ServiceBusAdministrationClient, ServiceBusClient } from '@azure/service-bus';
import { ServiceBusConnection, describeServiceBusError, parseConnectionString } from '../../src/core/servicebus';
import { RunningSandbox, startSandbox } from '../../src/sandbox';
import { encodeJsonEvent } from '../../src/sandbox/seed';
import seedJourney from '../fixtures/seed-journey.json';

const TOPIC = 'CTEvents';

function withManagementRoute(admin: ServiceBusAdministrationClient, port: number): ServiceBusAdministrationClient {
  admin.pipeline.addPolicy({
    name: 'testManagementRoute',
    sendRequest: (request, next) => {
      const url = new URL(request.url);
      request.url = `http://localhost:${port}${url.pathname}${url.search}`;
      request.allowInsecureConnection = true;
      return next(request);
    },
  });
  return admin;
}

describe('sandbox with the seven seed events sent through the SDK', () => {
  let sandbox: RunningSandbox;
  let client: ServiceBusClient;
  let connection: ServiceBusConnection;

  before(async () => {
    sandbox = await startSandbox({ seed: 'none', subscriptions: ['alpha', 'beta'] });
    client = new ServiceBusClient(sandbox.connectionString);
    const sender = client.createSender(TOPIC);
    const messages = seedJourney.map((event) => ({ body: event, contentType: 'application/json' }));
    for (const message of messages.slice(0, 3)) {
      await sender.sendMessages(message); // one delivery each
    }
    await sender.sendMessages(messages.slice(3)); // one batched delivery
    await sender.close();
    connection = new ServiceBusConnection({ kind: 'connectionString', connectionString: sandbox.connectionString });
  });

  after(async () => {
    await connection.close();
    await client.close();
    await sandbox.stop();
  });

  test('the connection string follows the emulator convention and names the management port', () => {
    const info = parseConnectionString(sandbox.connectionString);
    assert.equal(info.host, 'localhost');
    assert.equal(info.port, sandbox.amqpPort);
    assert.equal(info.usesDevelopmentEmulator, true);
    assert.equal(info.managementEndpoint, `http://localhost:${sandbox.adminPort}`);
    assert.equal(info.hasSecret, true);
    assert.ok(!JSON.stringify(info).includes('SharedAccessKey='));
  });

  test('our layer reports 7 active messages on each subscription', async () => {
    const counts = await connection.listSubscriptions(TOPIC);
    assert.deepEqual(counts.map((c) => [c.name, c.activeMessageCount, c.deadLetterMessageCount, c.totalMessageCount]), [
      ['alpha', 7, 0, 7],
      ['beta', 7, 0, 7],
    ]);
  });

  test('the administration client, routed by a pipeline policy, reports the same', async () => {
    const admin = withManagementRoute(new ServiceBusAdministrationClient(sandbox.connectionString), sandbox.adminPort);
    const alpha = await admin.getSubscriptionRuntimeProperties(TOPIC, 'alpha');
    assert.equal(alpha.activeMessageCount, 7);
    assert.equal(alpha.topicName, TOPIC);
    const topic = await admin.getTopicRuntimeProperties(TOPIC);
    assert.equal(topic.subscriptionCount, 2);
  });

  test('peek returns all 7 in order with rising sequence numbers and byte-exact JSON bodies', async () => {
    const peeked = await connection.peek({ subscription: 'alpha', maxMessages: 100 });
    assert.equal(peeked.length, 7);
    assert.deepEqual(peeked.map((m) => m.sequenceNumber), ['1', '2', '3', '4', '5', '6', '7']);
    peeked.forEach((message, i) => {
      assert.equal(message.bodyType, 'data');
      assert.equal(message.contentType, 'application/json');
      assert.equal(Buffer.from(message.body as Uint8Array).toString('utf8'), JSON.stringify(seedJourney[i]));
      assert.ok(message.enqueuedTime !== undefined && !Number.isNaN(Date.parse(message.enqueuedTime)));
    });
  });

  test('peek from a sequence number returns the rest', async () => {
    const peeked = await connection.peek({ subscription: 'beta', maxMessages: 100, fromSequenceNumber: '5' });
    assert.deepEqual(peeked.map((m) => m.sequenceNumber), ['5', '6', '7']);
  });

  test('a message dead-lettered by a peek-lock receiver shows in the counts and a dead-letter peek', async () => {
    const receiver = client.createReceiver(TOPIC, 'beta');
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 10_000 });
    assert.equal(message.sequenceNumber?.toString(), '1');
    await receiver.deadLetterMessage(message, { deadLetterReason: 'Unreadable', deadLetterErrorDescription: 'Test dead-letter' });
    await receiver.close();
    const beta = (await connection.listSubscriptions(TOPIC)).find((c) => c.name === 'beta');
    assert.equal(beta?.activeMessageCount, 6);
    assert.equal(beta?.deadLetterMessageCount, 1);
    const dead = await connection.peek({ subscription: 'beta', deadLetter: true, maxMessages: 10 });
    assert.equal(dead.length, 1);
    assert.equal(dead[0].sequenceNumber, '1');
    assert.equal(dead[0].deadLetterReason, 'Unreadable');
    assert.equal(dead[0].deadLetterErrorDescription, 'Test dead-letter');
    assert.equal(Buffer.from(dead[0].body as Uint8Array).toString('utf8'), JSON.stringify(seedJourney[0]));
  });

  test('complete removes a message, abandon gives it back', async () => {
    const receiver = client.createReceiver(TOPIC, 'alpha');
    const first = await receiver.receiveMessages(1, { maxWaitTimeInMs: 10_000 });
    const second = await receiver.receiveMessages(1, { maxWaitTimeInMs: 10_000 });
    assert.deepEqual([first[0].sequenceNumber?.toString(), second[0].sequenceNumber?.toString()], ['1', '2']);
    await receiver.completeMessage(first[0]);
    await receiver.abandonMessage(second[0]);
    await receiver.close();
    assert.deepEqual(sandbox.counts('alpha'), { active: 6, deadLetter: 0 });
    const peeked = await connection.peek({ subscription: 'alpha', maxMessages: 100 });
    assert.deepEqual(peeked.map((m) => m.sequenceNumber), ['2', '3', '4', '5', '6', '7']);
    assert.equal(peeked[0].deliveryCount, 1);
  });

  test('receive-and-delete takes the message away', async () => {
    const receiver = client.createReceiver(TOPIC, 'alpha', { receiveMode: 'receiveAndDelete' });
    const [message] = await receiver.receiveMessages(1, { maxWaitTimeInMs: 10_000 });
    await receiver.close();
    assert.equal(message.sequenceNumber?.toString(), '2');
    assert.deepEqual(sandbox.counts('alpha'), { active: 5, deadLetter: 0 });
  });

  test('an unknown subscription is reported as not existing', async () => {
    await assert.rejects(connection.peek({ subscription: 'gamma', maxMessages: 1 }), (error: unknown) => {
      assert.match(describeServiceBusError(error), /^The topic or subscription does not exist: /);
      return true;
    });
  });
});

describe('sandbox authentication and reachability', () => {
  test('a wrong SAS key is refused with a clear error', async () => {
    const sandbox = await startSandbox({ seed: 'none', key: 'right-key' });
    const wrong = sandbox.connectionString.replace('SharedAccessKey=right-key', 'SharedAccessKey=wrong-key');
    const client = new ServiceBusClient(wrong, { retryOptions: { maxRetries: 0 } });
    const connection = new ServiceBusConnection({ kind: 'connectionString', connectionString: wrong });
    try {
      await assert.rejects(client.createReceiver(TOPIC, 'alpha').peekMessages(1), (error: Error) => {
        assert.equal((error as Error & { code?: string }).code, 'UnauthorizedAccess');
        assert.match(error.message, /signature does not match the key/);
        return true;
      });
      await assert.rejects(connection.listSubscriptions(TOPIC), (error: unknown) => {
        assert.match(describeServiceBusError(error), /^The namespace refused the credentials: .*signature does not match the key\.$/);
        return true;
      });
      await assert.rejects(connection.peek({ subscription: 'alpha', maxMessages: 1 }), (error: unknown) => {
        const sentence = describeServiceBusError(error);
        assert.match(sentence, /^The namespace refused the credentials: /);
        assert.ok(!sentence.includes('wrong-key'));
        return true;
      });
    } finally {
      await connection.close();
      await client.close();
      await sandbox.stop();
    }
  });

  test('a stopped broker is reported as unreachable', async () => {
    const sandbox = await startSandbox({ seed: 'none' });
    await sandbox.stop();
    const connection = new ServiceBusConnection({ kind: 'connectionString', connectionString: sandbox.connectionString });
    try {
      await assert.rejects(connection.listSubscriptions(TOPIC), (error: unknown) => {
        assert.match(describeServiceBusError(error), /^Could not reach the namespace: /);
        return true;
      });
    } finally {
      await connection.close();
    }
  });
});

describe('peek paging', () => {
  test('peek walks short pages until it has what was asked for', async () => {
    const sandbox = await startSandbox({ seed: 'none', peekPageCap: 250 });
    for (let i = 0; i < 700; i++) {
      sandbox.publish(encodeJsonEvent({ EventType: 'LOGIN', MessageBody: { UserId: i } }));
    }
    const client = new ServiceBusClient(sandbox.connectionString);
    const connection = new ServiceBusConnection({ kind: 'connectionString', connectionString: sandbox.connectionString });
    try {
      const single = await client.createReceiver(TOPIC, 'alpha').peekMessages(600);
      assert.equal(single.length, 250, 'one SDK peek is capped by the broker');
      const progress: number[] = [];
      const peeked = await connection.peek({ subscription: 'alpha', maxMessages: 600, onProgress: (n) => progress.push(n) });
      assert.equal(peeked.length, 600);
      assert.deepEqual(progress, [250, 500, 600]);
      assert.equal(peeked[599].sequenceNumber, '600');
      assert.ok(peeked.every((m, i) => m.sequenceNumber === String(i + 1)));
    } finally {
      await connection.close();
      await client.close();
      await sandbox.stop();
    }
  });

  test('an aborted signal stops the peek', async () => {
    const sandbox = await startSandbox({ seed: 'journey' });
    const connection = new ServiceBusConnection({ kind: 'connectionString', connectionString: sandbox.connectionString });
    try {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(connection.peek({ subscription: 'alpha', maxMessages: 10, signal: controller.signal }), (error: unknown) => {
        assert.equal(describeServiceBusError(error), 'The operation was cancelled.');
        return true;
      });
    } finally {
      await connection.close();
      await sandbox.stop();
    }
  });
});
