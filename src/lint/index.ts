// The linter's side of the extension: the language client and the workspace validation command.
import * as vscode from 'vscode';
import { SHOW_LOG_COMMAND, registerCommand } from '../command';
import { Log } from '../log';
import { startLanguageClient } from './client';
import { validateWorkspace } from './workspaceCheck';

export const VALIDATE_COMMAND = 'ctEvents.validateAppSettings';

export function registerLinting(context: vscode.ExtensionContext, log: Log): void {
  startLanguageClient(context, log);
  const collection = vscode.languages.createDiagnosticCollection('ct-events-workspace');
  context.subscriptions.push(
    collection,
    // Once a file is open, the language server's live diagnostics replace the workspace check's.
    vscode.workspace.onDidOpenTextDocument((document) => collection.delete(document.uri)),
  );
  registerCommand(context, log, VALIDATE_COMMAND, async () => {
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Validating app settings', cancellable: true },
      (_progress, token) => validateWorkspace(collection, log, token),
    );
    const files = `${result.files.length} settings file${result.files.length === 1 ? '' : 's'}`;
    log.info(`validated ${files}: ${result.errors} errors, ${result.warnings} warnings, ${result.infos} info`);
    const actions = ['Show Problems', ...(result.effective.length > 0 ? ['Show Effective Values'] : [])];
    void vscode.window
      .showInformationMessage(`CT Events: checked ${files}: ${result.errors} errors, ${result.warnings} warnings, ${result.infos} info.`, ...actions)
      .then((choice) => {
        if (choice === 'Show Problems') {
          void vscode.commands.executeCommand('workbench.actions.view.problems');
        } else if (choice === 'Show Effective Values') {
          void vscode.commands.executeCommand(SHOW_LOG_COMMAND);
        }
      });
    return result;
  });
}
