// The one flag parser every ct-events command uses. Flags are `--name value`, `--name=value`
// or, for switches, `--name` alone. Unknown, repeated or valueless flags and stray arguments
// are usage errors (exit code 2), so a typo never silently changes what a script does. A command
// that takes operands (lint's files) declares them; any other command refuses bare arguments.
import { type CliIo, UsageError } from './io';

export interface FlagSpec {
  /** A switch takes no value; a value flag takes exactly one. */
  kind: 'switch' | 'value';
  description: string;
  /** Shown in help, e.g. `--max N`. */
  valueName?: string;
  required?: boolean;
}

export type FlagSpecs = Record<string, FlagSpec>;

export type Flags<S extends FlagSpecs> = {
  [K in keyof S]?: S[K]['kind'] extends 'switch' ? boolean : string;
};

/** Bare arguments a command takes besides its flags (e.g. lint's files). */
export interface OperandSpec {
  /** Shown in help, e.g. `FILES or GLOBS...`. */
  valueName: string;
  description: string;
}

export interface CommandSpec<S extends FlagSpecs> {
  name: string;
  summary: string;
  flags: S;
  operands?: OperandSpec;
}

/** Parsed flags and operands, or `help` when the user asked for the command's help. */
export type ParsedCommandLine<S extends FlagSpecs> = { help: true } | { help: false; flags: Flags<S>; operands: string[] };

export function parseCommandLine<S extends FlagSpecs>(args: string[], command: CommandSpec<S>): ParsedCommandLine<S> {
  if (args.includes('--help') || args.includes('-h')) {
    return { help: true };
  }
  return { help: false, ...parseArguments(args, command.flags, command.operands !== undefined) };
}

/**
 * Builds a command's entry point: `--help` prints the command's help, anything else is parsed
 * by the command's flag specs and handed to `body`.
 */
export function commandRunner<S extends FlagSpecs>(
  command: CommandSpec<S>,
  body: (flags: Flags<S>, io: CliIo, operands: string[]) => Promise<number>,
): (args: string[], io: CliIo) => Promise<number> {
  return async (args, io) => {
    const parsed = parseCommandLine(args, command);
    if (parsed.help) {
      io.out(formatHelp(command));
      return 0;
    }
    return body(parsed.flags, io, parsed.operands);
  };
}

/** The flags of a command that takes no operands. */
export function parseFlags<S extends FlagSpecs>(args: string[], specs: S): Flags<S> {
  return parseArguments(args, specs, false).flags;
}

function parseArguments<S extends FlagSpecs>(args: string[], specs: S, takesOperands: boolean): { flags: Flags<S>; operands: string[] } {
  const flags: Record<string, string | boolean> = {};
  const operands: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const bare = !arg.startsWith('-') || arg === '-';
    if (takesOperands && bare) {
      operands.push(arg);
      continue;
    }
    if (!arg.startsWith('--') || arg === '--') {
      throw new UsageError(takesOperands ? `unknown option ${quote(arg)}.` : `unexpected argument ${quote(arg)}; every option is a --flag.`);
    }
    const equals = arg.indexOf('=');
    const name = arg.slice(2, equals >= 0 ? equals : undefined);
    const spec = Object.prototype.hasOwnProperty.call(specs, name) ? specs[name] : undefined;
    if (!spec) {
      throw new UsageError(`unknown flag ${quote(`--${name}`)}.`);
    }
    if (name in flags) {
      throw new UsageError(`--${name} is given more than once.`);
    }
    if (spec.kind === 'switch') {
      if (equals >= 0) {
        throw new UsageError(`--${name} takes no value.`);
      }
      flags[name] = true;
      continue;
    }
    let value: string | undefined;
    if (equals >= 0) {
      value = arg.slice(equals + 1);
    } else if (i + 1 < args.length && !args[i + 1].startsWith('--')) {
      value = args[++i];
    }
    if (value === undefined || value === '') {
      throw new UsageError(`--${name} needs a value${spec.valueName ? ` (${spec.valueName})` : ''}.`);
    }
    flags[name] = value;
  }
  for (const [name, spec] of Object.entries(specs)) {
    if (spec.required && !(name in flags)) {
      throw new UsageError(`--${name} is required.`);
    }
  }
  return { flags: flags as Flags<S>, operands };
}

/** A flag's value as a positive integer (e.g. --max), or the default when the flag is absent; at most `max`. */
export function positiveInteger(value: string | undefined, flag: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (value === undefined) {
    return fallback;
  }
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) < 1) {
    throw new UsageError(`--${flag} must be a positive whole number, not ${quote(value)}.`);
  }
  if (Number(value) > max) {
    throw new UsageError(`--${flag} must be at most ${max}, not ${quote(value)}.`);
  }
  return Number(value);
}

/** A Service Bus sequence number (a 64-bit long) kept as a decimal string. */
export function sequenceNumberFlag(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) {
    return undefined;
  }
  if (!/^\d+$/.test(value) || BigInt(value) > 9223372036854775807n) {
    throw new UsageError(`--${flag} must be a sequence number (a whole number from 0), not ${quote(value)}.`);
  }
  return BigInt(value).toString();
}

export function formatHelp(command: CommandSpec<FlagSpecs>): string {
  const rows = Object.entries(command.flags).map(([name, spec]) => {
    const left = `--${name}${spec.kind === 'value' ? ` ${spec.valueName ?? 'VALUE'}` : ''}`;
    return `  ${left.padEnd(28)} ${spec.description}${spec.required ? ' (required)' : ''}`;
  });
  const operands = command.operands ? ['', 'Arguments:', `  ${command.operands.valueName.padEnd(28)} ${command.operands.description}`] : [];
  const usage = `Usage: ct-events ${command.name} [options]${command.operands ? ` [${command.operands.valueName}]` : ''}`;
  return [usage, '', command.summary, '', 'Options:', ...rows, ...operands].join('\n');
}

/**
 * Echoes user input in messages only when it is short and plain: a misplaced connection string
 * (with `=` and `;`) must never be printed, since it may carry a key.
 */
function quote(text: string): string {
  return /^[\w.:/+-]{1,40}$/.test(text) ? `"${text}"` : 'the value given';
}
