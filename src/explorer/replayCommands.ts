// The replay commands of the tree: resubmit dead letters (all or picked ones, after saying which
// subscriptions get the copies), purge a dead-letter queue (behind typing its name), compose and
// send a test event from an editor draft, and send the events of a saved file at a rate. Each long
// run shows progress with a Cancel that stops between messages, then one report with "Show Log";
// the log holds sequence numbers, message ids and reasons, never a message body.
import * as vscode from 'vscode';
import { SHOW_LOG_COMMAND, registerCommand } from '../command';
import { replaySucceeded, type DeadLetterSelection, type ReplayReport } from '../core/servicebus';
import { DEFAULT_TOPIC } from '../core/servicebus/types';
import { eventBodiesOfFile } from '../core/events/export';
import { fileText } from '../core/text-file';
import type { EventType } from '../core/events/model';
import type { Log } from '../log';
import type { ConnectionClients } from './clients';
import { MAX_MESSAGES_SETTING } from './commands';
import type { ConnectionStore } from './connections';
import { DeadLetterNode, TopicNode, type ExplorerNode } from './nodes';
import {
  TEST_EVENT_TYPES, audienceDetail, checkDraft, deadLetterChoice, reportLogLines, reportSummary, testEventTemplate,
} from './replayPresentation';
import type { ExplorerTreeProvider } from './treeProvider';

export const SEND_EDITOR_EVENT_COMMAND = 'ctEvents.sendEditorEvent';
/** True while the active editor is a test-event draft made by Send Test Event (shows Send in its title bar). */
const DRAFT_CONTEXT_KEY = 'ctEvents.editorIsEventDraft';

export interface ReplayCommandDeps {
  store: ConnectionStore;
  clients: ConnectionClients;
  tree: ExplorerTreeProvider;
}

/** Where a draft goes: the topic it was composed for. */
interface DraftTarget {
  connectionId: string;
  topic: string;
}

export function registerReplayCommands(context: vscode.ExtensionContext, log: Log, deps: ReplayCommandDeps): void {
  const { store, clients, tree } = deps;
  const drafts = new Map<string, DraftTarget>();
  const isDraft = (editor: vscode.TextEditor | undefined): boolean => editor !== undefined && drafts.has(editor.document.uri.toString());
  const updateDraftContext = (editor: vscode.TextEditor | undefined): void => {
    void vscode.commands.executeCommand('setContext', DRAFT_CONTEXT_KEY, isDraft(editor));
  };
  const lensChanged = new vscode.EventEmitter<void>();
  context.subscriptions.push(
    lensChanged,
    vscode.window.onDidChangeActiveTextEditor(updateDraftContext),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      drafts.delete(doc.uri.toString());
    }),
    vscode.languages.registerCodeLensProvider({ language: 'json', scheme: 'untitled' }, {
      onDidChangeCodeLenses: lensChanged.event,
      provideCodeLenses: (doc) => {
        const target = drafts.get(doc.uri.toString());
        if (!target) {
          return [];
        }
        const label = store.get(target.connectionId)?.label ?? 'the connection';
        return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), {
          title: `$(send) Send to ${target.topic} on ${label}`,
          command: SEND_EDITOR_EVENT_COMMAND,
          arguments: [doc.uri],
        })];
      },
    }),
  );

  /** Shows the report, logs its details, and re-reads the counts the run changed. */
  const finish = async (report: ReplayReport, resubmit: boolean, what: string, refresh: ExplorerNode | undefined): Promise<void> => {
    for (const line of reportLogLines(report, resubmit)) {
      log.info(`${what}: ${line}`);
    }
    if (refresh) {
      tree.refresh(refresh);
    }
    const summary = `${what}: ${reportSummary(report, resubmit)}`;
    const show = replaySucceeded(report) ? vscode.window.showInformationMessage : vscode.window.showWarningMessage;
    if ((await show(summary, 'Show Log')) === 'Show Log') {
      await vscode.commands.executeCommand(SHOW_LOG_COMMAND);
    }
  };

  registerCommand(context, log, 'ctEvents.resubmitDeadLetters', async (node: unknown) => {
    const queue = requireDeadLetterNode(node, 'Resubmit Dead Letters');
    const subscription = queue.subscription.counts.name;
    const connectionId = queue.subscription.connectionId;
    const topic = queue.subscription.topicNode.topic;
    const selection = await pickDeadLetters(clients, queue);
    if (!selection) {
      return;
    }
    const idChoice = await vscode.window.showQuickPick(
      [
        { label: 'Keep each message id', detail: 'Duplicate detection on the topic sees a copy as its original.', newMessageId: false },
        { label: 'Give each copy a new message id', detail: 'Use when the topic\'s duplicate detection would drop the copies.', newMessageId: true },
      ],
      { title: 'Resubmit Dead Letters: message ids', ignoreFocusOut: true },
    );
    if (!idChoice) {
      return;
    }
    const preview = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Reading the subscriptions\' rules…', cancellable: true },
      (_progress, token) => untilCancelled(token, (signal) => clients.replayPreview(connectionId, { topic, subscription, selection, signal })),
    );
    if ('all' in selection && preview.messagesJudged === 0) {
      void vscode.window.showInformationMessage(`The dead-letter queue of ${subscription} is empty.`);
      return;
    }
    const count = 'sequenceNumbers' in selection ? selection.sequenceNumbers.length : preview.estimated ? Math.max(queue.count, preview.messagesJudged) : preview.messagesJudged;
    const answer = await vscode.window.showWarningMessage(
      `Resubmit ${count} dead letter${count === 1 ? '' : 's'} of ${subscription} to ${topic}?`,
      { modal: true, detail: `${audienceDetail(preview.audience, preview.messagesJudged, preview.estimated)}\n\nEach copy is sent first, then its original is removed from the dead-letter queue.` },
      'Resubmit',
    );
    if (answer !== 'Resubmit') {
      return;
    }
    log.info(`resubmitting ${'all' in selection ? 'all' : selection.sequenceNumbers.length} dead letters of ${subscription} (new message ids: ${idChoice.newMessageId})`);
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Resubmitting dead letters of ${subscription}`, cancellable: true },
      (progress, token) => clients.resubmitDeadLetters(connectionId, {
        topic,
        subscription,
        selection,
        newMessageId: idChoice.newMessageId,
        signal: abortOn(token),
        onProgress: (handled) => progress.report({ message: `${handled} of ${count} handled` }),
      }),
    );
    await finish(report, true, `Resubmit from ${subscription}`, queue.subscription.topicNode);
  });

  registerCommand(context, log, 'ctEvents.purgeDeadLetters', async (node: unknown) => {
    const queue = requireDeadLetterNode(node, 'Purge Dead-Letter Queue');
    const subscription = queue.subscription.counts.name;
    const typed = await vscode.window.showInputBox({
      title: `Purge the dead-letter queue of ${subscription}`,
      prompt: `Every message in it is deleted for good. Type the subscription's name, ${subscription}, to confirm.`,
      placeHolder: subscription,
      ignoreFocusOut: true,
      validateInput: (value) => (value === subscription ? undefined : `Type ${subscription} exactly to confirm.`),
    });
    if (typed !== subscription) {
      return;
    }
    // Counted as batches are removed, so a Cancel (which ends the receive with an error) still reports them.
    let removed = 0;
    let cancelled = false;
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Purging the dead-letter queue of ${subscription}`, cancellable: true },
        async (progress, token) => {
          try {
            removed = await clients.purgeDeadLetters(queue.subscription.connectionId, {
              topic: queue.subscription.topicNode.topic,
              subscription,
              signal: abortOn(token),
              onProgress: (n) => {
                removed = n;
                progress.report({ message: `${n} removed` });
              },
            });
          } catch (error) {
            if (!token.isCancellationRequested) {
              throw error;
            }
          }
          cancelled = token.isCancellationRequested;
        },
      );
    } finally {
      tree.refresh(queue.subscription.topicNode);
    }
    log.info(`purged ${removed} messages from the dead-letter queue of ${subscription}${cancelled ? ' (cancelled)' : ''}`);
    const sentence = `Removed ${removed} message${removed === 1 ? '' : 's'} from the dead-letter queue of ${subscription}.`;
    void vscode.window.showInformationMessage(cancelled ? `Cancelled. ${sentence}` : sentence);
  });

  registerCommand(context, log, 'ctEvents.sendTestEvent', async (node: unknown) => {
    if (!(node instanceof TopicNode)) {
      throw new Error('Run "Send Test Event…" from a topic of the CT Events view.');
    }
    const type = await vscode.window.showQuickPick(
      TEST_EVENT_TYPES.map((t) => ({ label: t, type: t as EventType })),
      { title: 'Send Test Event: event type', placeHolder: 'A template valid as it stands opens in an editor; edit it, then Send.' },
    );
    if (!type) {
      return;
    }
    const doc = await vscode.workspace.openTextDocument({ language: 'json', content: `${JSON.stringify(testEventTemplate(type.type), null, 2)}\n` });
    drafts.set(doc.uri.toString(), { connectionId: node.connectionId, topic: node.topic });
    lensChanged.fire();
    const editor = await vscode.window.showTextDocument(doc);
    updateDraftContext(editor);
  });

  registerCommand(context, log, SEND_EDITOR_EVENT_COMMAND, async (uri: unknown) => {
    const doc = uri instanceof vscode.Uri
      ? vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())
      : vscode.window.activeTextEditor?.document;
    const target = doc && drafts.get(doc.uri.toString());
    if (!doc || !target) {
      throw new Error('Open a draft with "Send Test Event…" on the CTEvents topic first.');
    }
    const checked = checkDraft(doc.getText());
    if (!checked.ok) {
      log.warn(`test event not sent: ${checked.problems.length} problem(s): ${checked.problems.join(' ')}`);
      void vscode.window.showErrorMessage(`Not sent: the event is not valid. ${checked.problems.join(' ')}`, { modal: true });
      return;
    }
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Sending the test event to ${target.topic}…`, cancellable: true },
      (_progress, token) => clients.sendEvents(target.connectionId, [checked.event], { topic: target.topic, signal: abortOn(token) }),
    );
    await finish(report, false, 'Test event', undefined);
  });

  registerCommand(context, log, 'ctEvents.replayEventsFile', async (node: unknown) => {
    const target = node instanceof TopicNode ? { connectionId: node.connectionId, topic: node.topic } : await pickConnection(store);
    if (!target) {
      return;
    }
    const picked = await vscode.window.showOpenDialog({
      title: 'Replay Events File',
      openLabel: 'Replay',
      canSelectMany: false,
      filters: { 'CT events (JSON, NDJSON, timeline export)': ['json', 'ndjson', 'jsonl', 'csv'], 'All files': ['*'] },
    });
    const file = picked?.[0];
    if (!file) {
      return;
    }
    const { events, notJson, invalid } = eventBodiesOfFile(fileText(await vscode.workspace.fs.readFile(file)));
    if (events.length === 0) {
      throw new Error('The file holds no events with a JSON body to send.');
    }
    const rate = await pickRate();
    if (rate === null) {
      return;
    }
    const name = file.path.slice(file.path.lastIndexOf('/') + 1);
    const connectionLabel = store.get(target.connectionId)?.label ?? 'the connection';
    const answer = await vscode.window.showWarningMessage(
      `Send ${events.length} event${events.length === 1 ? '' : 's'} from ${name} to ${target.topic} on ${connectionLabel}?`,
      {
        modal: true,
        detail: [
          'Every subscription whose rules match receives them.',
          ...(notJson.length > 0 ? [`${notJson.length} message(s) of the file are not JSON and are left out.`] : []),
          ...(invalid.length > 0 ? [`${invalid.length} of the events are not valid CT events and are sent as they are (first: #${invalid[0].sequenceNumber}, ${invalid[0].problem})`] : []),
        ].join('\n'),
      },
      'Send',
    );
    if (answer !== 'Send') {
      return;
    }
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Sending ${name}`, cancellable: true },
      (progress, token) => clients.sendEvents(target.connectionId, events, {
        topic: target.topic,
        rate,
        signal: abortOn(token),
        onProgress: (sent) => progress.report({ message: `${sent} of ${events.length} sent` }),
      }),
    );
    await finish(report, false, `Replay of ${name}`, undefined);
  });
}

function requireDeadLetterNode(node: unknown, title: string): DeadLetterNode {
  if (node instanceof DeadLetterNode && node.queue === 'deadLetter') {
    return node;
  }
  throw new Error(`Run "${title}" from a dead-letter queue in the CT Events view.`);
}

/** An AbortSignal that fires when the user presses Cancel. */
function abortOn(token: vscode.CancellationToken): AbortSignal {
  const controller = new AbortController();
  token.onCancellationRequested(() => controller.abort());
  return controller.signal;
}

/** Runs work that stops on Cancel; a read stopped that way ends the command quietly, not with an error. */
async function untilCancelled<T>(token: vscode.CancellationToken, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  try {
    return await work(abortOn(token));
  } catch (error) {
    if (token.isCancellationRequested) {
      throw new vscode.CancellationError();
    }
    throw error;
  }
}

/** All dead letters, or the ones picked from a peek of the queue; undefined when the user stops. */
async function pickDeadLetters(clients: ConnectionClients, queue: DeadLetterNode): Promise<DeadLetterSelection | undefined> {
  const count = queue.count;
  const how = await vscode.window.showQuickPick(
    [
      { label: `All dead letters (${count} when last counted)`, all: true },
      { label: 'Choose messages…', detail: 'Pick by sequence number from a peek of the dead-letter queue.', all: false },
    ],
    { title: `Resubmit Dead Letters of ${queue.subscription.counts.name}`, ignoreFocusOut: true },
  );
  if (!how) {
    return undefined;
  }
  if (how.all) {
    return { all: true };
  }
  const max = vscode.workspace.getConfiguration('ctEvents').get<number>(MAX_MESSAGES_SETTING, 100);
  const messages = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Peeking the dead-letter queue…', cancellable: true },
    (_progress, token) => untilCancelled(token, (signal) => clients.peek(queue.subscription.connectionId, {
      topic: queue.subscription.topicNode.topic,
      subscription: queue.subscription.counts.name,
      queue: 'deadLetter',
      maxMessages: max,
      signal,
    })),
  );
  if (messages.length === 0) {
    void vscode.window.showInformationMessage(`The dead-letter queue of ${queue.subscription.counts.name} is empty.`);
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(messages.map(deadLetterChoice), {
    title: `Choose dead letters to resubmit (${messages.length} peeked)`,
    canPickMany: true,
    matchOnDescription: true,
    matchOnDetail: true,
    ignoreFocusOut: true,
  });
  if (!picked || picked.length === 0) {
    return undefined;
  }
  return { sequenceNumbers: picked.map((p) => p.sequenceNumber) };
}

/** Messages per second, or undefined for as fast as the topic accepts; null when the user stops. */
async function pickRate(): Promise<number | undefined | null> {
  const rates: { label: string; rate: number | undefined }[] = [
    { label: 'As fast as the topic accepts', rate: undefined },
    ...[1, 10, 50, 100].map((rate) => ({ label: `${rate} per second`, rate })),
  ];
  const picked = await vscode.window.showQuickPick(rates, { title: 'Replay Events File: rate', ignoreFocusOut: true });
  return picked ? picked.rate : null;
}

/** The connection to send to, when the command was not run from a topic. */
async function pickConnection(store: ConnectionStore): Promise<{ connectionId: string; topic: string } | undefined> {
  const profiles = store.list();
  if (profiles.length === 0) {
    throw new Error('Add a connection in the CT Events view first.');
  }
  const picked = profiles.length === 1
    ? profiles[0]
    : (await vscode.window.showQuickPick(profiles.map((p) => ({ label: p.label, profile: p })), { title: 'Replay Events File: connection' }))?.profile;
  return picked && { connectionId: picked.id, topic: DEFAULT_TOPIC };
}
