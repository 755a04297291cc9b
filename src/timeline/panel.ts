// One timeline panel: answers the webview's requests (ready, refresh) with the peeked timeline or
// an error reply. The last timeline stays in host memory so a panel that was hidden (and so torn
// down, as we do not retain hidden webviews) shows it again without a new peek.
import * as vscode from 'vscode';
import type { Log } from '../log';
import { timelineHtml, timelineWebviewOptions } from './html';
import { type TimelineDeps, loadTimeline, sourceTitle } from './loader';
import { type HostToWebview, type TimelineData, type TimelineSource, isWebviewToHost } from './protocol';

export class TimelinePanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private isDisposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly source: TimelineSource,
    extensionUri: vscode.Uri,
    private readonly deps: TimelineDeps,
    private readonly log: Log,
    private last?: TimelineData,
  ) {
    panel.webview.options = timelineWebviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'ct-events.svg');
    panel.title = sourceTitle(source, deps);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      panel.onDidDispose(() => this.dispose()),
    );
    // Listen before the page loads so its `ready` is never missed.
    panel.webview.html = timelineHtml(panel.webview, extensionUri);
  }

  /** Peeks again and shows the result (from the Peek Messages command on an open source). */
  async reload(requestId?: number): Promise<void> {
    await this.post({ type: 'loading', requestId, message: 'Peeking messages…' });
    try {
      this.last = await loadTimeline(this.source, this.deps);
      await this.post({ type: 'timeline', requestId, data: this.last });
    } catch (error) {
      const cancelled = error instanceof vscode.CancellationError;
      if (!cancelled) {
        this.log.error('peek for the timeline failed', error);
      }
      const message = cancelled ? 'The peek was cancelled. Select Refresh to try again.' : error instanceof Error ? error.message : String(error);
      await this.post({ type: 'error', requestId, message });
    }
  }

  private async receive(message: unknown): Promise<void> {
    if (!isWebviewToHost(message)) {
      this.log.warn('ignored a malformed message from the timeline webview');
      return;
    }
    if (message.type === 'ready' && this.last) {
      await this.post({ type: 'timeline', requestId: message.requestId, data: this.last });
      return;
    }
    await this.reload(message.requestId);
  }

  private async post(message: HostToWebview): Promise<void> {
    // A panel closed mid-peek has nobody to tell.
    if (!this.isDisposed) {
      await this.panel.webview.postMessage(message);
    }
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.isDisposed = true;
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
