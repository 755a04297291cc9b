// Entry point: activate() wires the pieces together and does nothing else. Every registration
// goes into context.subscriptions; deactivate() stops the local sandbox and closes connections.
import * as vscode from 'vscode';
import { registerShowLogCommand } from './command';
import { ConnectionClients } from './explorer/clients';
import { ConnectionStore } from './explorer/connections';
import { registerExplorer } from './explorer';
import { registerLinting } from './lint';
import { componentLog, createLogChannel } from './log';
import { registerTimelines } from './timeline';

let shutdown: (() => Promise<void>) | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const channel = createLogChannel();
  context.subscriptions.push(channel);
  registerShowLogCommand(context, componentLog(channel, 'extension'), channel);

  registerLinting(context, componentLog(channel, 'lint'));

  const store = new ConnectionStore(context.globalState, context.secrets);
  const clients = new ConnectionClients(store, componentLog(channel, 'servicebus'));
  context.subscriptions.push(store, clients);

  const timelines = registerTimelines(context, componentLog(channel, 'timeline'), {
    peek: (connectionId, options) => clients.peek(connectionId, options),
    peekScheduled: (connectionId, options) => clients.peekScheduled(connectionId, options),
    connectionLabel: (connectionId) => store.get(connectionId)?.label,
  });
  const sandbox = registerExplorer(context, componentLog(channel, 'explorer'), {
    store,
    clients,
    openTimeline: (source) => timelines.open(source),
  });

  shutdown = async () => {
    await clients.closeAll();
    await sandbox.stop();
  };
}

export async function deactivate(): Promise<void> {
  await shutdown?.();
}
