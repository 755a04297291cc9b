// Registers the CT Events tree view and its commands, and keeps the welcome view's context key
// (ctEvents.hasConnections) in step with the stored connections.
import * as vscode from 'vscode';
import type { Log } from '../log';
import type { TimelineSource } from '../timeline/protocol';
import type { ConnectionClients } from './clients';
import { registerExplorerCommands } from './commands';
import { registerConnectionCommands } from './connectionCommands';
import { CountsRefresher } from './countsRefresh';
import type { ConnectionStore } from './connections';
import { ExplorerRoot, type ExplorerNode } from './nodes';
import { registerReplayCommands } from './replayCommands';
import { LocalSandbox } from './sandbox';
import { ExplorerTreeProvider } from './treeProvider';

export const EXPLORER_VIEW_ID = 'ctEvents.explorer';
const HAS_CONNECTIONS_KEY = 'ctEvents.hasConnections';

export interface ExplorerDeps {
  store: ConnectionStore;
  clients: ConnectionClients;
  openTimeline: (source: TimelineSource) => Promise<void>;
}

/** Returns the sandbox so deactivate() can stop it. */
export function registerExplorer(context: vscode.ExtensionContext, log: Log, deps: ExplorerDeps): LocalSandbox {
  const { store, clients } = deps;
  const sandbox = new LocalSandbox(log);
  const root = new ExplorerRoot({ store, clients });
  const tree = new ExplorerTreeProvider(root);
  const view = vscode.window.createTreeView<ExplorerNode>(EXPLORER_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });

  const updateContext = (): void => {
    void vscode.commands.executeCommand('setContext', HAS_CONNECTIONS_KEY, store.list().length > 0);
  };
  updateContext();

  context.subscriptions.push(
    tree,
    view,
    store.onDidChange(() => {
      updateContext();
      tree.refresh();
    }),
    // A connection's state shows on its node; only transitions the node does not show yet
    // refresh it, so the reload this causes settles.
    clients.onDidChangeState((connectionId) => {
      const node = root.connectionNode(connectionId);
      if (node && !node.shows(clients.state(connectionId))) {
        tree.refresh(node);
      }
    }),
  );
  registerExplorerCommands(context, log, { store, clients, sandbox, tree, openTimeline: deps.openTimeline });
  registerConnectionCommands(context, log, { store, clients, tree, nodeOf: (id) => root.connectionNode(id) });
  registerReplayCommands(context, log, { store, clients, tree });
  context.subscriptions.push(new CountsRefresher(root, clients, tree, log));
  // A workspace can ask for the sandbox up front (the VS Code demo does), so the tree is
  // connected without a click; the connection string still never leaves this process.
  if (vscode.workspace.getConfiguration('ctEvents').get<boolean>('sandbox.startOnOpen') === true) {
    void vscode.commands.executeCommand('ctEvents.startSandbox');
  }
  return sandbox;
}
