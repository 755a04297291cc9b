// The ct-events CLI run in-process (runCli with captured output) against a started sandbox,
// through the real @azure/service-bus client. The seven seed events are sent with the SDK.
import { ServiceBusClient } from '@azure/service-bus';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';
import { startSandbox, type RunningSandbox } from '../../src/sandbox';
import { SEED_TIMES, seedBodies } from '../unit/events-seed';

interface Run {
  code: number;
  out: string;
  err: string;
}

async function cli(...argv: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

async function send(connectionString: string, bodies: unknown[]): Promise<void> {
  const client = new ServiceBusClient(connectionString);
  try {
    const sender = client.createSender('CTEvents');
    await sender.sendMessages(bodies.map((body) => ({ body, contentType: 'application/json' })));
  } finally {
    await client.close();
  }
}

const SEED_TYPES = ['LOGIN', 'COURSE_START', 'MODULE_COMPLETION', 'MODULE_COMPLETION', 'COURSE_COMPLETION', 'COURSE_START', 'COURSE_START'];

describe('ct-events CLI against the sandbox', () => {
  let sandbox: RunningSandbox;
  let cs: string;

  before(async () => {
    sandbox = await startSandbox({ seed: 'none' });
    cs = sandbox.connectionString;
    await send(cs, seedBodies());
  });
  after(async () => {
    await sandbox.stop();
  });

  it('subscriptions --json lists both subscriptions with 7 active messages each', async () => {
    const run = await cli('subscriptions', '--connection-string', cs, '--json');
    assert.equal(run.code, 0, run.err);
    assert.deepEqual(JSON.parse(run.out), ['alpha', 'beta'].map((name) => ({
      name,
      activeMessageCount: 7,
      deadLetterMessageCount: 0,
      scheduledMessageCount: 0,
      transferMessageCount: 0,
      transferDeadLetterMessageCount: 0,
      topicScheduledMessageCount: 0,
    })));
  });

  it('subscriptions prints an aligned table', async () => {
    const run = await cli('subscriptions', '--connection-string', cs);
    assert.equal(run.code, 0, run.err);
    const lines = run.out.split('\n');
    assert.equal(lines.length, 3);
    assert.match(lines[0], /^subscription +active +dead-letter/);
    assert.match(lines[1], /^alpha +7 +0 /);
    assert.equal(lines[1].length, lines[0].length);
    assert.ok(!run.out.includes(cs) && !run.err.includes(cs));
  });

  it('peek --json gives the seed journey in order with the re-renders marked', async () => {
    const run = await cli('peek', '--connection-string', cs, '--subscription', 'alpha', '--json');
    assert.equal(run.code, 0, run.err);
    const records = JSON.parse(run.out) as Record<string, unknown>[];
    assert.deepEqual(records.map((r) => r.eventType), SEED_TYPES);
    assert.deepEqual(records.map((r) => r.time), SEED_TIMES);
    assert.deepEqual(records.map((r) => r.rerender), [false, false, false, false, false, true, true]);
    assert.ok(records.every((r) => r.valid === true && r.userId === 13273 && typeof r.sequenceNumber === 'string'));
    assert.deepEqual(records.map((r) => r.courseId), [null, 2475, 2475, 2475, 2475, 2475, 2475]);
    const sequence = records.map((r) => BigInt(r.sequenceNumber as string));
    assert.ok(sequence.every((n, i) => i === 0 || n > sequence[i - 1]), 'sequence numbers rise');
  });

  it('peek honours --max and --from-sequence', async () => {
    const all = JSON.parse((await cli('peek', '--connection-string', cs, '--subscription', 'beta', '--json')).out) as { sequenceNumber: string }[];
    const first = await cli('peek', '--connection-string', cs, '--subscription', 'beta', '--max', '3', '--json');
    assert.deepEqual((JSON.parse(first.out) as { eventType: string }[]).map((r) => r.eventType), SEED_TYPES.slice(0, 3));
    const rest = await cli('peek', `--connection-string=${cs}`, '--subscription=beta', '--from-sequence', all[4].sequenceNumber, '--json');
    assert.deepEqual((JSON.parse(rest.out) as { sequenceNumber: string }[]).map((r) => r.sequenceNumber), all.slice(4).map((r) => r.sequenceNumber));
    const deadLetter = await cli('peek', '--connection-string', cs, '--subscription', 'beta', '--dead-letter', '--json');
    assert.deepEqual([deadLetter.code, JSON.parse(deadLetter.out)], [0, []]);
  });

  it('peek prints one line per event in text mode', async () => {
    const run = await cli('peek', '--connection-string', cs, '--subscription', 'alpha');
    assert.equal(run.code, 0, run.err);
    const lines = run.out.split('\n');
    assert.equal(lines.length, 7);
    assert.match(lines[0], /^#\d+ +2021-02-28T17:26:45\.2810916Z +user 13273 +LOGIN$/);
    assert.match(lines[6], /COURSE_START +course course7 \(2475\) +\(re-render\)$/);
  });

  it('timeline prints the journey with re-renders marked, names as initials unless --reveal', async () => {
    const run = await cli('timeline', '--connection-string', cs, '--subscription', 'alpha');
    assert.equal(run.code, 0, run.err);
    const lines = run.out.split('\n');
    assert.equal(lines[0], 'T. T. (UserId 13273)');
    assert.doesNotMatch(run.out, /Test test/);
    const revealed = await cli('timeline', '--connection-string', cs, '--subscription', 'alpha', '--reveal');
    assert.equal(revealed.out.split('\n')[0], 'Test test (UserId 13273)');
    assert.equal(lines.length, 8);
    assert.deepEqual(lines.slice(1).map((l) => l.includes('(re-render)')), [false, false, false, false, false, true, true]);
    assert.match(lines[3], /MODULE_COMPLETION +course course7 \(2475\) +Lesson 8977 +score Not Applicable$/);
  });

  it('sandbox names the port that is already in use', async () => {
    const run = await cli('sandbox', '--amqp-port', String(sandbox.amqpPort));
    assert.deepEqual([run.code, run.out], [1, '']);
    assert.equal(run.err, `ct-events sandbox: The sandbox could not start: port ${sandbox.amqpPort} is already in use (choose another with --amqp-port or --admin-port).`);
  });

  it('refuses bad usage with exit code 2', async () => {
    for (const argv of [
      ['peek', '--connection-string', cs],
      ['peek', '--connection-string', cs, '--subscription', 'alpha', '--max', '0'],
      ['peek', '--connection-string', cs, '--subscription', 'alpha', '--max', 'lots'],
      ['peek', '--connection-string', cs, '--subscription', 'alpha', '--colour'],
      ['peek', '--connection-string', cs, '--subscription', 'alpha', '--subscription', 'beta'],
      ['subscriptions'],
      ['subscriptions', '--namespace', 'https://contoso-ct.servicebus.windows.net/'],
      ['timeline', '--connection-string', cs, '--subscription', 'alpha', '--html'],
    ]) {
      const run = await cli(...argv);
      assert.equal(run.code, 2, `${argv.join(' ')} -> ${run.err}`);
      assert.match(run.err, new RegExp(`^ct-events ${argv[0]}: `));
      assert.ok(!run.err.includes(cs), 'the connection string is never printed');
    }
  });

  it('says in one sentence, without a stack trace or the key, that a wrong key is refused', async () => {
    const wrong = cs.replace(/SharedAccessKey=[^;]+/, `SharedAccessKey=${Buffer.from('not-the-key').toString('base64')}`);
    for (const argv of [['subscriptions', '--connection-string', wrong], ['peek', '--connection-string', wrong, '--subscription', 'alpha']]) {
      const run = await cli(...argv);
      assert.equal(run.code, 1, run.err);
      assert.equal(run.out, '');
      assert.equal(run.err.split('\n').length, 1, run.err);
      assert.doesNotMatch(run.err, /\n\s+at |Error:/);
      assert.match(run.err, /refused|unauthori[sz]ed|key|credential/i, 'the sentence says what went wrong');
      assert.ok(!run.err.includes('bm90LXRoZS1rZXk'), 'the key is never printed');
    }
  });
});

describe('ct-events timeline --html', () => {
  let sandbox: RunningSandbox;
  let dir: string;

  before(async () => {
    sandbox = await startSandbox({ seed: 'none', subscriptions: ['pages'] });
    dir = await mkdtemp(join(tmpdir(), 'ct-events-cli-'));
    const bodies = seedBodies() as { MessageBody: Record<string, unknown> }[];
    for (const body of bodies) {
      body.MessageBody.FirstName = '<img src=x onerror=alert(1)>';
    }
    await send(sandbox.connectionString, [...bodies, { orderId: 42 }]);
  });
  after(async () => {
    await sandbox.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a self-contained page where a hostile learner name shows literally', async () => {
    const file = join(dir, 'timeline.html');
    const run = await cli('timeline', '--connection-string', sandbox.connectionString, '--subscription', 'pages', '--html', file, '--reveal');
    assert.equal(run.code, 0, run.err);
    assert.equal(run.out, `Wrote the timeline of 1 learner(s) to ${file}.`);
    const html = await readFile(file, 'utf8');
    assert.ok(html.includes('&#60;img src=x onerror=alert(1)&#62; test'));
    assert.ok(!html.includes('<img'));
    assert.equal((html.match(/<li class="event rerender">/g) ?? []).length, 2);
    assert.match(html, /Messages that are not CT events[\s\S]*The body is a JSON object without EventType/);
  });

  it('masks names in the page unless --reveal', async () => {
    const file = join(dir, 'masked.html');
    const run = await cli('timeline', '--connection-string', sandbox.connectionString, '--subscription', 'pages', '--html', file);
    assert.equal(run.code, 0, run.err);
    const html = await readFile(file, 'utf8');
    assert.match(html, /<h2>&#60;\. T\. <span class="muted">UserId 13273<\/span><\/h2>/);
    assert.doesNotMatch(html, /onerror| test/);
  });

  it('lists the non-CT body in peek --json too', async () => {
    const run = await cli('peek', '--connection-string', sandbox.connectionString, '--subscription', 'pages', '--json');
    const records = JSON.parse(run.out) as Record<string, unknown>[];
    assert.equal(records.length, 8);
    assert.deepEqual([records[7].eventType, records[7].valid, records[7].reason], [null, false, 'The body is a JSON object without EventType, so it is not a CT event.']);
  });
});
