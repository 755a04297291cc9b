// Re-reads subscription counts every ctEvents.refreshInterval seconds (0, the default, is off).
// Only the count descriptions are re-drawn: the nodes stay, nothing collapses, and a read runs in
// the background, so the tree never waits on it. A read still under way skips the next tick.
import * as vscode from 'vscode';
import type { Log } from '../log';
import type { ConnectionClients } from './clients';
import type { ExplorerRoot } from './nodes';
import type { ExplorerTreeProvider } from './treeProvider';

export const REFRESH_INTERVAL_SETTING = 'refreshInterval';

export class CountsRefresher implements vscode.Disposable {
  private timer: ReturnType<typeof setInterval> | undefined;
  private running = false;
  private readonly configListener: vscode.Disposable;

  constructor(
    private readonly root: ExplorerRoot,
    private readonly clients: ConnectionClients,
    private readonly tree: ExplorerTreeProvider,
    private readonly log: Log,
  ) {
    this.configListener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`ctEvents.${REFRESH_INTERVAL_SETTING}`)) {
        this.schedule();
      }
    });
    this.schedule();
  }

  private schedule(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    const seconds = vscode.workspace.getConfiguration('ctEvents').get<number>(REFRESH_INTERVAL_SETTING, 0);
    if (seconds > 0) {
      this.timer = setInterval(() => void this.tick(), seconds * 1000);
    }
  }

  private async tick(): Promise<void> {
    if (this.running) {
      return;
    }
    this.running = true;
    try {
      for (const topic of this.root.loadedTopics()) {
        // A connection that failed shows its error node until the user retries; the timer does not hammer it.
        if (this.clients.state(topic.connectionId).kind !== 'connected') {
          continue;
        }
        try {
          const fresh = await this.clients.listSubscriptions(topic.connectionId, topic.topic);
          const nodes = topic.updateCounts(fresh);
          if (nodes === undefined) {
            this.tree.refresh(topic);
          } else {
            nodes.forEach((node) => this.tree.refresh(node));
          }
        } catch (error) {
          this.log.warn(`interval refresh of counts failed: ${error instanceof Error ? error.message : String(error)}`);
        }
      }
    } finally {
      this.running = false;
    }
  }

  dispose(): void {
    clearInterval(this.timer);
    this.configListener.dispose();
  }
}
