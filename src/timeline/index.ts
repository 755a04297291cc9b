// The timeline webview panels: opened by Peek Messages (one per source) or by "Open Events
// File…" (no connection needed), and restored after a reload by a WebviewPanelSerializer that
// reads the source saved in the webview's state again. Also serves raw message documents.
import * as vscode from 'vscode';
import { registerCommand } from '../command';
import type { Log } from '../log';
import { timelineWebviewOptions } from './html';
import { TimelinePanel } from './panel';
import { TIMELINE_VIEW_TYPE, type PeekSource, type TimelineSource, type TimelineState } from './protocol';
import { RAW_SCHEME, RawMessageDocuments } from './rawDocuments';
import { type TimelineDeps, isFileSource, sourceTitle } from './reader';

export const OPEN_EVENTS_FILE_COMMAND = 'ctEvents.openEventsFile';

export interface Timelines {
  /** Shows the source in a timeline, reusing (and re-reading) the panel already showing it. */
  open(source: TimelineSource): Promise<void>;
}

export type { TimelineDeps } from './reader';

export function registerTimelines(context: vscode.ExtensionContext, log: Log, deps: Omit<TimelineDeps, 'maskPersonalData'>): Timelines {
  const panels = new Map<string, TimelinePanel>();
  const extensionUri = context.extensionUri;
  const raw = new RawMessageDocuments();
  const fullDeps: TimelineDeps = {
    ...deps,
    maskPersonalData: () => vscode.workspace.getConfiguration('ctEvents').get<boolean>('maskPersonalData', true),
  };

  const track = (panel: TimelinePanel): void => {
    const key = sourceKey(panel.source);
    panels.set(key, panel);
    panel.onDidDispose(() => {
      if (panels.get(key) === panel) {
        panels.delete(key);
      }
    });
  };

  const open = async (source: TimelineSource): Promise<void> => {
    const existing = panels.get(sourceKey(source));
    if (existing) {
      existing.panel.reveal();
      await existing.reload();
      return;
    }
    const panel = vscode.window.createWebviewPanel(TIMELINE_VIEW_TYPE, sourceTitle(source, fullDeps), vscode.ViewColumn.Active, {
      ...timelineWebviewOptions(extensionUri),
      enableFindWidget: true,
    });
    // The webview asks for the messages with `ready`; the panel streams them in as they arrive.
    track(new TimelinePanel(panel, source, extensionUri, fullDeps, raw, log));
    log.info(`timeline opened (${isFileSource(source) ? 'events file' : 'peek'})`);
  };

  context.subscriptions.push(
    raw,
    vscode.workspace.registerTextDocumentContentProvider(RAW_SCHEME, raw),
    vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const source = restoredSource(state);
        if (!source) {
          log.warn('a timeline panel had no saved source and was closed');
          panel.dispose();
          return;
        }
        track(new TimelinePanel(panel, source, extensionUri, fullDeps, raw, log));
      },
    }),
    { dispose: () => [...panels.values()].forEach((p) => p.dispose()) },
  );

  registerCommand(context, log, OPEN_EVENTS_FILE_COMMAND, async () => {
    const picked = await vscode.window.showOpenDialog({
      title: 'Open Events File',
      openLabel: 'Open in Timeline',
      canSelectMany: false,
      filters: { 'CT events (JSON, NDJSON, CSV export)': ['json', 'ndjson', 'jsonl', 'csv'], 'All files': ['*'] },
    });
    if (picked?.[0]) {
      await open({ kind: 'file', uri: picked[0].toString() });
    }
  });

  return { open };
}

function sourceKey(source: TimelineSource): string {
  if (isFileSource(source)) {
    return JSON.stringify(['file', source.uri]);
  }
  if (source.kind === 'scheduled') {
    return JSON.stringify(['scheduled', source.connectionId, source.topic, source.fromSequence ?? '', source.max]);
  }
  return JSON.stringify([source.connectionId, source.topic, source.subscription, source.deadLetter, source.queue ?? '', source.sessionId ?? '', source.fromSequence ?? '', source.max]);
}

function restoredSource(state: unknown): TimelineSource | undefined {
  const source = (state as Partial<TimelineState> | undefined)?.source as Record<string, unknown> | undefined;
  if (typeof source !== 'object' || source === null) {
    return undefined;
  }
  if (source.kind === 'file') {
    return typeof source.uri === 'string' ? { kind: 'file', uri: source.uri } : undefined;
  }
  if (source.kind === 'scheduled') {
    const { connectionId, topic, max, fromSequence } = source;
    if (typeof connectionId !== 'string' || typeof topic !== 'string' || typeof max !== 'number' || (fromSequence !== undefined && typeof fromSequence !== 'string')) {
      return undefined;
    }
    return fromSequence === undefined ? { kind: 'scheduled', connectionId, topic, max } : { kind: 'scheduled', connectionId, topic, max, fromSequence };
  }
  if (
    typeof source.connectionId === 'string' && typeof source.topic === 'string' &&
    typeof source.subscription === 'string' && typeof source.deadLetter === 'boolean' &&
    typeof source.max === 'number' && (source.fromSequence === undefined || typeof source.fromSequence === 'string')
  ) {
    const { connectionId, topic, subscription, deadLetter, max, fromSequence } = source;
    const restored: PeekSource = fromSequence === undefined ? { connectionId, topic, subscription, deadLetter, max } : { connectionId, topic, subscription, deadLetter, max, fromSequence };
    if (source.queue === 'active' || source.queue === 'deadLetter' || source.queue === 'transferDeadLetter') {
      restored.queue = source.queue;
    }
    if (typeof source.sessionId === 'string') {
      restored.sessionId = source.sessionId;
    }
    return restored;
  }
  return undefined;
}
