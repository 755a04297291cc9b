// One timeline panel: streams its source into the webview page by page (with progress and a
// Cancel that stops the read), continues with "Load more", opens raw bodies and saves exports.
// The messages read stay in host memory while the panel lives, so a panel that was hidden (and
// so torn down, as we do not retain hidden webviews) shows them again without a new read.
import * as vscode from 'vscode';
import { nextSequenceNumber } from '../core/events/dataset';
import { type ExportFormat, exportCsv, exportNdjson } from '../core/events/export';
import type { PeekedMessage } from '../core/events/model';
import { toTimelineMessage } from '../core/events/records';
import { PageEncoder } from '../core/events/wire';
import type { Log } from '../log';
import { timelineHtml, timelineWebviewOptions } from './html';
import { type HostToWebview, type TimelineSource, type WebviewToHost, isWebviewToHost } from './protocol';
import type { RawMessageDocuments } from './rawDocuments';
import { PAGE_SIZE, type TimelineDeps, isFileSource, readSource, sourceTitle } from './reader';

export class TimelinePanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private isDisposed = false;
  private readonly messages = new Map<string, PeekedMessage>();
  private reading: AbortController | undefined;
  private more = false;
  private hasRead = false;
  /** Encodes the pages of what the webview shows since the last `reset` (a "Load more" continues it). */
  private encoder = new PageEncoder();

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly source: TimelineSource,
    extensionUri: vscode.Uri,
    private readonly deps: TimelineDeps,
    private readonly raw: RawMessageDocuments,
    private readonly log: Log,
  ) {
    panel.webview.options = timelineWebviewOptions(extensionUri);
    panel.iconPath = vscode.Uri.joinPath(extensionUri, 'media', 'ct-events.svg');
    panel.title = sourceTitle(source, deps);
    this.disposables.push(
      panel.webview.onDidReceiveMessage((message: unknown) => void this.receive(message)),
      panel.onDidDispose(() => this.dispose()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('ctEvents.maskPersonalData')) {
          void this.post({ type: 'settings', maskPersonalData: deps.maskPersonalData() });
        }
      }),
    );
    // Listen before the page loads so its `ready` is never missed.
    panel.webview.html = timelineHtml(panel.webview, extensionUri);
  }

  /** Reads the source again from its start (Peek Messages on a source already open). */
  async reload(requestId?: number): Promise<void> {
    await this.read(requestId);
  }

  private async receive(message: unknown): Promise<void> {
    if (!isWebviewToHost(message)) {
      this.log.warn('ignored a malformed message from the timeline webview');
      return;
    }
    try {
      await this.handle(message);
    } catch (error) {
      this.log.error(`timeline request ${message.type} failed`, error);
      await this.post({ type: 'error', requestId: message.requestId, message: error instanceof Error ? error.message : String(error) });
    }
  }

  private async handle(message: WebviewToHost): Promise<void> {
    switch (message.type) {
      case 'ready':
        return this.hasRead ? this.resend(message.requestId) : this.read(message.requestId);
      case 'refresh':
        return this.read(message.requestId);
      case 'loadMore':
        return this.read(message.requestId, nextSequenceNumber([...this.messages.values()]));
      case 'cancel':
        this.reading?.abort();
        return this.post({ type: 'ack', requestId: message.requestId });
      case 'openRaw': {
        const held = this.messages.get(message.sequenceNumber);
        if (!held) {
          throw new Error(`Message ${message.sequenceNumber} is no longer held by this timeline. Refresh to read it again.`);
        }
        await this.raw.open(held, message.mask);
        return this.post({ type: 'ack', requestId: message.requestId });
      }
      case 'export':
        return this.export(message.requestId, message.format, message.sequenceNumbers, message.mask);
    }
  }

  /** The webview was re-created (hidden and shown, or restored): send what is held. */
  private async resend(requestId: number): Promise<void> {
    await this.postReset(requestId);
    const all = [...this.messages.values()];
    for (let at = 0; at < all.length; at += PAGE_SIZE * 4) {
      await this.post({ type: 'page', requestId, page: this.encoder.encode(all.slice(at, at + PAGE_SIZE * 4).map(toTimelineMessage)), received: Math.min(at + PAGE_SIZE * 4, all.length), done: false, canLoadMore: false });
    }
    await this.post({ type: 'page', requestId, page: this.encoder.encode([]), received: all.length, done: true, canLoadMore: this.more });
  }

  /** Tells the webview to forget what it shows; the pages after it start a new stream. */
  private async postReset(requestId?: number): Promise<void> {
    this.encoder = new PageEncoder();
    await this.post({ type: 'reset', requestId, title: sourceTitle(this.source, this.deps), source: this.source, maskPersonalData: this.deps.maskPersonalData() });
  }

  /** Reads from the start (clearing what is shown), or from `from` when continuing. */
  private async read(requestId: number | undefined, from?: string): Promise<void> {
    this.reading?.abort();
    const abort = new AbortController();
    this.reading = abort;
    this.hasRead = true;
    const continuing = from !== undefined;
    if (!continuing) {
      this.messages.clear();
      await this.postReset(requestId);
    }
    const title = sourceTitle(this.source, this.deps);
    const max = isFileSource(this.source) ? undefined : this.source.max;
    const verb = isFileSource(this.source) ? 'Reading' : 'Peeking';
    await this.post({ type: 'loading', requestId, message: `${verb} ${title}…`, cancellable: true });
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `${verb} ${title}`, cancellable: true },
      async (progress, token) => {
        const cancellation = token.onCancellationRequested(() => abort.abort());
        const before = this.messages.size;
        try {
          const result = await readSource(this.source, this.deps, {
            from,
            signal: abort.signal,
            onPage: async (page, received) => {
              for (const message of page) {
                this.messages.set(message.sequenceNumber, message);
              }
              progress.report({ message: max ? `${received} of up to ${max} messages` : `${received} messages` });
              await this.post({ type: 'page', requestId, page: this.encoder.encode(page.map(toTimelineMessage)), received: before + received, max, done: false, canLoadMore: false });
            },
          });
          this.more = result.more && !abort.signal.aborted;
          const note = abort.signal.aborted ? `Cancelled after ${result.received} message${result.received === 1 ? '' : 's'}.` : undefined;
          await this.post({ type: 'page', requestId, page: this.encoder.encode([]), received: this.messages.size, max, done: true, canLoadMore: this.more || abort.signal.aborted, note });
          this.log.info(`timeline read ${result.received} messages${note ? ' (cancelled)' : ''}`);
        } catch (error) {
          if (abort.signal.aborted) {
            await this.post({ type: 'page', requestId, page: this.encoder.encode([]), received: this.messages.size, max, done: true, canLoadMore: true, note: 'Cancelled.' });
            return;
          }
          this.log.error('reading the timeline failed', error);
          const reason = error instanceof Error ? error.message : String(error);
          await this.post({ type: 'error', requestId, message: `Could not read ${title}: ${reason}` });
        } finally {
          cancellation.dispose();
          if (this.reading === abort) {
            this.reading = undefined;
          }
        }
      },
    );
  }

  private async export(requestId: number, format: ExportFormat, sequenceNumbers: string[], mask: boolean): Promise<void> {
    const chosen = sequenceNumbers.flatMap((s) => this.messages.get(s) ?? []);
    const target = await vscode.window.showSaveDialog({
      title: `Export ${chosen.length} message${chosen.length === 1 ? '' : 's'}${mask ? ' (personal data masked)' : ''}`,
      saveLabel: 'Export',
      filters: format === 'csv' ? { 'CSV files': ['csv'] } : { 'NDJSON files': ['ndjson', 'jsonl'] },
    });
    if (!target) {
      await this.post({ type: 'ack', requestId, message: 'Export cancelled.' });
      return;
    }
    const text = format === 'csv' ? exportCsv(chosen, mask) : exportNdjson(chosen, mask);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
    this.log.info(`timeline exported ${chosen.length} messages as ${format}${mask ? ', masked' : ''}`);
    await this.post({ type: 'ack', requestId, message: `Exported ${chosen.length} message${chosen.length === 1 ? '' : 's'}.` });
  }

  private async post(message: HostToWebview): Promise<void> {
    // A panel closed mid-read has nobody to tell.
    if (!this.isDisposed) {
      await this.panel.webview.postMessage(message);
    }
  }

  dispose(): void {
    if (this.isDisposed) {
      return;
    }
    this.isDisposed = true;
    this.reading?.abort();
    this.disposed.fire();
    this.disposed.dispose();
    this.panel.dispose();
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
