// Runs a ct-events command in this process, as the integration tests do, and keeps what it wrote.
import type { CliIo } from '../../src/cli/io';
import { runCli } from '../../src/cli/run';

/** The exit code and the standard output and error of `ct-events ...argv`, each joined by lines. */
export async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (t) => out.push(t), err: (t) => err.push(t) };
  const code = await runCli(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
