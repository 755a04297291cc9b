// ct-events sandbox [--amqp-port N] [--admin-port N] [--subscriptions a,b] [--seed journey|none] [--dead-letters N] [--scheduled N]
// Starts the local sandbox broker, prints its connection string, and runs until SIGINT/SIGTERM.
import { DEFAULT_SANDBOX_SUBSCRIPTIONS, RunningSandbox, SandboxOptions, startSandbox } from '../../sandbox';
import { SEED_DEAD_LETTER_REASON } from '../../sandbox/seed';
import { commandRunner } from '../args';
import { UsageError, UserError } from '../io';

/** Plenty to try replay and paging with, and a bound so that a slip of the keyboard (an extra 00) cannot fill the in-memory broker. */
const MAX_SEEDED = 1000;

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
    'dead-letters': { kind: 'value', valueName: 'N', description: `move the first N seeded messages of the first subscription to its dead-letter queue, to try replay (0-${MAX_SEEDED})` },
    scheduled: { kind: 'value', valueName: 'N', description: `schedule N seed events in the topic for an hour from now, to try peek --scheduled (0-${MAX_SEEDED})` },
  },
} as const;

/** A flag's value as a whole number from 0 to `max`; `what` names it in the error ("a port number"). */
function wholeNumberUpTo(flag: string, value: string, max: number, what: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value) || number > max) {
    throw new UsageError(`${flag} must be ${what} from 0 to ${max}, not "${value}".`);
  }
  return number;
}

const parsePort = (flag: string, value: string): number => wholeNumberUpTo(flag, value, 65535, 'a port number');
const seededCount = (flag: string, value: string): number => wholeNumberUpTo(flag, value, MAX_SEEDED, 'a whole number');

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

/** Says what the two flags made, from the sandbox's own counts: a subscription may hold fewer messages than were asked for. */
function seededLine(sandbox: RunningSandbox, deadLettersAsked: number, scheduled: number): string {
  const first = sandbox.subscriptions[0];
  const moved = sandbox.counts(first)?.deadLetter ?? 0;
  const allItHad = moved < deadLettersAsked ? `, all it had of the ${deadLettersAsked} asked for` : '';
  return (
    `Seeded to try replay and peek --scheduled: ${moved} dead letter${moved === 1 ? '' : 's'} in ${first} (reason ${SEED_DEAD_LETTER_REASON}${allItHad}), ` +
    `${scheduled} scheduled message${scheduled === 1 ? '' : 's'} in ${sandbox.topic} for an hour from now.`
  );
}

export const run = commandRunner(command, async (flags, io) => {
  const options: SandboxOptions = {
    amqpPort: flags['amqp-port'] === undefined ? undefined : parsePort('--amqp-port', flags['amqp-port']),
    adminPort: flags['admin-port'] === undefined ? undefined : parsePort('--admin-port', flags['admin-port']),
    subscriptions: flags.subscriptions === undefined ? undefined : subscriptionNames(flags.subscriptions),
    seed: flags.seed === undefined ? undefined : seedOf(flags.seed),
    deadLetters: flags['dead-letters'] === undefined ? undefined : seededCount('--dead-letters', flags['dead-letters']),
    scheduled: flags.scheduled === undefined ? undefined : seededCount('--scheduled', flags.scheduled),
  };
  if (options.seed === 'none' && (options.deadLetters ?? 0) > 0) {
    throw new UsageError('--dead-letters moves seeded messages, so it cannot go with --seed none.');
  }
  let sandbox;
  try {
    sandbox = await startSandbox(options);
  } catch (error) {
    const { code, port } = error as NodeJS.ErrnoException & { port?: number };
    throw new UserError(code === 'EADDRINUSE' ? `The sandbox could not start: port ${port ?? '?'} is already in use (choose another with --amqp-port or --admin-port).` : `The sandbox could not start: ${(error as Error).message}`);
  }
  // Listening before anything is printed: a script may stop the sandbox as soon as it reads these
  // lines, and a SIGTERM that came between the last line and the listener ended the process at once.
  const stopRequested = new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  io.out(sandbox.connectionString);
  io.out(`AMQP port: ${sandbox.amqpPort}`);
  io.out(`Management HTTP port: ${sandbox.adminPort} (named in the connection string as ManagementPort)`);
  io.out(`Topic ${sandbox.topic} with subscriptions: ${sandbox.subscriptions.join(', ')}`);
  if (options.deadLetters !== undefined || options.scheduled !== undefined) {
    io.out(seededLine(sandbox, options.deadLetters ?? 0, options.scheduled ?? 0));
  }
  io.out('Press Ctrl+C to stop.');
  await stopRequested;
  await sandbox.stop();
  io.out('Sandbox stopped.');
  return 0;
});
