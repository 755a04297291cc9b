// The explorer's commands: add (by connection string) and remove connections, start the local sandbox, refresh, retry,
// and peek a subscription (asking for a session id when it requires sessions), one of its
// dead-letter queues, or the topic's scheduled messages into the timeline.
import * as vscode from 'vscode';
import { registerCommand } from '../command';
import { DEFAULT_TOPIC } from '../core/servicebus/types';
import type { Log } from '../log';
import type { PeekSource, TimelineSource } from '../timeline/protocol';
import type { ConnectionClients } from './clients';
import type { ConnectionStore } from './connections';
import { ConnectionNode, DeadLetterNode, NoticeNode, ScheduledNode, SubscriptionNode } from './nodes';
import type { LocalSandbox } from './sandbox';
import type { ExplorerTreeProvider } from './treeProvider';
import { validateConnectionString } from './validation';

export const MAX_MESSAGES_SETTING = 'peek.maxMessages';
const DEFAULT_MAX_MESSAGES = 100;

export interface ExplorerCommandDeps {
  store: ConnectionStore;
  clients: ConnectionClients;
  sandbox: LocalSandbox;
  tree: ExplorerTreeProvider;
  openTimeline: (source: TimelineSource) => Promise<void>;
}

export function registerExplorerCommands(context: vscode.ExtensionContext, log: Log, deps: ExplorerCommandDeps): void {
  const { store, clients, sandbox, tree } = deps;

  registerCommand(context, log, 'ctEvents.addConnectionString', async () => {
    const connectionString = await vscode.window.showInputBox({
      title: 'Add Service Bus Connection String',
      prompt: "Kept in VS Code's secret storage on this machine, never in settings",
      placeHolder: 'Endpoint=sb://…;SharedAccessKeyName=…;SharedAccessKey=…',
      password: true,
      ignoreFocusOut: true,
      validateInput: validateConnectionString,
    });
    if (connectionString === undefined) {
      return;
    }
    const profile = await store.addConnectionString(connectionString);
    log.info(`added connection-string connection ${profile.id} (${profile.label})`);
  });

  registerCommand(context, log, 'ctEvents.startSandbox', async () => {
    if (sandbox.running) {
      void vscode.window.showInformationMessage('The local sandbox is already running.');
      return;
    }
    const connectionString = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Starting the local sandbox…' },
      () => sandbox.start(),
    );
    const profile = store.addSandbox('Local sandbox', connectionString);
    log.info(`sandbox connection ${profile.id} added`);
  });

  registerCommand(context, log, 'ctEvents.removeConnection', async (node: unknown) => {
    const connection = requireNode(node, ConnectionNode, 'Remove Connection');
    const answer = await vscode.window.showWarningMessage(
      `Remove the connection "${connection.profile.label}"?`,
      { modal: true, detail: connection.profile.kind === 'sandbox' ? 'This also stops the local sandbox.' : undefined },
      'Remove',
    );
    if (answer !== 'Remove') {
      return;
    }
    await clients.close(connection.profile.id);
    await store.remove(connection.profile.id);
    if (connection.profile.kind === 'sandbox') {
      await sandbox.stop();
    }
    log.info(`removed connection ${connection.profile.id}`);
  });

  registerCommand(context, log, 'ctEvents.refresh', () => tree.refresh());

  registerCommand(context, log, 'ctEvents.refreshConnection', async (node: unknown) => {
    const connection = requireNode(node, ConnectionNode, 'Refresh Connection');
    await clients.close(connection.profile.id);
    tree.refresh(connection);
  });

  registerCommand(context, log, 'ctEvents.retry', (node: unknown) => {
    const notice = requireNode(node, NoticeNode, 'Retry');
    tree.refresh(notice.parent);
  });

  registerCommand(context, log, 'ctEvents.peekMessages', async (node: unknown) => {
    const max = vscode.workspace.getConfiguration('ctEvents').get<number>(MAX_MESSAGES_SETTING, DEFAULT_MAX_MESSAGES);
    if (node instanceof ScheduledNode) {
      await deps.openTimeline({ kind: 'scheduled', connectionId: node.connectionId, topic: node.topicNode.topic, max });
      return;
    }
    const subscription = node instanceof DeadLetterNode ? node.subscription : requireNode(node, SubscriptionNode, 'Peek Messages');
    const source: PeekSource = {
      connectionId: subscription.connectionId,
      topic: DEFAULT_TOPIC,
      subscription: subscription.counts.name,
      deadLetter: node instanceof DeadLetterNode && node.queue === 'deadLetter',
      max,
    };
    if (node instanceof DeadLetterNode && node.queue === 'transferDeadLetter') {
      source.queue = 'transferDeadLetter';
    }
    // Dead-letter queues have no sessions; a session-enabled subscription's active queue is read one session at a time.
    if (!(node instanceof DeadLetterNode) && subscription.counts.requiresSession) {
      const sessionId = await askSessionId(subscription.counts.name);
      if (sessionId === undefined) {
        return;
      }
      source.sessionId = sessionId;
    }
    await deps.openTimeline(source);
  });
}

async function askSessionId(subscription: string): Promise<string | undefined> {
  return vscode.window.showInputBox({
    title: `Peek Messages: ${subscription} requires sessions`,
    prompt: 'Enter the session id to peek. Service Bus has no way to list the sessions of a subscription, so this view cannot offer them.',
    placeHolder: 'session id (the SessionId the sender set)',
    ignoreFocusOut: true,
    validateInput: (value) => (value.trim() === '' ? 'Enter a session id.' : undefined),
  });
}

function requireNode<T>(node: unknown, kind: abstract new (...args: never[]) => T, commandTitle: string): T {
  if (node instanceof kind) {
    return node;
  }
  throw new Error(`Run "${commandTitle}" from a node of the CT Events view.`);
}
