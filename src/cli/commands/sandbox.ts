// ct-events sandbox [--amqp-port N] [--admin-port N] [--subscriptions a,b] [--seed journey|none]
// Starts the local sandbox broker, prints its connection string, and runs until SIGINT/SIGTERM.
import { DEFAULT_SANDBOX_SUBSCRIPTIONS, SandboxOptions, startSandbox } from '../../sandbox';
import { commandRunner } from '../args';
import { UsageError, UserError } from '../io';

const command = {
  name: 'sandbox',
  summary:
    'Starts a local Service Bus-compatible broker with the topic CTEvents (a development tool, not a production broker). ' +
    'Prints the connection string on a line of its own and runs until Ctrl+C.',
  flags: {
    'amqp-port': { kind: 'value', valueName: 'N', description: 'AMQP port (default: a free port)' },
    'admin-port': { kind: 'value', valueName: 'N', description: 'management HTTP port (default: a free port)' },
    subscriptions: { kind: 'value', valueName: 'a,b', description: `subscription names (default: ${DEFAULT_SANDBOX_SUBSCRIPTIONS.join(',')})` },
    seed: { kind: 'value', valueName: 'journey|none', description: 'journey (default: the seed journey plus generated learners) or none (empty topic)' },
  },
} as const;

function parsePort(flag: string, value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new UsageError(`${flag} must be a port number from 0 to 65535, not "${value}".`);
  }
  return port;
}

function subscriptionNames(value: string): string[] {
  const names = value.split(',').map((n) => n.trim());
  if (names.some((n) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(n))) {
    throw new UsageError(`--subscriptions takes names of letters, digits, ".", "_" and "-", separated by commas, not "${value}".`);
  }
  return [...new Set(names)];
}

function seedOf(value: string): 'journey' | 'none' {
  if (value === 'journey' || value === 'none') {
    return value;
  }
  throw new UsageError(`--seed must be journey or none, not "${value}".`);
}

export const run = commandRunner(command, async (flags, io) => {
  const options: SandboxOptions = {
    amqpPort: flags['amqp-port'] === undefined ? undefined : parsePort('--amqp-port', flags['amqp-port']),
    adminPort: flags['admin-port'] === undefined ? undefined : parsePort('--admin-port', flags['admin-port']),
    subscriptions: flags.subscriptions === undefined ? undefined : subscriptionNames(flags.subscriptions),
    seed: flags.seed === undefined ? undefined : seedOf(flags.seed),
  };
  let sandbox;
  try {
    sandbox = await startSandbox(options);
  } catch (error) {
    const { code, port } = error as NodeJS.ErrnoException & { port?: number };
    throw new UserError(code === 'EADDRINUSE' ? `The sandbox could not start: port ${port ?? '?'} is already in use (choose another with --amqp-port or --admin-port).` : `The sandbox could not start: ${(error as Error).message}`);
  }
  io.out(sandbox.connectionString);
  io.out(`AMQP port: ${sandbox.amqpPort}`);
  io.out(`Management HTTP port: ${sandbox.adminPort} (named in the connection string as ManagementPort)`);
  io.out(`Topic ${sandbox.topic} with subscriptions: ${sandbox.subscriptions.join(', ')}`);
  io.out('Press Ctrl+C to stop.');
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await sandbox.stop();
  io.out('Sandbox stopped.');
  return 0;
});
