// Dropped connections, with the real SDK against the sandbox: a peek rides out a drop and returns
// exactly the messages it would have; a broker that goes away for good fails the peek with a
// specific sentence instead of a hang; resubmitting dead letters across a drop (at a send, after
// the topic stored a copy, mid-batch, during a receive, for good) leaves every message in exactly
// one place, or in both and named a possible duplicate, without waiting out the SDK's per-try
// timeout; a file replay reports a send cut short; and stopping the sandbox with links and a peek
// pending lets the process end. Each test has a node:test timeout, so a hang fails it instead of
// blocking CI; the replay cases run with the product's 30 s per-try timeout, so one that waited it
// out would fail too.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { ServiceBusConnection, describeServiceBusError, replaySucceeded, type ConnectionOptions } from '../../src/core/servicebus';
import type { RunningSandbox } from '../../src/sandbox';
import { assertEachMessageOnce, indexesIn as indexedMessagesIn, sandboxWithDeadLetters, sandboxWithIndexed } from './replay-counting';

/** Far above what each case needs (about a second to a few) and far below the SDK's 30 s per try. */
const TIMEOUT = { timeout: 20_000 };

/** A sandbox whose alpha subscription holds messages {n: 0..count-1}, answered `pageCap` per peek. */
function sandboxWith(count: number, pageCap = 250): Promise<RunningSandbox> {
  return sandboxWithIndexed(count, { peekPageCap: pageCap });
}

function connect(sandbox: RunningSandbox, options?: ConnectionOptions): ServiceBusConnection {
  return new ServiceBusConnection({ kind: 'connectionString', connectionString: sandbox.connectionString }, options);
}

/** The n of each message body, in the order peeked. */
async function indexesIn(connection: ServiceBusConnection, deadLetter: boolean): Promise<number[]> {
  return (await indexedMessagesIn(connection, deadLetter)).map((m) => m.n);
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

/**
 * At the Nth send from now the broker stores the message but the connection is gone before its
 * answer can go out, so the client cannot know the copy was stored. (The sandbox's own
 * dropConnectionAtSend drops without storing, and its delayAnswers does not hold a send's
 * acceptance back: rhea accepts the delivery itself.) The socket is destroyed as the send is
 * counted, just before the broker stores the message.
 */
function dropAfterStoringSend(sandbox: RunningSandbox, nth: number): void {
  const faults = sandbox.faults;
  const target = faults.sends + nth;
  const onSend = faults.onSend.bind(faults);
  faults.onSend = () => {
    const verdict = onSend();
    if (faults.sends === target) {
      faults.dropConnections();
    }
    return verdict;
  };
}

describe('resubmitting dead letters across a dropped connection', () => {
  const COUNT = 200;

  test('the connection drops at a send the topic did not store: the run goes on at once, that copy is not sent again and its original is named', TIMEOUT, async () => {
    const sandbox = await sandboxWithDeadLetters(COUNT);
    const connection = connect(sandbox);
    try {
      sandbox.faults.dropConnectionAtSend(80);
      const report = await connection.resubmitDeadLetters({ subscription: 'alpha', selection: { all: true } });
      assert.deepEqual(report.failed, []);
      assert.equal(report.interrupted, undefined);
      assert.deepEqual(report.possibleDuplicates.map((d) => [d.sequenceNumber, d.uncertain]), [['80', 'send']]);
      assert.match(report.possibleDuplicates[0].reason, /dropped before the topic answered/);
      assert.equal(report.sent, COUNT - 1, 'every other copy was sent once');
      assert.equal(report.completed, COUNT - 1, 'no complete failed: the rest of the lost batch was received again, not sent on dead locks');
      const { dead } = await assertEachMessageOnce(connection, COUNT, report);
      assert.equal(dead, 1);
    } finally {
      await connection.close();
      await sandbox.stop();
    }
  });

  test('the connection drops after the topic stored a copy, before it answered: that message is in both places and named', TIMEOUT, async () => {
    const sandbox = await sandboxWithDeadLetters(COUNT);
    const connection = connect(sandbox);
    try {
      dropAfterStoringSend(sandbox, 80);
      const report = await connection.resubmitDeadLetters({ subscription: 'alpha', selection: { all: true } });
      assert.deepEqual(report.failed, []);
      assert.deepEqual(report.possibleDuplicates.map((d) => [d.sequenceNumber, d.uncertain]), [['80', 'send']]);
      assert.equal(report.sent, COUNT - 1);
      assert.equal(report.completed, COUNT - 1);
      const { active, dead } = await assertEachMessageOnce(connection, COUNT, report);
      assert.deepEqual([active, dead], [COUNT, 1], 'the stored copy once in the subscription, its original still a dead letter');
    } finally {
      await connection.close();
      await sandbox.stop();
    }
  });

  /** Resubmits every dead letter, dropping the connection once `handled` messages are done. */
  async function resubmitDroppingAfter(handled: number): Promise<{ report: Awaited<ReturnType<ServiceBusConnection['resubmitDeadLetters']>>; active: number; dead: number }> {
    const sandbox = await sandboxWithDeadLetters(COUNT);
    const connection = connect(sandbox);
    try {
      const report = await connection.resubmitDeadLetters({
        subscription: 'alpha',
        selection: { all: true },
        onProgress: (done) => {
          if (done === handled) {
            sandbox.faults.dropConnections();
          }
        },
      });
      assert.deepEqual(report.failed, []);
      assert.equal(report.interrupted, undefined);
      return { report, ...(await assertEachMessageOnce(connection, COUNT, report)) };
    } finally {
      await connection.close();
      await sandbox.stop();
    }
  }

  test('the connection drops mid-batch, before the next send: only the send in flight is uncertain, the rest of the batch is received again', TIMEOUT, async () => {
    const { report, active, dead } = await resubmitDroppingAfter(50);
    // The drop is noticed while the 51st copy is being sent: its outcome is unknown (the sandbox had not stored it).
    assert.deepEqual(report.possibleDuplicates.map((d) => d.uncertain), ['send']);
    assert.equal(report.completed, COUNT - 1);
    assert.deepEqual([active, dead], [COUNT - 1, 1]);
  });

  test('the connection drops as the next batch is received: the receive is asked again and every dead letter is resubmitted once', TIMEOUT, async () => {
    const { report, active, dead } = await resubmitDroppingAfter(100); // the default batch is 100: the drop meets the next receive
    assert.deepEqual(report, { sent: COUNT, completed: COUNT, failed: [], possibleDuplicates: [], notFound: [], cancelled: false });
    assert.deepEqual([active, dead], [COUNT, 0]);
  });

  test('the broker goes away for good between batches: the run ends with its report and says why', TIMEOUT, async () => {
    const sandbox = await sandboxWithDeadLetters(COUNT);
    const connection = connect(sandbox, { retry: { maxRetries: 1, retryDelayInMs: 100 } });
    let stopped: Promise<void> | undefined;
    try {
      const report = await connection.resubmitDeadLetters({
        subscription: 'alpha',
        selection: { all: true },
        onProgress: (done) => {
          if (done === 100) {
            stopped = sandbox.stop();
          }
        },
      });
      assert.equal(report.sent, 100);
      assert.equal(report.completed, 100);
      assert.deepEqual([report.failed, report.possibleDuplicates], [[], []]);
      assert.match(report.interrupted ?? '', /^(The connection to localhost dropped \d+ times in a row|Receiving more dead letters failed), .*after 100.* the others are still in the dead-letter queue/);
      await stopped;
      assert.deepEqual(sandbox.counts('alpha'), { active: 100, deadLetter: 100 }, 'what the broker holds: each message once');
    } finally {
      await stopped;
      await connection.close();
    }
  });
});

describe('sending events from a file across a dropped connection', () => {
  test('a broker that is gone stops the run after a few dropped sends and says which events were not sent', TIMEOUT, async () => {
    const sandbox = await sandboxWith(0);
    const connection = connect(sandbox);
    try {
      const events = range(2000).map((n) => ({ EventType: 'LOGIN', MessageBody: { n } }));
      let stopping: Promise<void> | undefined;
      const report = await connection.sendEvents(events, {
        onProgress: (sent) => {
          if (sent === 100) {
            stopping ??= sandbox.stop();
          }
        },
      });
      await stopping;
      assert.ok(report.sent >= 100 && report.sent < 2000, `sent ${report.sent}`);
      assert.ok(report.failed.length >= 1 && report.failed.length <= 4, `failed ${report.failed.length}`);
      const firstNotSent = report.sent + report.failed.length + 1;
      assert.equal(report.interrupted, `The connection to localhost dropped 4 times in a row, so the run stopped: events ${firstNotSent} to 2000 were not sent.`);
      assert.equal(replaySucceeded(report), false);
    } finally {
      await connection.close();
    }
  });

  test('a send the connection dropped under is reported, not waited out and not sent again', TIMEOUT, async () => {
    const sandbox = await sandboxWith(0);
    const connection = connect(sandbox);
    try {
      sandbox.faults.dropConnectionAtSend(5);
      const events = range(10).map((n) => ({ EventType: 'LOGIN', MessageBody: { n } }));
      const report = await connection.sendEvents(events);
      assert.equal(report.sent, 9);
      assert.equal(report.failed.length, 1);
      assert.match(report.failed[0].reason, /^event 5: the connection dropped before the topic answered, so it may or may not have been stored; it was not sent again/);
      assert.deepEqual(await indexesIn(connection, false), [0, 1, 2, 3, 5, 6, 7, 8, 9]);
    } finally {
      await connection.close();
      await sandbox.stop();
    }
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
