// A broker that accepts TCP and never answers (a frozen host, a firewall that swallows traffic):
// each CLI command, in its own process with the product's defaults, ends with the no-answer
// sentence naming the silent host and port and exit 1, and the process ends by itself (no
// lingering socket or timer). The node:test timeouts make a hang fail.
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { type Server, type Socket, createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';

const CLI = join(__dirname, '../../src/cli/main.ts');
const NO_ANSWER = (port: number): RegExp => new RegExp(`No answer from localhost:${port} within 15 s: something accepts connections there but says nothing`);

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  out: string;
}

function runCli(args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal, out }));
  });
}

/** Accepts every connection and never writes a byte; keeps the sockets so they stay open. */
async function blackHole(): Promise<{ server: Server; port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: async () => {
      for (const socket of sockets) {
        socket.destroy();
      }
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const connectionString = (amqpPort: number, managementPort: number): string =>
  `Endpoint=sb://localhost:${amqpPort};SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=c2VjcmV0;UseDevelopmentEmulator=true;ManagementPort=${managementPort}`;

describe('a broker that accepts connections and never answers', { timeout: 120_000 }, () => {
  let amqp: Awaited<ReturnType<typeof blackHole>>;
  let management: Awaited<ReturnType<typeof blackHole>>;
  let closedPort: number;
  before(async () => {
    [amqp, management, closedPort] = await Promise.all([blackHole(), blackHole(), freePort()]);
  });
  after(async () => {
    await Promise.all([amqp.close(), management.close()]);
  });

  // Started together: each waits out the product's 15 s deadline.
  test('peek, subscriptions, replay and send end with the sentence and exit 1', async () => {
    const cs = connectionString(amqp.port, management.port);
    const amqpOnly = connectionString(amqp.port, closedPort);
    const file = join(__dirname, '../fixtures/seed-journey.json');
    const [peek, peekAmqp, subscriptions, replay, send] = await Promise.all([
      runCli(['peek', '--connection-string', cs, '--subscription', 'alpha']),
      // The management port refuses (the session check then assumes none): the AMQP open is what waits.
      runCli(['peek', '--connection-string', amqpOnly, '--subscription', 'alpha']),
      runCli(['subscriptions', '--connection-string', cs]),
      runCli(['replay', '--connection-string', cs, '--subscription', 'alpha', '--dead-letter', '--all']),
      runCli(['send', '--connection-string', cs, '--file', file]),
    ]);
    for (const [run, port] of [[peek, management.port], [peekAmqp, amqp.port], [subscriptions, management.port], [replay, management.port], [send, amqp.port]] as const) {
      assert.equal(run.signal, null, run.out);
      assert.equal(run.code, 1, run.out);
      assert.match(run.out, NO_ANSWER(port));
    }
    assert.doesNotMatch(send.out, /^Sent/m, 'nothing is reported sent');
  });

  test('doctor fails the steps that got no answer, names them, and exits 1', async () => {
    const run = await runCli(['doctor', '--connection-string', connectionString(amqp.port, management.port), '--subscription', 'alpha']);
    assert.equal(run.signal, null, run.out);
    assert.equal(run.code, 1, run.out);
    assert.match(run.out, new RegExp(`PASSED  Port ${amqp.port} is reachable`));
    // The peek first reads whether the subscription needs sessions, from the silent management port.
    assert.match(run.out, new RegExp(`FAILED  You can peek \\(Azure Service Bus Data Receiver or more\\)\\n\\s+${NO_ANSWER(management.port).source}`));
    assert.match(run.out, new RegExp(`FAILED  You can read counts \\(Azure Service Bus Data Owner\\)\\n\\s+${NO_ANSWER(management.port).source}`));
    assert.match(run.out, /SKIPPED Subscriptions\n\s+Not checked: the management feed could not be read/);
    assert.doesNotMatch(run.out, /Fix: .*IAM/, 'a silent broker is not a missing role');
  });
});

describe('a sandbox frozen with SIGSTOP', { timeout: 120_000 }, () => {
  let sandbox: ChildProcess | undefined;
  after(() => {
    if (sandbox?.pid !== undefined && sandbox.exitCode === null) {
      sandbox.kill('SIGCONT');
      sandbox.kill('SIGKILL');
    }
  });

  test('peek ends with the sentence naming the frozen port and exits 1', async () => {
    const [amqpPort, adminPort] = [await freePort(), await freePort()];
    const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'sandbox', '--amqp-port', String(amqpPort), '--admin-port', String(adminPort)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    sandbox = child;
    const cs = await new Promise<string>((resolve, reject) => {
      let text = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        const line = text.split('\n').find((l) => l.startsWith('Endpoint='));
        if (line !== undefined) {
          resolve(line.trim());
        }
      });
      child.once('exit', () => reject(new Error(`the sandbox ended: ${text}`)));
    });
    assert.equal((await runCli(['subscriptions', '--connection-string', cs])).code, 0, 'the sandbox answers before it is frozen');
    child.kill('SIGSTOP');
    const run = await runCli(['peek', '--connection-string', cs, '--subscription', 'alpha']);
    assert.equal(run.signal, null, run.out);
    assert.equal(run.code, 1, run.out);
    assert.match(run.out, NO_ANSWER(adminPort));
  });
});
