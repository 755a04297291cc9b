// ct-events sandbox [--amqp-port N] [--admin-port N] [--subscriptions a,b] [--seed journey|none]
// Starts the local sandbox broker, prints its connection string, and runs until SIGINT/SIGTERM.
import { DEFAULT_SANDBOX_SUBSCRIPTIONS, SandboxOptions, startSandbox } from '../../sandbox';
import { CliIo, UsageError, UserError } from '../io';

const HELP = [
  'Usage: ct-events sandbox [--amqp-port N] [--admin-port N] [--subscriptions a,b] [--seed journey|none]',
  '',
  'Starts a local Service Bus-compatible broker with the topic CTEvents (a development tool, not a',
  'production broker). Prints the connection string on a line of its own and runs until Ctrl+C.',
  '  --amqp-port      AMQP port (default: a free port)',
  '  --admin-port     management HTTP port (default: a free port)',
  `  --subscriptions  comma-separated subscription names (default: ${DEFAULT_SANDBOX_SUBSCRIPTIONS.join(',')})`,
  '  --seed           journey (default: the seed journey plus generated learners) or none (empty topic)',
].join('\n');

function parsePort(flag: string, value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) {
    throw new UsageError(`${flag} must be a port number from 0 to 65535, not "${value}".`);
  }
  return port;
}

function parseArgs(args: string[]): SandboxOptions | undefined {
  const options: SandboxOptions = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--help' || arg === '-h') {
      return undefined;
    }
    const [flag, inline] = arg.startsWith('--') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    if (!['--amqp-port', '--admin-port', '--subscriptions', '--seed'].includes(flag)) {
      throw new UsageError(`Unknown option "${arg}".`);
    }
    const value = inline ?? args[++i];
    if (value === undefined || value === '') {
      throw new UsageError(`${flag} needs a value.`);
    }
    if (flag === '--amqp-port') {
      options.amqpPort = parsePort(flag, value);
    } else if (flag === '--admin-port') {
      options.adminPort = parsePort(flag, value);
    } else if (flag === '--subscriptions') {
      const names = value.split(',').map((n) => n.trim());
      if (names.some((n) => !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(n))) {
        throw new UsageError(`--subscriptions takes names of letters, digits, ".", "_" and "-", separated by commas, not "${value}".`);
      }
      options.subscriptions = [...new Set(names)];
    } else if (value === 'journey' || value === 'none') {
      options.seed = value;
    } else {
      throw new UsageError(`--seed must be journey or none, not "${value}".`);
    }
  }
  return options;
}

export async function run(args: string[], io: CliIo): Promise<number> {
  const options = parseArgs(args);
  if (!options) {
    io.out(HELP);
    return 0;
  }
  let sandbox;
  try {
    sandbox = await startSandbox(options);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(code === 'EADDRINUSE' ? 'The sandbox could not start: a port it needs is already in use.' : `The sandbox could not start: ${(error as Error).message}`);
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
}
