// Terminal output and the two error kinds the CLI maps to exit codes.

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
};

/** Bad flags or arguments: exit code 2. */
export class UsageError extends Error {}

/** A failure the user can fix (wrong key, unknown subscription...): exit code 1, message only. */
export class UserError extends Error {}
