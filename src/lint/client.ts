// Starts the app-settings language server (dist/server.js, over IPC) for the settings files,
// and restarts it when the set of settings-file globs changes.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { Log } from '../log';
import { appServiceOs, settingsGlobs } from './settingsConfig';

/** The language client writes to an OutputChannel; this one forwards its lines to our one log. */
function outputToLog(log: Log): vscode.OutputChannel {
  return {
    name: 'CT Events',
    append: (value) => log.debug(value.trimEnd()),
    appendLine: (value) => log.debug(value),
    replace: () => undefined,
    clear: () => undefined,
    show: () => undefined,
    hide: () => undefined,
    dispose: () => undefined,
  };
}

function createClient(context: vscode.ExtensionContext, log: Log): LanguageClient {
  const module = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: settingsGlobs().map((pattern) => ({ scheme: 'file', pattern })),
    synchronize: { configurationSection: 'ctEvents' },
    initializationOptions: { os: appServiceOs() },
    diagnosticPullOptions: { onChange: true, onSave: true },
    outputChannel: outputToLog(log),
  };
  return new LanguageClient('ctEvents.settings', 'CT Events app-settings linter', serverOptions, clientOptions);
}

export function startLanguageClient(context: vscode.ExtensionContext, log: Log): void {
  let client = createClient(context, log);
  const start = (c: LanguageClient) => c.start().then(
    () => log.info('language server started'),
    (error: unknown) => log.error('language server failed to start', error),
  );
  void start(client);
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (!event.affectsConfiguration('ctEvents.settingsFiles')) {
        return;
      }
      log.info('settings-file globs changed; restarting the language server');
      const previous = client;
      client = createClient(context, log);
      void previous.stop().then(() => start(client), (error: unknown) => log.error('language server did not stop', error));
    }),
    { dispose: () => void client.stop() },
  );
}
