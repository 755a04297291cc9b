// The extension's one log: a single LogOutputChannel shared by every component. Each component
// writes through a `Log` that prefixes its lines with `[component]`, so one channel stays readable.
// Never pass message bodies, learner details, keys or connection strings to it.
import * as vscode from 'vscode';

export interface Log {
  trace(message: string): void;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
}

export function createLogChannel(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('CT Events', { log: true });
}

export function componentLog(channel: vscode.LogOutputChannel, component: string): Log {
  const prefix = `[${component}]`;
  return {
    trace: (message) => channel.trace(`${prefix} ${message}`),
    debug: (message) => channel.debug(`${prefix} ${message}`),
    info: (message) => channel.info(`${prefix} ${message}`),
    warn: (message) => channel.warn(`${prefix} ${message}`),
    error: (message, error) => channel.error(`${prefix} ${message}${error === undefined ? '' : `: ${describeError(error)}`}`),
  };
}

/** The message of an error and of each cause under it, one line; never a stack of message data. */
export function describeError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    parts.push(current instanceof Error ? current.message : String(current));
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join(' <- ');
}
