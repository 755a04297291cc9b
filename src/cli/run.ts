// Dispatches `ct-events <command>` to its module. Exit codes: 0 done, 1 a failure the user
// can fix (one plain sentence, no stack trace), 2 bad usage.
import { CliIo, UsageError, UserError, processIo } from './io';

type Command = (args: string[], io: CliIo) => Promise<number>;

const commands: Record<string, { summary: string; load: () => Promise<Command> }> = {
  sandbox: { summary: 'start the local sandbox broker', load: async () => (await import('./commands/sandbox.js')).run },
  subscriptions: { summary: 'list CTEvents subscriptions with counts', load: async () => (await import('./commands/subscriptions.js')).run },
  peek: { summary: 'peek messages of a subscription', load: async () => (await import('./commands/peek.js')).run },
  replay: { summary: 'resubmit dead letters to the topic', load: async () => (await import('./commands/replay.js')).run },
  send: { summary: 'send CT events from a JSON/NDJSON file', load: async () => (await import('./commands/send.js')).run },
  timeline: { summary: 'print learner journeys (or --html FILE)', load: async () => (await import('./commands/timeline.js')).run },
  lint: { summary: 'lint app-settings files', load: async () => (await import('./commands/lint.js')).run },
  doctor: { summary: 'check a connection step by step', load: async () => (await import('./commands/doctor.js')).run },
};

export function usage(): string {
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(14)} ${c.summary}`);
  return ['Usage: ct-events <command> [options]', '', 'Commands:', ...lines, '', 'Run ct-events <command> --help for its options.'].join('\n');
}

export async function runCli(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.out(usage());
    return name === undefined ? 2 : 0;
  }
  const command = commands[name];
  if (!command) {
    io.err(`Unknown command "${name}".\n${usage()}`);
    return 2;
  }
  try {
    return await (await command.load())(rest, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`ct-events ${name}: ${error.message}`);
      return 2;
    }
    if (error instanceof UserError) {
      io.err(`ct-events ${name}: ${error.message}`);
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(`ct-events ${name}: ${message}`);
    return 1;
  }
}
