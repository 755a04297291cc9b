// The timeline webview panels: opened by Peek Messages, one per source, and restored after a
// reload by a WebviewPanelSerializer that re-peeks from the source saved in the webview's state.
import * as vscode from 'vscode';
import type { Log } from '../log';
import { timelineWebviewOptions } from './html';
import { type TimelineDeps, loadTimeline } from './loader';
import { TimelinePanel } from './panel';
import { TIMELINE_VIEW_TYPE, type TimelineSource, type TimelineState } from './protocol';

export interface Timelines {
  /** Peeks the source (cancellable) and shows it; reuses the panel already showing that source. */
  open(source: TimelineSource): Promise<void>;
}

export function registerTimelines(context: vscode.ExtensionContext, log: Log, deps: TimelineDeps): Timelines {
  const panels = new Map<string, TimelinePanel>();
  const extensionUri = context.extensionUri;

  const track = (panel: TimelinePanel): void => {
    const key = sourceKey(panel.source);
    panels.set(key, panel);
    panel.onDidDispose(() => {
      if (panels.get(key) === panel) {
        panels.delete(key);
      }
    });
  };

  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(TIMELINE_VIEW_TYPE, {
      async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
        const source = restoredSource(state);
        if (!source) {
          log.warn('a timeline panel had no saved source and was closed');
          panel.dispose();
          return;
        }
        track(new TimelinePanel(panel, source, extensionUri, deps, log));
      },
    }),
    { dispose: () => [...panels.values()].forEach((p) => p.dispose()) },
  );

  return {
    async open(source) {
      const existing = panels.get(sourceKey(source));
      if (existing) {
        existing.panel.reveal();
        await existing.reload();
        return;
      }
      // Peek first: a failed or cancelled peek leaves no empty panel behind.
      const data = await loadTimeline(source, deps);
      const panel = vscode.window.createWebviewPanel(TIMELINE_VIEW_TYPE, data.title, vscode.ViewColumn.Active, {
        ...timelineWebviewOptions(extensionUri),
        enableFindWidget: true,
      });
      track(new TimelinePanel(panel, source, extensionUri, deps, log, data));
      log.info(`timeline opened: ${data.messageCount} messages`);
    },
  };
}

function sourceKey(source: TimelineSource): string {
  return JSON.stringify([source.connectionId, source.topic, source.subscription, source.deadLetter, source.fromSequence ?? '', source.max]);
}

function restoredSource(state: unknown): TimelineSource | undefined {
  const source = (state as Partial<TimelineState> | undefined)?.source;
  if (
    typeof source === 'object' && source !== null &&
    typeof source.connectionId === 'string' && typeof source.topic === 'string' &&
    typeof source.subscription === 'string' && typeof source.deadLetter === 'boolean' &&
    typeof source.max === 'number' && (source.fromSequence === undefined || typeof source.fromSequence === 'string')
  ) {
    return source;
  }
  return undefined;
}
