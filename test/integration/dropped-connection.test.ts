// Dropped connections, with the real SDK against the sandbox: a peek rides out a drop and returns
// exactly the messages it would have; a broker that goes away for good fails the peek with a
// specific sentence instead of a hang; resubmitting dead letters across a drop leaves every
// message in exactly one place (or in both, named a possible duplicate); and stopping the sandbox
// with links and a peek pending lets the process end. Each test has a node:test timeout, so a
// hang fails it instead of blocking CI.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ServiceBusConnection, describeServiceBusError, type ConnectionOptions, type ReplayReport } from '../../src/core/servicebus';
import { RunningSandbox, startSandbox } from '../../src/sandbox';
import { encodeJsonEvent } from '../../src/sandbox/seed';

/** Far above what each case needs (about a second to a few) and far below the SDK's 30 s per try. */
const TIMEOUT = { timeout: 20_000 };

/** A sandbox whose alpha subscription holds messages {n: 0..count-1}, answered `pageCap` per peek. */
async function sandboxWith(count: number, pageCap = 250): Promise<RunningSandbox> {
  const sandbox = await startSandbox({ seed: 'none', subscriptions: ['alpha'], peekPageCap: pageCap });
  for (let n = 0; n < count; n++) {
    sandbox.publish(encodeJsonEvent({ EventType: 'LOGIN', MessageBody: { n } }));
  }
  return sandbox;
}

function connect(sandbox: RunningSandbox, options?: ConnectionOptions): ServiceBusConnection {
  return new ServiceBusConnection({ kind: 'connectionString', connectionString: sandbox.connectionString }, options);
}

/** The n of each message body, in the order peeked. */
async function indexesIn(connection: ServiceBusConnection, deadLetter: boolean): Promise<number[]> {
  const messages = await connection.peek({ subscription: 'alpha', deadLetter, maxMessages: 100_000 });
  return messages.map((m) => (JSON.parse(Buffer.from(m.body as Uint8Array).toString('utf8')) as { MessageBody: { n: number } }).MessageBody.n);
}

const range = (count: number): number[] => Array.from({ length: count }, (_, n) => n);

describe('a peek while the connection drops', () => {
  test('one drop mid-peek: the page is asked again on a new connection and the messages are exactly those without a drop', TIMEOUT, async () => {
    const sandbox = await sandboxWith(100, 10);
    const connection = connect(sandbox);
    try {
      sandbox.faults.dropConnectionAtPeek(4); // the 4th page of 10 is lost with its connection
      const peeked = await connection.peek({ subscription: 'alpha', maxMessages: 1000 });
      assert.deepEqual(peeked.map((m) => Number(m.sequenceNumber)), range(100).map((n) => n + 1));
      assert.deepEqual(await indexesIn(connection, false), range(100));
    } finally {
      await connection.close();
      await sandbox.stop();
    }
  });

  test('drops on every try: after three drops in a row the peek fails, naming the drops and how far it got', TIMEOUT, async () => {
    const sandbox = await sandboxWith(30, 10);
    const connection = connect(sandbox);
    try {
      for (let nth = 2; nth <= 5; nth++) {
        sandbox.faults.dropConnectionAtPeek(nth); // the first page is answered, then every try of the second drops
      }
      const error = await connection.peek({ subscription: 'alpha', maxMessages: 1000 }).then(() => undefined, (e: unknown) => e);
      assert.ok(error instanceof Error, 'the peek fails');
      assert.equal(error.name, 'ConnectionDroppedError');
      assert.match(
        describeServiceBusError(error),
        /^The connection to localhost:\d+ dropped 4 times in a row while peeking, after 10 messages; check the network \(or the namespace's status\) and try again\.$/,
      );
      assert.deepEqual(await indexesIn(connection, false), range(30), 'the next peek reads everything again');
    } finally {
      await connection.close();
      await sandbox.stop();
    }
  });

  test('the broker goes away for good mid-peek: a specific error, not a hang', TIMEOUT, async () => {
    const sandbox = await sandboxWith(100, 10);
    const connection = connect(sandbox);
    let stopped: Promise<void> | undefined;
    let peeks = 0;
    sandbox.faults.delayPeek = () => {
      peeks += 1;
      if (peeks !== 3) {
        return undefined;
      }
      stopped = sandbox.stop(); // the third page is never answered: the broker is gone
      return new Promise<void>(() => undefined);
    };
    try {
      const error = await connection.peek({ subscription: 'alpha', maxMessages: 1000 }).then(() => undefined, (e: unknown) => e);
      assert.ok(error !== undefined, 'the peek fails');
      assert.match(
        describeServiceBusError(error),
        /^Could not reach the namespace again after the connection dropped while peeking \(20 messages read\): connect ECONNREFUSED 127\.0\.0\.1:\d+\.$/,
      );
      assert.equal(peeks, 3, 'no page was asked for after the broker went away');
    } finally {
      await stopped;
      await connection.close();
    }
  });
});

/** Every index 0..count-1 once in alpha or its dead-letter queue, or in both when the report names it a possible duplicate. */
async function assertEachMessageOnce(connection: ServiceBusConnection, count: number, report: ReplayReport): Promise<void> {
  const active = await indexesIn(connection, false);
  const dead = await indexesIn(connection, true);
  const inBoth = new Set(dead.filter((n) => active.includes(n)));
  const seen = new Map<number, number>();
  for (const n of [...active, ...dead]) {
    seen.set(n, (seen.get(n) ?? 0) + 1);
  }
  for (const n of range(count)) {
    assert.equal(seen.get(n), inBoth.has(n) ? 2 : 1, `message ${n}`);
  }
  assert.equal(inBoth.size, report.possibleDuplicates.length, 'each message in both places is named a possible duplicate');
  assert.equal(active.length, report.sent);
  assert.equal(dead.length, count - report.completed);
}

describe('resubmitting dead letters across a dropped connection', () => {
  const COUNT = 200;
  /**
   * A send in flight when its connection drops is only given up at the per-try timeout (the SDK
   * does not fail it on the drop): 2 s instead of the product's 30 s keeps this test at seconds.
   */
  const SHORT_TRIES: ConnectionOptions = { retry: { timeoutInMs: 2000 } };

  async function deadLetters(): Promise<RunningSandbox> {
    const sandbox = await sandboxWith(COUNT);
    assert.equal(sandbox.deadLetterActive('alpha', 'TestDeadLetter'), COUNT);
    return sandbox;
  }

  test('the connection drops at a send: every message is found once, and the copies whose originals kept their place are named', TIMEOUT, async () => {
    const sandbox = await deadLetters();
    const connection = connect(sandbox, SHORT_TRIES);
    try {
      sandbox.faults.dropConnectionAtSend(80);
      const report = await connection.resubmitDeadLetters({ subscription: 'alpha', selection: { all: true }, idleWaitMs: 500 });
      assert.equal(report.sent, COUNT, 'the lost send was tried again on a new connection');
      assert.deepEqual(report.failed, []);
      assert.ok(report.possibleDuplicates.length > 0, 'the originals locked on the dropped connection could not be completed');
      for (const duplicate of report.possibleDuplicates) {
        assert.match(duplicate.reason, /lock/i);
      }
      await assertEachMessageOnce(connection, COUNT, report);
    } finally {
      await connection.close();
      await sandbox.stop();
    }
  });

  /** Resubmits every dead letter, dropping the connection once `handled` messages are done. */
  async function resubmitDroppingAfter(handled: number): Promise<void> {
    const sandbox = await deadLetters();
    const connection = connect(sandbox, SHORT_TRIES);
    try {
      const report = await connection.resubmitDeadLetters({
        subscription: 'alpha',
        selection: { all: true },
        idleWaitMs: 500,
        onProgress: (done) => {
          if (done === handled) {
            sandbox.faults.dropConnections();
          }
        },
      });
      assert.equal(report.sent + report.failed.length, COUNT);
      await assertEachMessageOnce(connection, COUNT, report);
    } finally {
      await connection.close();
      await sandbox.stop();
    }
  }

  test('the connection drops mid-batch, under a send or a complete: every message is found once', TIMEOUT, async () => {
    await resubmitDroppingAfter(50);
  });

  test('the connection drops as the next batch is received: the run still ends with its report', {
    ...TIMEOUT,
    // Seen here: the receive in flight fails with the SDK's "Unknown error occurred on the AMQP
    // connection while receiving messages.", and resubmitDeadLetters (replay.ts) rethrows it, so the
    // report of the 100 messages already resubmitted is lost. Passes once a failed receive ends the run with its report.
    todo: 'replay.ts: a receive that fails on a dropped connection loses the report',
  }, async () => {
    await resubmitDroppingAfter(100); // the default batch is 100: the drop meets the next receive
  });
});

describe('stopping the sandbox with work pending', () => {
  test('stop() returns with a receiver link open and a peek unanswered, and the process can end', TIMEOUT, async () => {
    // In a child process, because what hung before was the process itself: a connection the
    // sandbox had destroyed kept a heartbeat timer running, so node never exited.
    const child = spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'stop-with-pending-work.ts')], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 15_000, // killed then, so a hang shows as exit code null rather than an orphan process
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    assert.equal(code, 0, err);
    assert.deepEqual(out.trim().split('\n'), [
      'peek pending',
      'stopped',
      'peek failed: Could not reach the namespace again after the connection dropped while peeking (0 messages read): connect ECONNREFUSED 127.0.0.1:PORT.',
      'client closed',
    ]);
  });
});
