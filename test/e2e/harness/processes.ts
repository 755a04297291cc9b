// Child processes of an end-to-end run. Each one leads its own process group so that stopping it
// also stops what it started (code-server forks an extension host and more); whatever is still
// running when the test process exits, for any reason, is killed with it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createServer } from 'node:net';

const running = new Set<ChildProcess>();

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

process.on('exit', () => {
  for (const child of running) {
    killGroup(child, 'SIGKILL');
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => process.exit(130));
}

export interface LoggedProcess {
  child: ChildProcess;
  /** Resolves with the first output line that matches, rejects if the process ends first or time runs out. */
  waitForLine(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  /** SIGTERM to the whole group, SIGKILL if it has not ended after graceMs. */
  stop(graceMs?: number): Promise<void>;
}

/** Starts a command with stdout and stderr appended to logPath. */
export function spawnLogged(command: string, args: string[], options: { logPath: string; cwd?: string; env?: NodeJS.ProcessEnv }): LoggedProcess {
  const log = createWriteStream(options.logPath, { flags: 'a' });
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  const exited = once(child, 'exit').then(() => {
    running.delete(child);
  });
  let output = '';
  const lines = new EventTarget();
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk: Buffer) => {
      log.write(chunk);
      output += chunk.toString('utf8');
      lines.dispatchEvent(new Event('data'));
    });
  }
  child.once('exit', () => log.end());

  return {
    child,
    waitForLine(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const match = output.match(pattern);
          if (match) {
            finish();
            resolve(match);
          }
        };
        const onExit = (): void => {
          finish();
          reject(new Error(`${command} ended (code ${child.exitCode}) before printing ${pattern}; see ${options.logPath}`));
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`${command} did not print ${pattern} within ${timeoutMs} ms; see ${options.logPath}`));
        }, timeoutMs);
        const finish = (): void => {
          clearTimeout(timer);
          lines.removeEventListener('data', check);
          child.off('exit', onExit);
        };
        lines.addEventListener('data', check);
        child.once('exit', onExit);
        check();
      });
    },
    async stop(graceMs = 5_000) {
      killGroup(child, 'SIGTERM');
      const timer = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** Runs a command to completion; rejects with its output when it fails or takes longer than timeoutMs. */
export async function runLogged(command: string, args: string[], options: { logPath: string; cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<void> {
  const started = spawnLogged(command, args, options);
  const timer = setTimeout(() => void started.stop(0), options.timeoutMs);
  const [code] = (await once(started.child, 'exit')) as [number | null];
  clearTimeout(timer);
  if (code !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${code}); see ${options.logPath}`);
  }
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  await once(server, 'close');
  if (address === null || typeof address === 'string') {
    throw new Error('Could not read the port of a loopback listener.');
  }
  return address.port;
}
