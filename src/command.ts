// The one error path for commands: every command runs inside this wrapper, which catches a
// failure, logs it with its causes and shows one actionable message with a "Show Log" button.
import * as vscode from 'vscode';
import { Log } from './log';

export const SHOW_LOG_COMMAND = 'ctEvents.showLog';

export function registerCommand(
  context: vscode.ExtensionContext,
  log: Log,
  id: string,
  handler: (...args: unknown[]) => unknown,
): void {
  context.subscriptions.push(
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await handler(...args);
      } catch (error) {
        if (error instanceof vscode.CancellationError) {
          log.info(`${id} cancelled`);
          return undefined;
        }
        log.error(`${id} failed`, error);
        void showErrorWithLog(error instanceof Error ? error.message : String(error));
        return undefined;
      }
    }),
  );
}

export async function showErrorWithLog(message: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, 'Show Log');
  if (choice === 'Show Log') {
    await vscode.commands.executeCommand(SHOW_LOG_COMMAND);
  }
}

export function registerShowLogCommand(context: vscode.ExtensionContext, log: Log, channel: vscode.LogOutputChannel): void {
  registerCommand(context, log, SHOW_LOG_COMMAND, () => channel.show(true));
}
